package org.metrodispatch.contract.event;

import java.util.Arrays;

/**
 * A fare gate's periodic sign of life. A quiet station keeps sending heartbeats, so the job can
 * tell a station with no passengers from a dead feed, and event time keeps moving at night. The
 * cumulative counters (since the gate's start of day) let a reader notice lost taps.
 */
public class GateHeartbeat implements FeedEvent {

    public String eventId;

    public String stationId;

    public String gateId;

    public long eventTime;

    public long entriesTotal;

    public long exitsTotal;

    public GateHeartbeat() {}

    public GateHeartbeat(
            String eventId,
            String stationId,
            String gateId,
            long eventTime,
            long entriesTotal,
            long exitsTotal) {
        this.eventId = eventId;
        this.stationId = stationId;
        this.gateId = gateId;
        this.eventTime = eventTime;
        this.entriesTotal = entriesTotal;
        this.exitsTotal = exitsTotal;
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
        return new Object[] {eventId, stationId, gateId, eventTime, entriesTotal, exitsTotal};
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || o instanceof GateHeartbeat
                        && Arrays.equals(values(), ((GateHeartbeat) o).values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return "GateHeartbeat{" + eventId + ", gate=" + gateId + ", t=" + eventTime + '}';
    }
}
