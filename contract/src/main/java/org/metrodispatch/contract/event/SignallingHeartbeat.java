package org.metrodispatch.contract.event;

import java.util.Objects;

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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SignallingHeartbeat)) {
            return false;
        }
        SignallingHeartbeat that = (SignallingHeartbeat) o;
        return eventTime == that.eventTime
                && Objects.equals(eventId, that.eventId)
                && Objects.equals(stationId, that.stationId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, stationId, eventTime);
    }

    @Override
    public String toString() {
        return "SignallingHeartbeat{" + stationId + ", t=" + eventTime + '}';
    }
}
