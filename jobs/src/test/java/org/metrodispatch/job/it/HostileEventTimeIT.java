package org.metrodispatch.job.it;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.Replay;
import org.metrodispatch.job.io.ReplayIterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shortened morning peak (07:30-09:00) replayed clean and with hostile records and skewed clocks
 * injected into the gate feed. Each hostile replay ends (bounded work: no more station-load windows
 * than the clean run's), its decisions equal the clean run's, and every bad record is accounted
 * for: in the dead letters with a reason naming the clock that is off, or in the late events.
 */
class HostileEventTimeIT {

    @RegisterExtension static final MiniClusterExtension FLINK = JobTestSupport.miniCluster();

    private static final long SEED = 5;
    private static final Pattern TIME = Pattern.compile("\"eventTime\":\"([^\"]+)\"");
    private static final Pattern EVENT_ID = Pattern.compile("\"eventId\":\"([^\"]+)\"");
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Quiet stations, far from where the morning's decisions are made. */
    private static final String SKEWED_GATE = "xinglong-lake-g01";

    private static final String SKEWED_STATION = "guangzhou-road";
    private static final String DRIFTING_GATE = "science-city-g01";

    @TempDir static Path dir;
    private static JobSettings settings;
    private static Network network;
    private static FlowShares shares;
    private static Path clean;
    private static List<String> cleanGateLines;

    @BeforeAll
    static void replayTheCleanMorning() throws Exception {
        settings = JobTestSupport.settings();
        network = JobTestSupport.network(settings);
        shares = JobTestSupport.shares(settings, network);
        Scenario scenario = Scenario.load(JobTestSupport.MORNING_PEAK);
        clean = dir.resolve("clean");
        JobTestSupport.simulate(scenario, SEED, "07:30", "09:00", clean);
        Replay.run(settings, network, shares, clean, dir.resolve("clean-out"));
        cleanGateLines =
                Files.readAllLines(clean.resolve(ReplayIterator.GATE_FILE), StandardCharsets.UTF_8);
        assertThat(lines(dir.resolve("clean-out"), "decisions")).isNotEmpty();
    }

    @Test
    void anUnknownStationAheadOfTheStreamMovesNothing() throws Exception {
        Run run = new Run("unknown-station");
        int at = cleanGateLines.size() / 3;
        run.insert(
                at,
                "atlantis-1",
                with(cleanGateLines.get(at), "atlantis", Duration.ofMinutes(105)));
        Result result = run.replay();
        result.assertLikeTheCleanRun();
        assertThat(result.deadLetterReason("atlantis-1")).contains("unknown station 'atlantis'");
    }

    @Test
    void recordsDatedNineThousandNineHundredNinetyNineMoveNothing() throws Exception {
        Run run = new Run("year-9999");
        int at = cleanGateLines.size() / 2;
        for (int i = 0; i < 2; i++) {
            String line = cleanGateLines.get(at + i);
            run.insert(
                    at + i,
                    "y9999-" + i,
                    retimed(line, "9999" + time(line).substring(4))
                            .replace(id(line), "y9999-" + i));
        }
        Result result = run.replay();
        result.assertLikeTheCleanRun();
        assertThat(result.deadLetterReason("y9999-0"))
                .isEqualTo("eventTime is not a plausible time");
    }

    @Test
    void aFirstRecordDatedTwentyNinetyNineIsNotTrusted() throws Exception {
        Run run = new Run("first-2099");
        String first = cleanGateLines.get(0);
        run.insert(
                0,
                "y2099",
                retimed(first, "2099" + time(first).substring(4)).replace(id(first), "y2099"));
        Result result = run.replay();
        result.assertLikeTheCleanRun();
        assertThat(result.deadLetterReason("y2099")).startsWith("clock ahead by ~73 years: gate ");
    }

    @Test
    void oneRecordThreeHoursAheadMovesNothing() throws Exception {
        Run run = new Run("three-hours");
        int at = cleanGateLines.size() * 2 / 3;
        String line = cleanGateLines.get(at);
        String station = JSON.readTree(line).get("stationId").asText();
        run.insert(
                at,
                "ahead-3h",
                with(line, station, Duration.ofHours(3)).replace(id(line), "ahead-3h"));
        Result result = run.replay();
        result.assertLikeTheCleanRun();
        assertThat(result.deadLetterReason("ahead-3h")).startsWith("clock ahead by ~3 h: gate ");
    }

    @Test
    void aGateAnHourAheadAllMorningIsNamed() throws Exception {
        Run run = new Run("gate-plus-1h");
        run.shiftGates(g -> g.equals(SKEWED_GATE), (line, t) -> Duration.ofHours(1));
        Result result = run.replay();
        result.assertLikeTheCleanRun();
        assertThat(result.deadLetterReasons())
                .containsOnly("clock ahead by ~1 h: gate " + SKEWED_GATE);
    }

    @Test
    void aStationHalfAnHourBehindAllMorningIsNamed() throws Exception {
        Run run = new Run("station-minus-30");
        run.shiftGates(
                g -> g.startsWith(SKEWED_STATION + "-"), (line, t) -> Duration.ofMinutes(-30));
        Result result = run.replay();
        result.assertLikeTheCleanRun();
        // Until its feeds are found behind (a few records each), their records are late events.
        assertThat(result.deadLetterReasons())
                .anyMatch(r -> r.matches("clock behind by ~3[01] min: station " + SKEWED_STATION))
                .allMatch(r -> r.matches("clock behind by ~3[01] min: (gate|station) .*"));
    }

    @Test
    void aGateWhoseClockDriftsIsCaughtOnceItIsOff() throws Exception {
        Run run = new Run("drifting-gate");
        long start = OffsetDateTime.parse(time(cleanGateLines.get(0))).toInstant().toEpochMilli();
        // 20 minutes ahead by the end of the 90 minutes: 2 minutes off after about 9 minutes.
        run.shiftGates(
                g -> g.equals(DRIFTING_GATE),
                (line, t) -> Duration.ofMillis((t - start) * 20 / 90));
        Result result = run.replay();
        // While it is less than maxAheadSeconds ahead its records are believed, but it cannot
        // lift event time over the other stations' front: nothing changes for them.
        result.assertLikeTheCleanRun();
        assertThat(result.deadLetterReasons())
                .isNotEmpty()
                .allMatch(r -> r.matches("clock ahead by ~\\d+ (s|min): gate " + DRIFTING_GATE));
    }

    // --- the hostile folder and its replay ---

    /** A copy of the clean folder with the gate feed changed. */
    private static final class Run {
        final String name;
        final List<String> gateLines = new ArrayList<>(cleanGateLines);

        /** Event ids of the records that are bad, and must be accounted for. */
        final Set<String> bad = new HashSet<>();

        int inserted;

        Run(String name) {
            this.name = name;
        }

        void insert(int at, String eventId, String line) {
            gateLines.add(at + inserted, line);
            inserted++;
            bad.add(eventId);
        }

        /** Shifts the times of the matching gates' records; those clearly off are bad. */
        void shiftGates(java.util.function.Predicate<String> gates, Shift shift)
                throws IOException {
            // Off by clearly more than the bound (a delayed record is judged a little less off).
            long bound = settings.eventTime.maxAheadMillis() + settings.outOfOrderness.toMillis();
            for (int i = 0; i < gateLines.size(); i++) {
                String line = gateLines.get(i);
                JsonNode node = JSON.readTree(line);
                if (!node.has("gateId") || !gates.test(node.get("gateId").asText())) {
                    continue;
                }
                OffsetDateTime t = OffsetDateTime.parse(time(line));
                Duration by = shift.of(line, t.toInstant().toEpochMilli());
                gateLines.set(i, retimed(line, FORMAT.format(t.plus(by))));
                if (Math.abs(by.toMillis()) > bound) {
                    bad.add(id(line));
                }
            }
            assertThat(bad).isNotEmpty();
        }

        Result replay() throws Exception {
            Path input = dir.resolve(name);
            Files.createDirectories(input);
            Files.write(input.resolve(ReplayIterator.GATE_FILE), gateLines, StandardCharsets.UTF_8);
            Files.copy(
                    clean.resolve(ReplayIterator.TRAIN_FILE),
                    input.resolve(ReplayIterator.TRAIN_FILE));
            Path out = dir.resolve(name + "-out");
            Replay.run(settings, network, shares, input, out);
            return new Result(this, out);
        }
    }

    /** How a record's time is shifted, from the record and its original time. */
    @FunctionalInterface
    private interface Shift {
        Duration of(String line, long time);
    }

    private static final class Result {
        final Run run;
        final Path out;
        final Map<String, String> deadLetters = new HashMap<>();
        final Set<String> late = new HashSet<>();

        Result(Run run, Path out) throws IOException {
            this.run = run;
            this.out = out;
            for (String line : lines(out, "dead-letters")) {
                JsonNode node = JSON.readTree(line);
                deadLetters.put(idOrRaw(node.get("raw").asText()), node.get("reason").asText());
            }
            for (String line : lines(out, "late-events")) {
                late.add(idOrRaw(JSON.readTree(line).get("raw").asText()));
            }
        }

        void assertLikeTheCleanRun() throws IOException {
            Path cleanOut = dir.resolve("clean-out");
            assertAccountedAndBounded();
            // Nothing good is thrown away for the bad records' sake.
            Set<String> cleanLate = new HashSet<>();
            for (String line : lines(cleanOut, "late-events")) {
                cleanLate.add(idOrRaw(JSON.readTree(line).get("raw").asText()));
            }
            for (String id : late) {
                assertThat(cleanLate.contains(id) || run.bad.contains(id) || isShifted(id))
                        .as("%s: %s late only in the hostile run", run.name, id)
                        .isTrue();
            }
            assertThat(JobTestSupport.withoutEmittedAt(lines(out, "decisions")))
                    .as("decisions of %s", run.name)
                    .isEqualTo(JobTestSupport.withoutEmittedAt(lines(cleanOut, "decisions")));
        }

        void assertAccountedAndBounded() throws IOException {
            Path cleanOut = dir.resolve("clean-out");
            for (String id : run.bad) {
                assertThat(deadLetters.containsKey(id) || late.contains(id))
                        .as("%s: bad record %s accounted for", run.name, id)
                        .isTrue();
            }
            // Bounded work: no walk through empty windows.
            assertThat(lines(out, "station-load").size())
                    .isLessThanOrEqualTo(lines(cleanOut, "station-load").size());
            assertThat(deadLetters.keySet()).allMatch(id -> run.bad.contains(id) || isShifted(id));
        }

        /**
         * A record of a skewed gate, off by less than the bound (not bad, but not clean either).
         */
        boolean isShifted(String id) {
            return id.startsWith(SKEWED_GATE)
                    || id.startsWith(SKEWED_STATION + "-")
                    || id.startsWith(DRIFTING_GATE);
        }

        String deadLetterReason(String id) {
            assertThat(deadLetters).containsKey(id);
            return deadLetters.get(id);
        }

        Set<String> deadLetterReasons() {
            return new HashSet<>(deadLetters.values());
        }
    }

    private static List<String> lines(Path out, String output) throws IOException {
        return Files.readAllLines(out.resolve(output + ".jsonl"), StandardCharsets.UTF_8);
    }

    private static String time(String line) {
        Matcher m = TIME.matcher(line);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String id(String line) {
        Matcher m = EVENT_ID.matcher(line);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String idOrRaw(String raw) {
        Matcher m = EVENT_ID.matcher(raw);
        return m.find() ? m.group(1) : raw;
    }

    private static String retimed(String line, String time) {
        return TIME.matcher(line).replaceFirst("\"eventTime\":\"" + time + "\"");
    }

    /** The record at another station, its time shifted, with an id of its own. */
    private static String with(String line, String station, Duration ahead) {
        String original = JSON.valueToTree(line).asText();
        String moved =
                retimed(original, FORMAT.format(OffsetDateTime.parse(time(original)).plus(ahead)));
        moved = moved.replaceAll("\"stationId\":\"[^\"]+\"", "\"stationId\":\"" + station + "\"");
        return station.equals("atlantis") ? moved.replace(id(original), "atlantis-1") : moved;
    }
}
