package org.metrodispatch.ops.it;

import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.ops.LocalLoop;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.output.FileEventSink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The closed loop end to end with a real broker and a local Flink MiniCluster ({@link LocalLoop},
 * what {@code demo --closed-loop} and {@code evaluate} run): the simulator carries out the job's
 * recommendations in step with the job's published progress. Two runs give the same day, and the
 * empty trains relieve Nijiaqiao.
 */
class ClosedLoopIT {

    private static final long SEED = 3;
    private static final int FROM = 7 * 3600 + 45 * 60;
    private static final int TO = 8 * 3600 + 45 * 60;
    private static final Scenario MORNING_PEAK =
            Scenario.load(SeededRun.CONFIG.resolve("scenarios/weekday-morning-peak.yaml"));

    @TempDir Path dir;

    @Test
    void closedLoopIsDeterministicAndTheEmptyTrainsRelieveNijiaqiao() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        LocalLoop.Result firstRun = runClosedLoop(first);
        LocalLoop.Result secondRun = runClosedLoop(second);
        assertThat(firstRun.loop().trainsInserted()).isPositive();
        assertThat(secondRun.decidedUntil()).isEqualTo(firstRun.decidedUntil());
        for (String file :
                new String[] {"ground-truth.jsonl", "gate-events.jsonl", "train-events.jsonl"}) {
            assertThat(Files.readAllBytes(second.resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(first.resolve(file)));
        }
        // What the job had decided for sure when the run ended; it may have gone a little further.
        assertThat(decided(second, secondRun)).isEqualTo(decided(first, firstRun)).isNotEmpty();

        // The inserted trains carry passengers at Nijiaqiao southbound.
        int insertedBoarded = 0;
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(first.resolve("ground-truth.jsonl"))) {
            JsonNode node = json.readTree(line);
            if ("departure".equals(node.path("kind").asText())
                    && node.path("trainId").asText().startsWith("X")
                    && node.path("stationId").asText().equals("nijiaqiao")) {
                insertedBoarded += node.path("boarded").asInt();
            }
        }
        assertThat(insertedBoarded).isGreaterThan(500);

        // Fewer left behind at Nijiaqiao than without the job's trains.
        Path open = dir.resolve("open");
        try (FileEventSink sink = new FileEventSink(open)) {
            new Simulation(MORNING_PEAK, options(), sink).run();
        }
        assertThat(maxLeftBehind(first, "nijiaqiao")).isLessThan(maxLeftBehind(open, "nijiaqiao"));
    }

    private static LocalLoop.Result runClosedLoop(Path run) throws Exception {
        JobSettings settings = JobSettings.load(SeededRun.CONFIG.resolve("job.yaml"));
        return new LocalLoop(MORNING_PEAK, settings, run).closedLoop(true).run(options());
    }

    private static SimulationOptions options() {
        return new SimulationOptions(SEED, MORNING_PEAK.date(), FROM, TO, SimulationOptions.FAST);
    }

    private static List<String> decided(Path run, LocalLoop.Result result) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("decisions.jsonl"))) {
            DispatchDecision decision = OutputJson.readDecision(line);
            if (decision.eventTime <= result.decidedUntil()) {
                // The wall clock of writing differs from run to run; nothing else may.
                lines.add(OutputJson.withoutEmittedAt(line));
            }
        }
        return lines;
    }

    private static int maxLeftBehind(Path run, String station) throws IOException {
        int max = 0;
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(run.resolve("ground-truth.jsonl"))) {
            JsonNode node = json.readTree(line);
            if ("departure".equals(node.path("kind").asText())
                    && node.path("stationId").asText().equals(station)) {
                max = Math.max(max, node.path("leftBehind").asInt());
            }
        }
        return max;
    }
}
