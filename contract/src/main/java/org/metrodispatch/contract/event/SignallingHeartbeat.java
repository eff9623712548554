package org.metrodispatch.contract.event;

import java.util.Arrays;

/**
 * A station's train-control (signalling) system reporting in on the train feed. Trains report only
 * when they arrive and leave; between trains, at night or on a quiet branch, these keep the train
 * feed's event time moving, so a reader can tell a quiet line from a dead feed.
 */
public class SignallingHeartbeat implements FeedEvent {

    public String eventId;

    public String stationId;

    public long eventTime;

    public SignallingHeartbeat() {}

    public SignallingHeartbeat(String eventId, String stationId, long eventTime) {
        this.eventId = eventId;
        this.stationId = stationId;
        this.eventTime = eventTime;
    }

    @Override
    public String eventId() {
        return eventId;
    }

    @Override
    public String stationId() {
        return stationId;
    }

    @Override
    public long eventTime() {
        return eventTime;
    }

    /** The values that make two events equal, in the order of the hash code. */
    private Object[] values() {
        return new Object[] {eventId, stationId, eventTime};
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || o instanceof SignallingHeartbeat
                        && Arrays.equals(values(), ((SignallingHeartbeat) o).values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return "SignallingHeartbeat{" + stationId + ", t=" + eventTime + '}';
    }
}
