package org.metrodispatch.contract.truth;

import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.time.TimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class TruthJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TimeFormatter SHANGHAI = new TimeFormatter(ZoneId.of("Asia/Shanghai"));
    private static final long MINUTE = Instant.parse("2026-03-04T00:12:00Z").toEpochMilli();

    @Test
    void platformLineCarriesDensityAndLevel() throws IOException {
        JsonBytes out =
                TruthJson.platform(
                        new JsonBytes(), SHANGHAI, "nijiaqiao", "southbound", MINUTE, 1_700, 550.0);
        JsonNode node = JSON.readTree(out.toByteArray());
        assertThat(node.fieldNames())
                .toIterable()
                .containsExactly(
                        "kind",
                        "stationId",
                        "direction",
                        "minute",
                        "waiting",
                        "densityM2PerPerson",
                        "los");
        assertThat(node.get("kind").textValue()).isEqualTo(TruthKind.PLATFORM.json());
        assertThat(node.get("minute").textValue()).isEqualTo("2026-03-04T08:12:00+08:00");
        assertThat(node.get("waiting").intValue()).isEqualTo(1_700);
        assertThat(node.get("densityM2PerPerson").decimalValue()).isEqualByComparingTo("0.324");
        assertThat(node.get("los").textValue()).isEqualTo("D");
    }

    @Test
    void emptyPlatformIsLevelA() throws IOException {
        JsonBytes out =
                TruthJson.platform(
                        new JsonBytes(), SHANGHAI, "sihe", "northbound", MINUTE, 0, 500.0);
        JsonNode node = JSON.readTree(out.toByteArray());
        assertThat(node.get("densityM2PerPerson").doubleValue()).isEqualTo(500.0);
        assertThat(node.get("los").textValue()).isEqualTo("A");
    }

    @Test
    void levelFollowsTheUnroundedDensity() throws IOException {
        // 550 m2 / 2751 persons = 0.19993 m2 each: level F, though it rounds to 0.200.
        JsonBytes out =
                TruthJson.platform(
                        new JsonBytes(), SHANGHAI, "x", "southbound", MINUTE, 2_751, 550.0);
        JsonNode node = JSON.readTree(out.toByteArray());
        assertThat(node.get("densityM2PerPerson").decimalValue()).isEqualByComparingTo("0.200");
        assertThat(node.get("los").textValue()).isEqualTo("F");
    }

    @Test
    void departureLineCarriesTheTrainsCounts() throws IOException {
        JsonBytes out =
                TruthJson.departure(
                        new JsonBytes(),
                        SHANGHAI,
                        "nijiaqiao",
                        "southbound",
                        "T0107",
                        MINUTE + 30_500,
                        120,
                        300,
                        45,
                        1_880,
                        1_880);
        JsonNode node = JSON.readTree(out.toByteArray());
        assertThat(node.fieldNames())
                .toIterable()
                .containsExactly(
                        "kind",
                        "stationId",
                        "direction",
                        "trainId",
                        "eventTime",
                        "alighted",
                        "boarded",
                        "leftBehind",
                        "load",
                        "capacity");
        assertThat(node.get("kind").textValue()).isEqualTo(TruthKind.DEPARTURE.json());
        assertThat(node.get("eventTime").textValue()).isEqualTo("2026-03-04T08:12:30.500+08:00");
        assertThat(node.get("alighted").intValue()).isEqualTo(120);
        assertThat(node.get("boarded").intValue()).isEqualTo(300);
        assertThat(node.get("leftBehind").intValue()).isEqualTo(45);
        assertThat(node.get("load").intValue()).isEqualTo(1_880);
        assertThat(node.get("capacity").intValue()).isEqualTo(1_880);
    }

    @Test
    void linesFollowEachOther() throws IOException {
        JsonBytes out = new JsonBytes();
        TruthJson.platform(out, SHANGHAI, "a", "southbound", MINUTE, 1, 100).newline();
        TruthJson.departure(out, SHANGHAI, "a", "southbound", "T1", MINUTE, 0, 1, 0, 1, 10)
                .newline();
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines[0]).get("kind").textValue()).isEqualTo("platform");
        assertThat(JSON.readTree(lines[1]).get("kind").textValue()).isEqualTo("departure");
    }
}
