package org.metrodispatch.simulator.engine;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.json.EventReader;
import org.metrodispatch.contract.json.InvalidEventException;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.simulator.TestScenarios;
import org.metrodispatch.simulator.output.FileEventSink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SimulationDeterminismTest {

    private static final List<String> FILES =
            List.of(
                    FileEventSink.GATE_EVENTS_FILE,
                    FileEventSink.TRAIN_EVENTS_FILE,
                    FileEventSink.GROUND_TRUTH_FILE);

    @Test
    void sameSeedGivesByteIdenticalFiles(@TempDir Path dir) throws IOException {
        Scenario scenario = TestScenarios.morningPeak();
        TestScenarios.runToFiles(
                scenario, 7, "07:30", "08:00", dir.resolve("a"), SimulationObserver.NONE);
        TestScenarios.runToFiles(
                scenario, 7, "07:30", "08:00", dir.resolve("b"), SimulationObserver.NONE);
        for (String file : FILES) {
            byte[] first = Files.readAllBytes(dir.resolve("a").resolve(file));
            assertThat(first).as(file).isNotEmpty();
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(file)))
                    .as(file)
                    .isEqualTo(first);
        }
    }

    @Test
    void differentSeedGivesDifferentTraffic(@TempDir Path dir) throws IOException {
        Scenario scenario = TestScenarios.morningPeak();
        TestScenarios.runToFiles(
                scenario, 1, "07:30", "07:40", dir.resolve("a"), SimulationObserver.NONE);
        TestScenarios.runToFiles(
                scenario, 2, "07:30", "07:40", dir.resolve("b"), SimulationObserver.NONE);
        assertThat(Files.readAllBytes(dir.resolve("b").resolve(FileEventSink.GATE_EVENTS_FILE)))
                .isNotEqualTo(
                        Files.readAllBytes(
                                dir.resolve("a").resolve(FileEventSink.GATE_EVENTS_FILE)));
    }

    @Test
    void aNarrowerWindowIsTheSameDayCutShorter(@TempDir Path dir) throws IOException {
        Scenario scenario = TestScenarios.morningPeak();
        TestScenarios.runToFiles(
                scenario, 3, "07:00", "08:00", dir.resolve("wide"), SimulationObserver.NONE);
        TestScenarios.runToFiles(
                scenario, 3, "07:20", "07:40", dir.resolve("narrow"), SimulationObserver.NONE);
        long from = epochMillis(scenario, "07:20");
        long to = epochMillis(scenario, "07:40");
        for (String file :
                List.of(FileEventSink.GATE_EVENTS_FILE, FileEventSink.TRAIN_EVENTS_FILE)) {
            List<String> cut =
                    Files.readAllLines(dir.resolve("wide").resolve(file)).stream()
                            .filter(line -> within(line, from, to))
                            .collect(Collectors.toList());
            assertThat(Files.readAllLines(dir.resolve("narrow").resolve(file)))
                    .as(file)
                    .isEqualTo(cut)
                    .isNotEmpty();
        }
    }

    @Test
    void eachLineOfACityIsTheDayThatLineWouldHaveAlone(@TempDir Path dir) throws IOException {
        Path cityFile = dir.resolve("city.yaml");
        Files.writeString(
                cityFile,
                "id: x2\nlines:\n  - scenario: "
                        + TestScenarios.MORNING_PEAK
                        + "\n    copies: 2\n");
        List<Scenario> lines = Scenario.loadLines(cityFile);
        assertThat(lines).extracting(l -> l.network().lineId()).containsExactly("1", "1-2");
        SimulationOptions options =
                new SimulationOptions(
                        5,
                        lines.get(0).date(),
                        TestScenarios.time("07:30"),
                        TestScenarios.time("07:50"),
                        SimulationOptions.FAST);
        List<SimulationSummary> summaries;
        try (FileEventSink sink = new FileEventSink(dir.resolve("city"))) {
            summaries =
                    Simulation.runTogether(
                            List.of(
                                    new Simulation(lines.get(0), options, sink),
                                    new Simulation(lines.get(1), options.withSeed(6), sink)));
        }
        for (int k = 0; k < 2; k++) {
            Path alone = dir.resolve("alone-" + k);
            try (FileEventSink sink = new FileEventSink(alone)) {
                new Simulation(lines.get(k), options.withSeed(5 + k), sink).run();
            }
            Network line = lines.get(k).network();
            for (String file :
                    List.of(FileEventSink.GATE_EVENTS_FILE, FileEventSink.TRAIN_EVENTS_FILE)) {
                List<String> ofThisLine =
                        Files.readAllLines(dir.resolve("city").resolve(file)).stream()
                                .filter(record -> line.indexOf(stationOf(record)) >= 0)
                                .collect(Collectors.toList());
                assertThat(ofThisLine)
                        .as("line %d, %s", k, file)
                        .isNotEmpty()
                        .isEqualTo(Files.readAllLines(alone.resolve(file)));
            }
            assertThat(summaries.get(k).gateTaps).isPositive();
        }
    }

    /** The station id of an event line; "" when it has none. */
    private static String stationOf(String line) {
        int at = line.indexOf("\"stationId\":\"");
        if (at < 0) {
            return "";
        }
        int from = at + "\"stationId\":\"".length();
        return line.substring(from, line.indexOf('"', from));
    }

    private static long epochMillis(Scenario scenario, String hhmm) {
        return scenario.date().atStartOfDay(scenario.network().timeZone()).toEpochSecond() * 1000
                + TestScenarios.time(hhmm) * 1000L;
    }

    private static boolean within(String line, long from, long to) {
        try {
            long time = new EventReader().read(line).eventTime();
            return time >= from && time < to;
        } catch (InvalidEventException e) {
            throw new AssertionError("simulator wrote an invalid record: " + line, e);
        }
    }
}
