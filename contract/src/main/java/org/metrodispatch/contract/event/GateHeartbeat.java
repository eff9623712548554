package org.metrodispatch.contract.event;

import java.util.Objects;

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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GateHeartbeat)) {
            return false;
        }
        GateHeartbeat that = (GateHeartbeat) o;
        return eventTime == that.eventTime
                && entriesTotal == that.entriesTotal
                && exitsTotal == that.exitsTotal
                && Objects.equals(eventId, that.eventId)
                && Objects.equals(stationId, that.stationId)
                && Objects.equals(gateId, that.gateId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, stationId, gateId, eventTime, entriesTotal, exitsTotal);
    }

    @Override
    public String toString() {
        return "GateHeartbeat{" + eventId + ", gate=" + gateId + ", t=" + eventTime + '}';
    }
}
