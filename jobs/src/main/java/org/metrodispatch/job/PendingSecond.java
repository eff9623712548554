package org.metrodispatch.job;

import java.util.Arrays;

/**
 * The events of one station in one second of event time, held until the watermark passes that
 * second. A resend carries the same event id and event time, so it lands in the same second and is
 * recognised here. A Flink POJO.
 */
public class PendingSecond {

    public int entries;

    public int exits;

    public int heartbeats;

    public StationEvent[] trainEvents = new StationEvent[0];

    /** Hashes of the event ids seen in this second (see {@link StationEvent#eventKey}). */
    public long[] eventKeys = new long[8];

    public int eventCount;

    /** Latest wall-clock ingestion among the events, for latency measurements. */
    public long maxIngestMillis;

    public PendingSecond() {}

    /** Records an event; false when this second already had it (a resend). */
    public boolean firstSighting(long eventKey) {
        for (int i = 0; i < eventCount; i++) {
            if (eventKeys[i] == eventKey) {
                return false;
            }
        }
        if (eventCount == eventKeys.length) {
            eventKeys = Arrays.copyOf(eventKeys, eventCount * 2);
        }
        eventKeys[eventCount++] = eventKey;
        return true;
    }

    /** Keeps a train event until its second is processed. */
    public void addTrainEvent(StationEvent event) {
        trainEvents = Arrays.copyOf(trainEvents, trainEvents.length + 1);
        trainEvents[trainEvents.length - 1] = event;
    }

    /** A copy of an event, for keeping it beyond the call that received it. */
    static StationEvent copy(StationEvent event) {
        StationEvent copy = new StationEvent();
        copy.type = event.type;
        copy.eventKey = event.eventKey;
        copy.station = event.station;
        copy.eventTime = event.eventTime;
        copy.trainId = event.trainId;
        copy.direction = event.direction;
        copy.load = event.load;
        copy.capacity = event.capacity;
        copy.ingestMillis = event.ingestMillis;
        return copy;
    }
}
