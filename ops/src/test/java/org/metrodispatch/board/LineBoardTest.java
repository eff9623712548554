package org.metrodispatch.board;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metrodispatch.board.ExampleOutputs.CLEARED_EARLY;
import static org.metrodispatch.board.ExampleOutputs.GATE_HEARD;
import static org.metrodispatch.board.ExampleOutputs.GATE_SILENT;
import static org.metrodispatch.board.ExampleOutputs.LINE_1;
import static org.metrodispatch.board.ExampleOutputs.LOAD_0815;
import static org.metrodispatch.board.ExampleOutputs.RAISED;
import static org.metrodispatch.board.ExampleOutputs.TRAIN_ARRIVAL;
import static org.metrodispatch.board.ExampleOutputs.progress;

/** The board's model from the job's output lines, as the contract documents them. */
class LineBoardTest {

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
        String arrival = TRAIN_ARRIVAL;
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

    private static JsonNode pool(JsonNode state, String id) {
        for (JsonNode pool : state.path("pools")) {
            if (pool.path("id").asText().equals(id)) {
                return pool;
            }
        }
        throw new AssertionError("no pool " + id);
    }
}
