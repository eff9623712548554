package org.metrodispatch.contract.event;

import java.util.Arrays;

/**
 * One tap at a fare gate. A Flink POJO: public fields and a no-argument constructor, so it is
 * serialized without Kryo.
 */
public class GateEvent implements FeedEvent {

    /** Unique per tap; a resend of the same tap carries the same id. */
    public String eventId;

    public String stationId;

    public String gateId;

    public GateDirection direction;

    /** When the passenger tapped, epoch milliseconds; ISO-8601 with offset in JSON. */
    public long eventTime;

    /**
     * The pseudonymous id of the card that tapped, or null when the feed does not carry one. Tap-in
     * and tap-out of one card on one day pair into a journey (origin and destination).
     */
    public String cardId;

    public GateEvent() {}

    public GateEvent(
            String eventId,
            String stationId,
            String gateId,
            GateDirection direction,
            long eventTime) {
        this.eventId = eventId;
        this.stationId = stationId;
        this.gateId = gateId;
        this.direction = direction;
        this.eventTime = eventTime;
    }

    public GateEvent(
            String eventId,
            String stationId,
            String gateId,
            GateDirection direction,
            long eventTime,
            String cardId) {
        this(eventId, stationId, gateId, direction, eventTime);
        this.cardId = cardId;
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
        return new Object[] {eventId, stationId, gateId, direction, eventTime, cardId};
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof GateEvent that && Arrays.equals(values(), that.values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return "GateEvent{"
                + eventId
                + ", station="
                + stationId
                + ", gate="
                + gateId
                + ", "
                + direction
                + ", t="
                + eventTime
                + (cardId == null ? "" : ", card=" + cardId)
                + '}';
    }
}
