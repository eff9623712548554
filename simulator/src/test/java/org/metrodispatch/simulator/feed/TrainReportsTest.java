package org.metrodispatch.simulator.feed;

import org.metrodispatch.contract.demand.FeedSettings;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.event.FeedEvent;
import org.metrodispatch.contract.event.TrainEvent;
import org.metrodispatch.contract.json.EventReader;
import org.metrodispatch.contract.json.InvalidEventException;
import org.metrodispatch.simulator.TestScenarios;
import org.metrodispatch.simulator.engine.SimulationObserver;
import org.metrodispatch.simulator.engine.SimulationSummary;
import org.metrodispatch.simulator.output.FileEventSink;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The train feed's load-weigh noise and lost reports change what the feed delivers, never the
 * passengers, trains or ground truth.
 */
class TrainReportsTest {

    private static final Logger LOG = LoggerFactory.getLogger(TrainReportsTest.class);
    private static final long SEED = 4;
    private static final String FROM = "07:30";
    private static final String TO = "08:30";

    @TempDir static Path dir;
    private static Scenario exact;
    private static SimulationSummary lostSummary;

    @BeforeAll
    static void simulate() throws IOException {
        Scenario shipped = TestScenarios.morningPeak();
        assertThat(shipped.trainFeed().loadNoise())
                .as("loads as real sensors give them, by default")
                .isEqualTo(FeedSettings.REALISTIC_LOAD_NOISE);
        exact = shipped.withTrainFeed(shipped.trainFeed().withTrainReports(0, 0));
        run(exact, SEED, "exact");
        run(withTrainReports(0.03, 0), SEED, "noisy");
        run(withTrainReports(0.03, 0), SEED, "noisy-again");
        lostSummary = run(withTrainReports(0, 0.05), SEED, "lost");
    }

    private static Scenario withTrainReports(double noise, double lost) {
        return exact.withTrainFeed(exact.trainFeed().withTrainReports(noise, lost));
    }

    private static SimulationSummary run(Scenario scenario, long seed, String name)
            throws IOException {
        return TestScenarios.runToFiles(
                scenario, seed, FROM, TO, dir.resolve(name), SimulationObserver.NONE);
    }

    /** The train reports of a run by event id (first delivery; resends are the same). */
    private static Map<String, TrainEvent> trainReports(String run) throws IOException {
        EventReader reader = new EventReader();
        Map<String, TrainEvent> reports = new LinkedHashMap<>();
        for (String line :
                Files.readAllLines(
                        dir.resolve(run).resolve(FileEventSink.TRAIN_EVENTS_FILE),
                        StandardCharsets.UTF_8)) {
            FeedEvent event;
            try {
                event = reader.read(line);
            } catch (InvalidEventException e) {
                throw new AssertionError("unreadable record " + line, e);
            }
            if (event instanceof TrainEvent train) {
                reports.putIfAbsent(train.eventId, train);
            }
        }
        return reports;
    }

    private static void assertSameFile(String run, String other, String file) throws IOException {
        assertThat(Files.mismatch(dir.resolve(run).resolve(file), dir.resolve(other).resolve(file)))
                .as("%s of %s and %s", file, run, other)
                .isEqualTo(-1L);
    }

    @Test
    void reportedLoadsAreOffByAboutTheConfiguredSpread() throws IOException {
        Map<String, TrainEvent> truth = trainReports("exact");
        Map<String, TrainEvent> noisy = trainReports("noisy");
        assertThat(noisy.keySet()).as("noise loses no report").isEqualTo(truth.keySet());
        double sum = 0;
        double sumOfSquares = 0;
        int count = 0;
        int changed = 0;
        for (Map.Entry<String, TrainEvent> entry : truth.entrySet()) {
            TrainEvent real = entry.getValue();
            TrainEvent reported = noisy.get(entry.getKey());
            assertThat(reported.load)
                    .as(entry.getKey())
                    .isBetween(0, (int) Math.floor(real.capacity * 1.1));
            if (reported.load != real.load) {
                changed++;
            }
            if (real.load == 0) {
                assertThat(reported.load).as("an empty train weighs empty").isZero();
            }
            // Where the capacity cut does not interfere.
            if (real.load >= 200 && real.load <= real.capacity * 0.9) {
                double error = (reported.load - real.load) / (double) real.load;
                sum += error;
                sumOfSquares += error * error;
                count++;
            }
        }
        double mean = sum / count;
        double sd = Math.sqrt(sumOfSquares / count - mean * mean);
        LOG.info(
                "{} train reports, {} with another load; relative error mean {} sd {} over {}",
                truth.size(),
                changed,
                mean,
                sd,
                count);
        assertThat(count).isGreaterThan(500);
        assertThat(sd).isCloseTo(0.03, within(0.005));
        assertThat(mean).isCloseTo(0.0, within(0.005));
    }

    @Test
    void noiseChangesOnlyTheReportedLoadsAndIsRepeatable() throws IOException {
        assertSameFile("exact", "noisy", FileEventSink.GROUND_TRUTH_FILE);
        assertSameFile("exact", "noisy", FileEventSink.GATE_EVENTS_FILE);
        assertSameFile("noisy", "noisy-again", FileEventSink.TRAIN_EVENTS_FILE);
        String exactTrains =
                Files.readString(dir.resolve("exact").resolve(FileEventSink.TRAIN_EVENTS_FILE))
                        .replaceAll("\"load\":\\d+", "\"load\":_");
        String noisyTrains =
                Files.readString(dir.resolve("noisy").resolve(FileEventSink.TRAIN_EVENTS_FILE))
                        .replaceAll("\"load\":\\d+", "\"load\":_");
        assertThat(noisyTrains).as("only loads differ").isEqualTo(exactTrains);
    }

    @Test
    void aShareOfTrainReportsIsNeverDelivered() throws IOException {
        Map<String, TrainEvent> all = trainReports("exact");
        Map<String, TrainEvent> delivered = trainReports("lost");
        assertThat(all.keySet()).containsAll(delivered.keySet());
        int lost = all.size() - delivered.size();
        double share = lost / (double) all.size();
        LOG.info("{} of {} train reports lost ({})", lost, all.size(), share);
        assertThat(share).isCloseTo(0.05, within(0.015));
        assertThat(lostSummary.lostTrainReports).isEqualTo(lost);
        for (Map.Entry<String, TrainEvent> entry : delivered.entrySet()) {
            assertThat(entry.getValue().load)
                    .as("loads stay exact")
                    .isEqualTo(all.get(entry.getKey()).load);
        }
        assertSameFile("exact", "lost", FileEventSink.GROUND_TRUTH_FILE);
        assertSameFile("exact", "lost", FileEventSink.GATE_EVENTS_FILE);
        String signalling = "\"kind\":\"signalling-heartbeat\"";
        assertThat(
                        Files.readAllLines(dir.resolve("lost").resolve("train-events.jsonl"))
                                .stream()
                                .filter(line -> line.contains(signalling))
                                .count())
                .as("signalling heartbeats are never lost")
                .isEqualTo(
                        Files.readAllLines(dir.resolve("exact").resolve("train-events.jsonl"))
                                .stream()
                                .filter(line -> line.contains(signalling))
                                .count());
    }

    @Test
    void theDefaultIsRealisticAndAPerfectFeedReportsExactly() {
        assertThat(FeedSettings.DEFAULT_LOAD_NOISE).isEqualTo(FeedSettings.REALISTIC_LOAD_NOISE);
        assertThat(FeedSettings.perfect().loadNoise()).isZero();
        assertThat(FeedSettings.perfect().lostReportShare()).isZero();
    }
}
