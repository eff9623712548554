package org.metrodispatch.job;

import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.GateHeartbeat;
import org.metrodispatch.contract.event.TrainEvent;
import org.metrodispatch.contract.event.TrainEventType;
import org.metrodispatch.contract.json.EventJson;
import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.contract.time.TimeFormatter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;

/** Raw records and station events for the job's tests, as the feeds send them. */
final class Records {

    /** 2026-03-04 08:00 in Chengdu (00:00 UTC). */
    static final long T0 = 1_772_582_400_000L;

    static final TimeFormatter SHANGHAI = new TimeFormatter(ZoneId.of("Asia/Shanghai"));

    /** The network the station ids of these records belong to. */
    static final Network CHENGDU =
            NetworkLoader.load(Path.of("..", "config", "networks", "chengdu-line1.yaml"));

    private Records() {}

    static byte[] gate(String eventId, String station, GateDirection direction, long time) {
        GateEvent event = new GateEvent(eventId, station, station + "-g01", direction, time);
        return EventJson.write(new JsonBytes(), event, SHANGHAI).toByteArray();
    }

    static byte[] heartbeat(String eventId, String station, long time) {
        GateHeartbeat event = new GateHeartbeat(eventId, station, station + "-g01", time, 10, 7);
        return EventJson.write(new JsonBytes(), event, SHANGHAI).toByteArray();
    }

    static byte[] train(
            String eventId,
            String lineId,
            String direction,
            String station,
            TrainEventType type,
            long time,
            int load) {
        TrainEvent event =
                new TrainEvent(
                        eventId,
                        "T0107",
                        lineId,
                        "science-city",
                        direction,
                        station,
                        type,
                        time,
                        load,
                        1_880,
                        1_460);
        return EventJson.write(new JsonBytes(), event, SHANGHAI).toByteArray();
    }

    static byte[] text(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static RawRecord raw(byte[] payload, long order) {
        return new RawRecord(payload, "test/0", order, 42);
    }

    static StationEvent entry(String eventId, String station, long time) {
        StationEvent e = new StationEvent();
        e.type = StationEventType.ENTRY;
        e.eventKey = ParseFunction.eventKey(eventId);
        e.station = CHENGDU.indexOf(station);
        e.eventTime = time;
        e.source = "test-feed";
        e.sourceOrder = ++order;
        return withContent(e);
    }

    private static long order;

    /**
     * Sets the event's content key from what it says apart from its id, as the parser would: a copy
     * of it is a resend, a change of type, time or train data makes it other content.
     */
    static StationEvent withContent(StationEvent e) {
        e.contentKey =
                Objects.hash(
                                e.type,
                                e.station,
                                e.eventTime,
                                e.trainId,
                                e.direction,
                                e.load,
                                e.capacity)
                        * 0x9E3779B97F4A7C15L;
        return e;
    }

    static StationEvent exit(String eventId, String station, long time) {
        StationEvent e = entry(eventId, station, time);
        e.type = StationEventType.EXIT;
        return withContent(e);
    }

    static StationEvent heartbeatEvent(String eventId, String station, long time) {
        StationEvent e = entry(eventId, station, time);
        e.type = StationEventType.HEARTBEAT;
        return withContent(e);
    }

    static StationEvent trainEvent(
            StationEventType type,
            String eventId,
            String station,
            String trainId,
            int direction,
            long time,
            int load) {
        StationEvent e = entry(eventId, station, time);
        e.type = type;
        e.trainId = trainId;
        e.direction = direction;
        e.load = load;
        e.capacity = 1_880;
        return withContent(e);
    }
}
