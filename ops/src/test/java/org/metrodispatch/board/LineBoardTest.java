package org.metrodispatch.board;

import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The board's model from the job's output lines, as the contract documents them. */
class LineBoardTest {

    static final Network LINE_1 =
            NetworkLoader.load(Path.of("..", "config", "networks", "chengdu-line1.yaml"));

    static final String RAISED =
            "{\"decision\":\"RAISED\",\"schemaVersion\":2,\"decisionId\":\"nijiaqiao-southbound-20260304-080530/1-RAISED-20260304-080530\",\"level\":\"WARN\",\"recommendationId\":\"nijiaqiao-southbound-20260304-080530\",\"stationId\":\"nijiaqiao\",\"direction\":\"southbound\",\"eventTime\":\"2026-03-04T08:05:30+08:00\",\"emittedAt\":\"2026-12-02T10:04:01.647+08:00\",\"lineId\":\"1\",\"reason\":\"passengers left behind on 2 departures in a row (71 by the last train)\",\"severity\":0.130,\"trainsSent\":1,\"evidence\":{\"windowStart\":\"2026-03-04T08:01:00+08:00\",\"windowEnd\":\"2026-03-04T08:06:00+08:00\",\"windowEntries\":951,\"windowExits\":44,\"waitingEstimate\":71,\"leftBehind\":71,\"consecutiveLeftBehind\":2,\"densityM2PerPerson\":7.697,\"levelOfService\":\"A\",\"basis\":\"train-reports\",\"lastTrainId\":\"T029\",\"lastDepartureTime\":\"2026-03-04T08:05:30+08:00\",\"lastTrainLoad\":1880,\"lastTrainCapacity\":1880},\"emptyTrain\":{\"scheduleRelationship\":\"ADDED\",\"sequence\":1,\"poolId\":\"tianfu-square-siding\",\"poolName\":\"Tianfu Square turnback siding\",\"fromStationId\":\"tianfu-square\",\"leaveAt\":\"2026-03-04T08:09:30+08:00\",\"arriveAt\":\"2026-03-04T08:16:05+08:00\",\"runsEmptyVia\":[\"jinjiang-hotel\",\"huaxiba\",\"sichuan-gymnasium\"],\"startsServiceAt\":\"nijiaqiao\",\"serviceTerminus\":\"science-city\",\"spareReturnsAt\":\"2026-03-04T10:10:05+08:00\",\"sparesLeftAtPool\":0}}";

    /** The same episode cleared before its train left. */
    static final String CLEARED_EARLY =
            "{\"decision\":\"CLEARED\",\"schemaVersion\":2,\"decisionId\":\"nijiaqiao-southbound-20260304-080530/2-CLEARED-20260304-080800\",\"level\":\"INFO\",\"recommendationId\":\"nijiaqiao-southbound-20260304-080530\",\"stationId\":\"nijiaqiao\",\"direction\":\"southbound\",\"eventTime\":\"2026-03-04T08:08:00+08:00\",\"emittedAt\":\"2026-12-02T10:04:02.000+08:00\",\"lineId\":\"1\",\"reason\":\"calm again\",\"severity\":0.1,\"trainsSent\":1,\"evidence\":{\"windowStart\":\"2026-03-04T08:03:00+08:00\",\"windowEnd\":\"2026-03-04T08:08:00+08:00\",\"windowEntries\":900,\"windowExits\":40,\"waitingEstimate\":20,\"leftBehind\":0,\"consecutiveLeftBehind\":0,\"densityM2PerPerson\":30,\"levelOfService\":\"A\",\"lastTrainId\":\"T030\",\"lastDepartureTime\":\"2026-03-04T08:07:30+08:00\",\"lastTrainLoad\":1500,\"lastTrainCapacity\":1880}}";

    static final String LOAD_0815 =
            "{\"stationId\":\"nijiaqiao\",\"windowStart\":\"2026-03-04T08:10:00+08:00\",\"windowEnd\":\"2026-03-04T08:15:00+08:00\",\"entries\":948,\"exits\":67,\"heartbeats\":80,\"platforms\":[{\"direction\":\"southbound\",\"waitingEstimate\":663,\"densityM2PerPerson\":0.829,\"levelOfService\":\"C\",\"leftBehind\":411,\"consecutiveLeftBehind\":5,\"crowded\":true},{\"direction\":\"northbound\",\"waitingEstimate\":120,\"densityM2PerPerson\":4.568,\"levelOfService\":\"A\",\"leftBehind\":0,\"consecutiveLeftBehind\":0,\"crowded\":false}]}";

    static final String GATE_SILENT =
            "{\"feedAlert\":\"RAISED\",\"schemaVersion\":2,\"level\":\"WARN\",\"kind\":\"GATES_SILENT\",\"lineId\":\"1\",\"stationId\":\"north-railway-station\",\"feed\":\"north-railway-station-g05\",\"eventTime\":\"2026-03-04T07:42:30+08:00\",\"emittedAt\":\"2026-12-02T11:24:55.605+08:00\",\"since\":\"2026-03-04T07:39:13+08:00\",\"reason\":\"no heartbeat from gate north-railway-station-g05 since 07:39:13 while the station's other gates are heard\"}";

