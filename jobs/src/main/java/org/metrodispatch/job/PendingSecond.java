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

    public String[] eventIds = new String[4];

    public int eventIdCount;

    /** Latest wall-clock ingestion among the events, for latency measurements. */
    public long maxIngestMillis;

    public PendingSecond() {}

    /** Records an event id; false when this second already had it (a resend). */
    public boolean firstSighting(String eventId) {
        for (int i = 0; i < eventIdCount; i++) {
            if (eventIds[i].equals(eventId)) {
                return false;
            }
        }
        if (eventIdCount == eventIds.length) {
            eventIds = Arrays.copyOf(eventIds, eventIdCount * 2);
        }
        eventIds[eventIdCount++] = eventId;
        return true;
    }

    public void addTrainEvent(StationEvent event) {
        trainEvents = Arrays.copyOf(trainEvents, trainEvents.length + 1);
        trainEvents[trainEvents.length - 1] = event;
    }
}
