package org.metrodispatch.contract.decision;

import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.time.TimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decision schema: its envelope (version, id, level, emittedAt), and old and newer records. */
class DecisionSchemaTest {

    private static final ZoneId CHENGDU = ZoneId.of("Asia/Shanghai");
    private static final TimeFormatter TIME = new TimeFormatter(CHENGDU);

    /** 2026-03-04 08:05:30 in Chengdu. */
    private static final long EVENT_TIME = 1_772_582_730_000L;

    /** A wall-clock moment a week later, with milliseconds. */
    private static final long EMITTED_AT = EVENT_TIME + 7 * 86_400_000L + 417;

    private static final String RECOMMENDATION = "nijiaqiao-southbound-20260304-080530";

    /** A line of the decision log before schemaVersion existed (version 1). */
    private static final String VERSION_1 =
            "{\"decision\":\"RAISED\",\"recommendationId\":\""
                    + RECOMMENDATION
                    + "\","
                    + "\"stationId\":\"nijiaqiao\",\"direction\":\"southbound\","
                    + "\"eventTime\":\"2026-03-04T08:05:30+08:00\",\"lineId\":\"1\","
                    + "\"reason\":\"passengers left behind\",\"severity\":0.130,\"trainsSent\":1,"
                    + "\"emptyTrain\":{\"scheduleRelationship\":\"ADDED\",\"sequence\":1,"
                    + "\"poolId\":\"tianfu-square-siding\",\"poolName\":\"Tianfu Square\","
                    + "\"fromStationId\":\"tianfu-square\","
                    + "\"leaveAt\":\"2026-03-04T08:09:30+08:00\","
                    + "\"arriveAt\":\"2026-03-04T08:16:05+08:00\",\"runsEmptyVia\":[],"
                    + "\"startsServiceAt\":\"nijiaqiao\",\"serviceTerminus\":\"science-city\","
                    + "\"spareReturnsAt\":\"2026-03-04T10:10:05+08:00\",\"sparesLeftAtPool\":0}}";

    private static DispatchDecision decision(DecisionType type, int sequence) {
        DispatchDecision d = new DispatchDecision();
        d.decision = type;
        d.decisionId = DecisionIds.of(RECOMMENDATION, sequence, type, EVENT_TIME, CHENGDU);
        d.level = DecisionLevel.of(type, false);
        d.recommendationId = RECOMMENDATION;
        d.lineId = "1";
        d.stationId = "nijiaqiao";
        d.direction = "southbound";
        d.eventTime = EVENT_TIME;
        d.reason = "calm again";
        d.degradedFeeds = "gate nijiaqiao-g03 silent";
        return d;
    }

    private static String line(DispatchDecision d, long emittedAt) {
        return OutputJson.write(new JsonBytes(), d, emittedAt, TIME).toString();
    }

    @Test
    void theLevelIsWarnWhenThereIsATrainToSendOrNoneToBeHad() {
        assertThat(DecisionLevel.of(DecisionType.RAISED, true)).isEqualTo(DecisionLevel.WARN);
        assertThat(DecisionLevel.of(DecisionType.UPDATED, true)).isEqualTo(DecisionLevel.WARN);
        assertThat(DecisionLevel.of(DecisionType.SUPPRESSED, false)).isEqualTo(DecisionLevel.WARN);
        assertThat(DecisionLevel.of(DecisionType.UPDATED, false)).isEqualTo(DecisionLevel.INFO);
        assertThat(DecisionLevel.of(DecisionType.CLEARED, false)).isEqualTo(DecisionLevel.INFO);
    }

    @Test
    void theDecisionIdNamesTheEpisodeTheSequenceTheDecisionAndItsLocalTime() {
        assertThat(DecisionIds.of(RECOMMENDATION, 3, DecisionType.UPDATED, EVENT_TIME, CHENGDU))
                .isEqualTo(RECOMMENDATION + "/3-UPDATED-20260304-080530")
                .isEqualTo(
                        DecisionIds.of(
                                RECOMMENDATION, 3, DecisionType.UPDATED, EVENT_TIME, CHENGDU))
                .isNotEqualTo(
                        DecisionIds.of(
                                RECOMMENDATION, 4, DecisionType.UPDATED, EVENT_TIME, CHENGDU));
    }

