package org.metrodispatch.contract.json;

import org.metrodispatch.contract.event.EventKind;
import org.metrodispatch.contract.event.FeedEvent;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.GateHeartbeat;
import org.metrodispatch.contract.event.SignallingHeartbeat;
import org.metrodispatch.contract.event.TrainEvent;
import org.metrodispatch.contract.time.TimeFormatter;

/**
 * Writes the events of the contract as JSON objects. Field names and order are the contract
 * documented in {@code docs/event-contract.md}; {@link EventReader} reads them back.
 */
public final class EventJson {

    private EventJson() {}

    /** Writes any event of the feeds, whichever kind it is. */
    public static JsonBytes write(JsonBytes out, FeedEvent event, TimeFormatter time) {
        if (event instanceof GateEvent) {
            return write(out, (GateEvent) event, time);
        }
        if (event instanceof GateHeartbeat) {
            return write(out, (GateHeartbeat) event, time);
        }
        if (event instanceof SignallingHeartbeat) {
            return write(out, (SignallingHeartbeat) event, time);
        }
        if (event instanceof TrainEvent) {
            return write(out, (TrainEvent) event, time);
        }
        throw new IllegalArgumentException("not an event of the contract: " + event);
    }

    public static JsonBytes write(JsonBytes out, GateEvent event, TimeFormatter time) {
        out.beginObject()
                .field("kind", EventKind.GATE)
                .field("eventId", event.eventId)
                .field("stationId", event.stationId)
                .field("gateId", event.gateId)
                .field("direction", event.direction == null ? null : event.direction.name())
                .timeField("eventTime", event.eventTime, time);
        if (event.cardId != null) {
            out.field("cardId", event.cardId);
        }
        return out.endObject();
    }

    public static JsonBytes write(JsonBytes out, GateHeartbeat event, TimeFormatter time) {
        return out.beginObject()
                .field("kind", EventKind.GATE_HEARTBEAT)
                .field("eventId", event.eventId)
                .field("stationId", event.stationId)
                .field("gateId", event.gateId)
                .timeField("eventTime", event.eventTime, time)
                .field("entriesTotal", event.entriesTotal)
                .field("exitsTotal", event.exitsTotal)
                .endObject();
    }

    public static JsonBytes write(JsonBytes out, SignallingHeartbeat event, TimeFormatter time) {
        return out.beginObject()
                .field("kind", EventKind.SIGNALLING_HEARTBEAT)
                .field("eventId", event.eventId)
                .field("stationId", event.stationId)
                .timeField("eventTime", event.eventTime, time)
                .endObject();
    }

    public static JsonBytes write(JsonBytes out, TrainEvent event, TimeFormatter time) {
        out.beginObject()
                .field("kind", EventKind.TRAIN)
                .field("eventId", event.eventId)
                .field("trainId", event.trainId)
                .field("lineId", event.lineId);
        if (event.serviceId != null) {
            out.field("serviceId", event.serviceId);
        }
        return out.field("direction", event.direction)
                .field("stationId", event.stationId)
                .field("type", event.type == null ? null : event.type.name())
                .timeField("eventTime", event.eventTime, time)
                .field("load", event.load)
                .field("capacity", event.capacity)
                .field("ratedCapacity", event.ratedCapacity)
                .endObject();
    }
}
