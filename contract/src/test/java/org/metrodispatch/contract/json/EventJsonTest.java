package org.metrodispatch.contract.json;

import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.GateHeartbeat;
import org.metrodispatch.contract.event.TrainEvent;
import org.metrodispatch.contract.event.TrainEventType;
import org.metrodispatch.contract.time.TimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class EventJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TimeFormatter SHANGHAI = new TimeFormatter(ZoneId.of("Asia/Shanghai"));
    private static final long T = Instant.parse("2026-03-04T00:12:03Z").toEpochMilli();

    @Test
    void gateEventHasTheContractFieldsInOrder() throws IOException {
        JsonBytes out =
                EventJson.write(
                        new JsonBytes(),
                        new GateEvent("g-1", "nijiaqiao", "nijiaqiao-g03", GateDirection.EXIT, T),
                        SHANGHAI);
        JsonNode node = JSON.readTree(out.toByteArray());
        assertThat(node.fieldNames())
                .toIterable()
                .containsExactly(
                        "kind", "eventId", "stationId", "gateId", "direction", "eventTime");
        assertThat(node.get("kind").textValue()).isEqualTo("gate");
        assertThat(node.get("direction").textValue()).isEqualTo("EXIT");
        assertThat(node.get("eventTime").textValue()).isEqualTo("2026-03-04T08:12:03+08:00");
    }

    @Test
    void heartbeatHasTheContractFieldsInOrder() throws IOException {
        JsonBytes out =
                EventJson.write(
                        new JsonBytes(),
                        new GateHeartbeat("h", "sihe", "sihe-g01", T, 10, 20),
                        SHANGHAI);
        JsonNode node = JSON.readTree(out.toByteArray());
        assertThat(node.fieldNames())
                .toIterable()
                .containsExactly(
                        "kind",
                        "eventId",
                        "stationId",
                        "gateId",
                        "eventTime",
                        "entriesTotal",
                        "exitsTotal");
        assertThat(node.get("kind").textValue()).isEqualTo("gate-heartbeat");
        assertThat(node.get("entriesTotal").longValue()).isEqualTo(10);
        assertThat(node.get("exitsTotal").longValue()).isEqualTo(20);
    }

    @Test
    void trainEventHasTheContractFieldsInOrder() throws IOException {
        JsonBytes out =
                EventJson.write(
                        new JsonBytes(),
                        new TrainEvent(
                                "t",
                                "T1",
                                "1",
                                "wugensong",
                                "northbound",
                                "guangdu",
                                TrainEventType.ARRIVAL,
                                T,
                                100,
                                1_880,
                                1_460),
                        SHANGHAI);
        JsonNode node = JSON.readTree(out.toByteArray());
        assertThat(node.fieldNames())
                .toIterable()
                .containsExactly(
                        "kind",
                        "eventId",
                        "trainId",
                        "lineId",
                        "serviceId",
                        "direction",
                        "stationId",
                        "type",
                        "eventTime",
                        "load",
                        "capacity",
                        "ratedCapacity");
        assertThat(node.get("kind").textValue()).isEqualTo("train");
        assertThat(node.get("type").textValue()).isEqualTo("ARRIVAL");
        assertThat(node.get("load").intValue()).isEqualTo(100);
    }

    @Test
    void eventsAppendToOneBufferAsJsonLines() throws IOException {
        JsonBytes out = new JsonBytes();
        EventJson.write(out, new GateEvent("a", "s", "g", GateDirection.ENTRY, T), SHANGHAI)
                .newline();
        EventJson.write(out, new GateEvent("b", "s", "g", GateDirection.EXIT, T), SHANGHAI)
                .newline();
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines[0]).get("eventId").textValue()).isEqualTo("a");
        assertThat(JSON.readTree(lines[1]).get("eventId").textValue()).isEqualTo("b");
    }
}
