package org.metrodispatch.simulator.feed;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.event.FeedEvent;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.json.EventReader;
import org.metrodispatch.contract.json.InvalidEventException;
import org.metrodispatch.simulator.TestScenarios;
import org.metrodispatch.simulator.engine.SimulationObserver;
import org.metrodispatch.simulator.engine.SimulationSummary;
import org.metrodispatch.simulator.output.FileEventSink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate feed arrives out of order, with resends, a few very late records and, on demand, junk.
 */
class FeedImperfectionsTest {

    @Test
    void gateFeedIsOutOfOrderWithResendsAndVeryLateRecords(@TempDir Path dir) throws Exception {
        Scenario scenario = TestScenarios.morningPeak();
        SimulationSummary summary =
                TestScenarios.runToFiles(
                        scenario, 4, "08:00", "08:30", dir, SimulationObserver.NONE);
        List<String> lines = Files.readAllLines(dir.resolve(FileEventSink.GATE_EVENTS_FILE));
        EventReader reader = new EventReader();
        Map<String, Integer> copies = new HashMap<>();
        long maxSeen = Long.MIN_VALUE;
        int outOfOrder = 0;
        int veryLate = 0;
        for (String line : lines) {
            Object event = reader.read(line);
            if (!(event instanceof GateEvent)) {
                continue;
            }
            GateEvent tap = (GateEvent) event;
            copies.merge(tap.eventId, 1, Integer::sum);
            if (tap.eventTime < maxSeen) {
                outOfOrder++;
                if (maxSeen - tap.eventTime > 10 * 60_000) {
                    veryLate++;
                }
            }
            maxSeen = Math.max(maxSeen, tap.eventTime);
        }
        long resent = copies.values().stream().filter(n -> n > 1).count();
        assertThat(outOfOrder)
                .as("taps behind an earlier-delivered later tap")
                .isGreaterThan(lines.size() / 10);
        assertThat(resent).isGreaterThan(0).isLessThan(copies.size() / 100);
        assertThat(copies.values()).allMatch(n -> n <= 2);
        assertThat(veryLate).isGreaterThan(0).isLessThan(copies.size() / 500);
        assertThat(summary.gateTaps).isEqualTo(copies.size());
    }

    @Test
    void malformedRecordsAreInjectedBesideTheGoodOnesAndAllBreakTheContract(@TempDir Path dir)
            throws IOException {
        Scenario clean = TestScenarios.morningPeak();
        TestScenarios.runToFiles(
                clean, 9, "08:00", "08:05", dir.resolve("clean"), SimulationObserver.NONE);
        SimulationSummary summary =
                TestScenarios.runToFiles(
                        clean.withMalformedShare(0.01),
                        9,
                        "08:00",
                        "08:05",
                        dir.resolve("dirty"),
                        SimulationObserver.NONE);
        assertThat(summary.malformed).isGreaterThan(100);

        Set<String> cleanLines =
                new HashSet<>(lines(dir.resolve("clean").resolve(FileEventSink.GATE_EVENTS_FILE)));
        cleanLines.addAll(lines(dir.resolve("clean").resolve(FileEventSink.TRAIN_EVENTS_FILE)));
        Set<String> stations = new HashSet<>();
        clean.network().stations().forEach(s -> stations.add(s.id()));
        long referenceTime =
                clean.date().atStartOfDay(clean.network().timeZone()).toEpochSecond() * 1000;

        EventReader reader = new EventReader();
        int extra = 0;
        for (String file :
                List.of(FileEventSink.GATE_EVENTS_FILE, FileEventSink.TRAIN_EVENTS_FILE)) {
            for (String line : lines(dir.resolve("dirty").resolve(file))) {
                if (cleanLines.contains(line)) {
                    continue;
                }
                extra++;
                assertThat(breaksTheContract(reader, line, stations, referenceTime))
                        .as("injected record %s", line)
                        .isTrue();
            }
        }
        assertThat(extra).isEqualTo(summary.malformed);
        // The good records come exactly as in the clean run, in the same order: junk is added.
        for (String file :
                List.of(FileEventSink.GATE_EVENTS_FILE, FileEventSink.TRAIN_EVENTS_FILE)) {
            List<String> dirty = lines(dir.resolve("dirty").resolve(file));
            dirty.retainAll(cleanLines);
            assertThat(dirty).isEqualTo(lines(dir.resolve("clean").resolve(file)));
        }
    }

    /** Lines as Latin-1 text, so that invalid UTF-8 survives the round trip byte for byte. */
    private static List<String> lines(Path file) throws IOException {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
    }

    private static boolean breaksTheContract(
            EventReader reader, String line, Set<String> stations, long dayStart) {
        FeedEvent event;
        try {
            event = reader.read(line.getBytes(StandardCharsets.ISO_8859_1));
        } catch (InvalidEventException e) {
            return true;
        }
        boolean farFromTheDay = Math.abs(event.eventTime() - dayStart) > 10L * 365 * 86_400_000L;
        return !stations.contains(event.stationId()) || farFromTheDay;
    }
}