    static final String GATE_HEARD =
            "{\"feedAlert\":\"CLEARED\",\"schemaVersion\":2,\"level\":\"INFO\",\"kind\":\"GATES_SILENT\",\"lineId\":\"1\",\"stationId\":\"north-railway-station\",\"feed\":\"north-railway-station-g05\",\"eventTime\":\"2026-03-04T08:10:30+08:00\",\"emittedAt\":\"2026-12-02T11:24:56.911+08:00\",\"since\":\"2026-03-04T08:10:13+08:00\",\"reason\":\"gate north-railway-station-g05 is heard again\"}";

    private static BoardRecord decision(String json) {
        return new BoardRecord(BoardRecord.Kind.DECISION, json);
    }

    @Test
    void aRaisedDecisionPutsItsEmptyTrainOnTheBoardAndTakesASpare() {
        LineBoard board = new LineBoard(LINE_1);
        assertThat(board.apply(decision(RAISED))).isTrue();

        ObjectNode state = board.snapshot();
        assertThat(state.path("nowText").asText()).isEqualTo("08:05:30");
        assertThat(state.path("decisions").get(0).path("decision").asText()).isEqualTo("RAISED");
        assertThat(state.path("decisions").get(0).path("tripId").asText())
                .isEqualTo("empty-nijiaqiao-southbound-20260304-080530-1");
        JsonNode train = state.path("emptyTrains").get(0);
        assertThat(train.path("status").asText()).isEqualTo("PREPARING");
        assertThat(train.path("arriveAt").asText()).isEqualTo("08:16:05");
        assertThat(train.path("minutesToArrival").asInt()).isEqualTo(10);
        JsonNode siding = pool(state, "tianfu-square-siding");
        assertThat(siding.path("left").asInt()).isZero();
        assertThat(siding.path("out").asInt()).isEqualTo(1);
        assertThat(siding.path("nextBackAt").asText()).isEqualTo("10:10:05");
        assertThat(pool(state, "century-city-siding").path("left").asInt()).isEqualTo(2);

        // The train runs empty, then serves the platform; it leaves the board once back.
        board.apply(progress("2026-03-04T08:12:00+08:00"));
        assertThat(board.snapshot().path("emptyTrains").get(0).path("status").asText())
                .isEqualTo("RUNNING_EMPTY");
        board.apply(progress("2026-03-04T08:20:00+08:00"));
        assertThat(board.snapshot().path("emptyTrains").get(0).path("status").asText())
                .isEqualTo("IN_SERVICE");
        board.apply(progress("2026-03-04T10:10:05+08:00"));
        assertThat(board.snapshot().path("emptyTrains")).isEmpty();
        assertThat(pool(board.snapshot(), "tianfu-square-siding").path("left").asInt()).isOne();
    }

    @Test
    void aClearBeforeTheTrainLeftStandsItDown() {
        LineBoard board = new LineBoard(LINE_1);
        board.apply(decision(RAISED));
        board.apply(decision(CLEARED_EARLY));

        assertThat(board.snapshot().path("unreadable").asInt())
                .as(board.snapshot().path("lastProblem").asText())
                .isZero();
        JsonNode train = board.snapshot().path("emptyTrains").get(0);
        assertThat(train.path("status").asText()).isEqualTo("CANCELED");
        assertThat(board.emptyTrains().get(0).status(Long.MAX_VALUE))
                .isEqualTo(EmptyTrains.Status.CANCELED);
        assertThat(board.snapshot().path("decisionCounts").path("CLEARED").asInt()).isOne();
    }

    @Test
    void readingTheSameLinesAgainChangesNothing() {
        LineBoard board = new LineBoard(LINE_1);
        for (BoardRecord record :
                new BoardRecord[] {
                    decision(RAISED),
                    new BoardRecord(BoardRecord.Kind.STATION_LOAD, LOAD_0815),
                    new BoardRecord(BoardRecord.Kind.FEED_ALERT, GATE_SILENT)
                }) {
            assertThat(board.apply(record)).isTrue();
            long version = board.version();
            assertThat(board.apply(record)).as(record.kind().name()).isFalse();
            assertThat(board.version()).isEqualTo(version);
        }
        assertThat(board.snapshot().path("decisions")).hasSize(1);
        assertThat(board.snapshot().path("emptyTrains")).hasSize(1);
    }

