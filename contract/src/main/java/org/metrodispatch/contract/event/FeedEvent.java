package org.metrodispatch.contract.event;

/** What every record of the gate and train feeds has: an id, a station and an event time. */
public interface FeedEvent {

    /** Unique per event; a resent record repeats it. */
    String eventId();

    /** The station the event happened at. */
    String stationId();

    /** When it happened, epoch milliseconds. */
    long eventTime();
}