    @Test
    void theEnvelopeIsWrittenAfterTheDecisionAndReadBack() throws IOException {
        DispatchDecision d = decision(DecisionType.CLEARED, 5);

        String line = line(d, EMITTED_AT);

        assertThat(line)
                .startsWith(
                        "{\"decision\":\"CLEARED\",\"schemaVersion\":3,\"decisionId\":\""
                                + RECOMMENDATION
                                + "/5-CLEARED-20260304-080530\",\"level\":\"INFO\","
                                + "\"recommendationId\":\""
                                + RECOMMENDATION
                                + "\",\"stationId\":\"nijiaqiao\",\"direction\":\"southbound\","
                                + "\"eventTime\":\"2026-03-04T08:05:30+08:00\","
                                + "\"emittedAt\":\"2026-03-11T08:05:30.417+08:00\",");
        DispatchDecision read = OutputJson.readDecision(line);
        assertThat(read).isEqualTo(d);
        assertThat(read.emittedAt).isEqualTo(EMITTED_AT);
        assertThat(read.degradedFeeds).isEqualTo(d.degradedFeeds);
    }

    @Test
    void aClearedNamesTheEmptyTrainsThatStandDown() throws IOException {
        DispatchDecision d = decision(DecisionType.CLEARED, 3);
        d.standsDown = new String[] {DecisionIds.emptyTrainTripId(RECOMMENDATION, 2)};

        String line = line(d, EMITTED_AT);

        assertThat(line)
                .endsWith(",\"standsDown\":[\"empty-nijiaqiao-southbound-20260304-080530-2\"]}");
        assertThat(OutputJson.readDecision(line)).isEqualTo(d);
        d.standsDown = new String[0];
        assertThat(line(d, EMITTED_AT)).doesNotContain("standsDown");
        assertThat(OutputJson.readDecision(line(d, EMITTED_AT)).standsDown).isEmpty();
    }

    @Test
    void runsDifferOnlyInEmittedAt() throws IOException {
        DispatchDecision d = decision(DecisionType.CLEARED, 5);
        String first = line(d, EMITTED_AT);
        String second = line(d, EMITTED_AT + 1_234);

        assertThat(first).isNotEqualTo(second);
        assertThat(OutputJson.withoutEmittedAt(first))
                .isEqualTo(OutputJson.withoutEmittedAt(second))
                .doesNotContain("emittedAt")
                .contains("\"eventTime\":\"2026-03-04T08:05:30+08:00\",\"lineId\":\"1\"");
        assertThat(OutputJson.readDecision(first)).isEqualTo(OutputJson.readDecision(second));
        assertThat(OutputJson.withoutEmittedAt(VERSION_1)).isEqualTo(VERSION_1);
    }

    @Test
    void aSinkStampsTheWallClockUnlessTheDecisionCarriesItsTime() throws IOException {
        DispatchDecision d = decision(DecisionType.CLEARED, 1);
        long before = System.currentTimeMillis();
        long stamped =
                OutputJson.readDecision(OutputJson.write(new JsonBytes(), d, TIME).toString())
                        .emittedAt;
        assertThat(stamped).isBetween(before, System.currentTimeMillis());

        d.emittedAt = EMITTED_AT;
        assertThat(OutputJson.write(new JsonBytes(), d, TIME).toString())
                .isEqualTo(line(d, EMITTED_AT));
    }

    @Test
    void aLineWithoutSchemaVersionIsVersion1WithItsLevelDerived() throws IOException {
        DispatchDecision d = OutputJson.readDecision(VERSION_1);

        assertThat(d.schemaVersion).isEqualTo(DispatchDecision.FIRST_SCHEMA_VERSION);
        assertThat(d.decision).isEqualTo(DecisionType.RAISED);
        assertThat(d.recommendationId).isEqualTo(RECOMMENDATION);
        assertThat(d.level).isEqualTo(DecisionLevel.WARN);
        assertThat(d.decisionId).isNull();
        assertThat(d.emittedAt).isZero();
        assertThat(d.emptyTrain.poolId).isEqualTo("tianfu-square-siding");
    }