    @Test
    void eachPlatformShowsItsLatestWindow() {
        LineBoard board = new LineBoard(LINE_1);
        board.apply(new BoardRecord(BoardRecord.Kind.STATION_LOAD, LOAD_0815));
        String older =
                LOAD_0815
                        .replace("08:10:00", "08:05:00")
                        .replace("08:15:00", "08:10:00")
                        .replace("\"waitingEstimate\":663", "\"waitingEstimate\":9");
        board.apply(new BoardRecord(BoardRecord.Kind.STATION_LOAD, older));

        JsonNode south = board.snapshot().path("platforms").path("nijiaqiao").path("southbound");
        assertThat(south.path("waiting").asInt()).isEqualTo(663);
        assertThat(south.path("levelOfService").asText()).isEqualTo("C");
        assertThat(south.path("crowded").asBoolean()).isTrue();
        assertThat(south.path("at").asText()).isEqualTo("08:15:00");
        assertThat(board.snapshot().path("platforms").path("weijianian").size()).isZero();
    }

    @Test
    void feedAlertsAreInForceFromRaiseToClear() {
        LineBoard board = new LineBoard(LINE_1);
        board.apply(new BoardRecord(BoardRecord.Kind.FEED_ALERT, GATE_SILENT));
        JsonNode inForce = board.snapshot().path("feeds").path("inForce");
        assertThat(inForce).hasSize(1);
        assertThat(inForce.get(0).path("kind").asText()).isEqualTo("GATES_SILENT");
        assertThat(inForce.get(0).path("stationName").asText()).isEqualTo("North Railway Station");
        assertThat(inForce.get(0).path("since").asText()).isEqualTo("07:39:13");

        board.apply(new BoardRecord(BoardRecord.Kind.FEED_ALERT, GATE_HEARD));
        assertThat(board.snapshot().path("feeds").path("inForce")).isEmpty();
        assertThat(board.snapshot().path("feeds").path("alertsRaised").asInt()).isOne();
    }

    @Test
    void linesItCannotReadAreCountedNotThrown() {
        LineBoard board = new LineBoard(LINE_1);
        board.apply(decision("{\"decision\":\"RAISED\""));
        board.apply(new BoardRecord(BoardRecord.Kind.STATION_LOAD, "[1,2]"));
        board.apply(
                new BoardRecord(
                        BoardRecord.Kind.FEED_ALERT,
                        GATE_SILENT.replace("\"RAISED\"", "\"MAYBE\"")));

        ObjectNode state = board.snapshot();
        assertThat(state.path("unreadable").asInt()).isEqualTo(3);
        assertThat(state.path("lastProblem").asText()).startsWith("FEED_ALERT");
        assertThat(state.path("decisions")).isEmpty();
    }

    @Test
    void trainReportsGiveEachTrainsLatestPositionAndHeartbeatsAreIgnored() {
        LineBoard board = new LineBoard(LINE_1);
        String arrival =
                "{\"kind\":\"train\",\"eventId\":\"T021-2-nijiaqiao-arr\",\"trainId\":\"T021\",\"lineId\":\"1\",\"serviceId\":\"science-city\",\"direction\":\"southbound\",\"stationId\":\"nijiaqiao\",\"type\":\"ARRIVAL\",\"eventTime\":\"2026-03-04T08:00:40+08:00\",\"load\":1644,\"capacity\":1880,\"ratedCapacity\":1460}";
        String departure =
                arrival.replace("ARRIVAL", "DEPARTURE")
                        .replace("08:00:40", "08:01:20")
                        .replace("1644", "1880");
        board.apply(new BoardRecord(BoardRecord.Kind.TRAIN, departure));
        board.apply(new BoardRecord(BoardRecord.Kind.TRAIN, arrival));
        board.apply(
                new BoardRecord(
                        BoardRecord.Kind.TRAIN,
                        "{\"kind\":\"signalling-heartbeat\",\"stationId\":\"nijiaqiao\",\"eventTime\":\"2026-03-04T08:02:00+08:00\"}"));

        assertThat(board.vehicles()).hasSize(1);
        assertThat(board.vehicles().get(0).type()).isEqualTo("DEPARTURE");
        assertThat(board.vehicles().get(0).load()).isEqualTo(1880);
        assertThat(board.snapshot().path("unreadable").asInt()).isZero();
    }

    @Test
    void theNetworkIsGivenWithItsBranchAndPools() {
        ObjectNode network = new LineBoard(LINE_1).networkJson();
        assertThat(network.path("stations")).hasSize(LINE_1.stationCount());
        JsonNode guangdu = network.path("stations").get(LINE_1.indexOf("guangdu"));
        assertThat(guangdu.path("parent").asInt()).isEqualTo(LINE_1.indexOf("sihe"));
        assertThat(network.path("directions").get(0).asText()).isEqualTo("southbound");
        assertThat(network.path("pools")).hasSize(LINE_1.sparePools().size());
    }

    private static BoardRecord progress(String watermark) {
        return new BoardRecord(
                BoardRecord.Kind.PROGRESS,
                "{\"kind\":\"progress\",\"watermark\":\""
                        + watermark
                        + "\",\"recommendations\":1}");
    }

    private static JsonNode pool(JsonNode state, String id) {
        for (JsonNode pool : state.path("pools")) {
            if (pool.path("id").asText().equals(id)) {
                return pool;
            }
        }
        throw new AssertionError("no pool " + id);
    }
}