    @Test
    void aNewerSchemaVersionIsRefusedWithTheReason() {
        String newer =
                line(decision(DecisionType.CLEARED, 1), EMITTED_AT)
                        .replace("\"schemaVersion\":3", "\"schemaVersion\":4");

        assertThatThrownBy(() -> OutputJson.readDecision(newer))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "schemaVersion 4 is newer than this reader knows (3): read it with a"
                                + " newer metro-dispatch");
        assertThatThrownBy(
                        () ->
                                OutputJson.readDecision(
                                        newer.replace(
                                                "\"schemaVersion\":4", "\"schemaVersion\":\"2\"")))
                .hasMessage("schemaVersion is not a whole number: \"2\"");
    }

    @Test
    void version2NeedsItsEnvelope() {
        String line = line(decision(DecisionType.CLEARED, 1), EMITTED_AT);

        assertThatThrownBy(
                        () ->
                                OutputJson.readDecision(
                                        line.replace("\"level\":\"INFO\"", "\"level\":\"LOUD\"")))
                .hasMessage("unknown level 'LOUD'");
        assertThatThrownBy(
                        () ->
                                OutputJson.readDecision(
                                        line.replaceFirst(
                                                "\"decisionId\":\"[^\"]+\"",
                                                "\"decisionId\":null")))
                .hasMessage("missing field decisionId");
        assertThatThrownBy(() -> OutputJson.readDecision(OutputJson.withoutEmittedAt(line)))
                .hasMessage("missing field emittedAt");
    }

    @Test
    void equalsIgnoresEmittedAtOnly() {
        DispatchDecision a = decision(DecisionType.CLEARED, 1);
        DispatchDecision b = decision(DecisionType.CLEARED, 1);
        b.emittedAt = EMITTED_AT;
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);

        b.decisionId = DecisionIds.of(RECOMMENDATION, 2, DecisionType.CLEARED, EVENT_TIME, CHENGDU);
        assertThat(a).isNotEqualTo(b);
        b = decision(DecisionType.CLEARED, 1);
        b.level = DecisionLevel.WARN;
        assertThat(a).isNotEqualTo(b);
        b = decision(DecisionType.CLEARED, 1);
        b.schemaVersion = DispatchDecision.FIRST_SCHEMA_VERSION;
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void theLineIsOneJsonObjectWithTheDocumentedNames() throws IOException {
        JsonNode node = new ObjectMapper().readTree(line(decision(DecisionType.CLEARED, 1), 1L));
        assertThat(node.get("schemaVersion").isInt()).isTrue();
        assertThat(node.get("level").asText()).isEqualTo("INFO");
        assertThat(node.get("emittedAt").asText()).isEqualTo("1970-01-01T08:00:00.001+08:00");
    }

    @Test
    void aFeedAlertLineCarriesVersionLevelAndEmittedAtToo() throws IOException {
        FeedAlert alert = new FeedAlert();
        alert.kind = FeedAlertKind.LATE_ARRIVALS;
        alert.state = FeedAlertState.RAISED;
        alert.lineId = "1";
        alert.feed = "gates";
        alert.eventTime = EVENT_TIME;
        alert.since = EVENT_TIME - 900_000;
        alert.reason = "late";
        alert.expected = 300;
        alert.received = 200;
        JsonNode raised =
                new ObjectMapper()
                        .readTree(
                                OutputJson.write(new JsonBytes(), alert, EMITTED_AT, TIME)
                                        .toString());
        assertThat(raised.path("schemaVersion").asInt()).isEqualTo(FeedAlert.SCHEMA_VERSION);
        assertThat(raised.path("level").asText()).isEqualTo("WARN");
        assertThat(raised.path("emittedAt").asText()).isEqualTo("2026-03-11T08:05:30.417+08:00");
        assertThat(raised.path("expected").asLong()).isEqualTo(300);
        assertThat(raised.path("received").asLong()).isEqualTo(200);
        alert.state = FeedAlertState.CLEARED;
        assertThat(alert.level()).isEqualTo(DecisionLevel.INFO);
    }
}
