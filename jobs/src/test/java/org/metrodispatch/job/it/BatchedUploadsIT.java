package org.metrodispatch.job.it;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.Replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gates that upload in batches: every gate of a clean morning delivers its records every 5 minutes
 * (at its own phase). With the default 90 s bound most taps are late events, and feed health says
 * so with the bound that would take them; with that bound set in the job file, no tap is late and
 * the job counts every tap it counts when the gates deliver at once.
 */
class BatchedUploadsIT {

    @RegisterExtension static final MiniClusterExtension FLINK = JobTestSupport.miniCluster();

    private static final long SEED = 5;
    private static final long BATCH_MILLIS = 300_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADVICE =
            Pattern.compile("set eventTime.lateness.gatesSeconds to (\\d+) or more");

    @TempDir static Path dir;
    private static Path batched;
    private static Path tightOut;
    private static Path cleanOut;
    private static long taps;

    @BeforeAll
    static void replayBatchedGatesWithTheDefaultBound() throws Exception {
        Path clean = dir.resolve("clean");
        JobTestSupport.simulate(
                Scenario.load(JobTestSupport.MORNING_PEAK), SEED, "07:30", "08:30", clean);
        batched = dir.resolve("batched");
        Files.createDirectories(batched);
        Files.copy(clean.resolve("train-events.jsonl"), batched.resolve("train-events.jsonl"));
        taps = batch(clean.resolve("gate-events.jsonl"), batched.resolve("gate-events.jsonl"));
        JobSettings settings = JobTestSupport.settings();
        Network network = JobTestSupport.network(settings);
        FlowShares shares = JobTestSupport.shares(settings, network);
        cleanOut = dir.resolve("clean-out");
        Replay.run(settings, network, shares, clean, cleanOut);
        tightOut = dir.resolve("tight");
        Replay.run(settings, network, shares, batched, tightOut);
    }

    /** Reorders the gate file as gates uploading every 5 minutes deliver it; returns its taps. */
    private static long batch(Path from, Path to) throws IOException {
        record Line(long delivered, int order, String text) {}
        List<Line> lines = new ArrayList<>();
        long tapCount = 0;
        int order = 0;
        for (String text : Files.readAllLines(from)) {
            JsonNode record = JSON.readTree(text);
            long time =
                    OffsetDateTime.parse(record.get("eventTime").asText())
                            .toInstant()
                            .toEpochMilli();
            long phase = Math.floorMod(record.get("gateId").asText().hashCode(), BATCH_MILLIS);
            long delivered = (Math.floorDiv(time - phase, BATCH_MILLIS) + 1) * BATCH_MILLIS + phase;
            lines.add(new Line(delivered, order++, text));
            if (record.get("kind").asText().equals("gate")) {
                tapCount++;
            }
        }
        lines.sort(Comparator.comparingLong(Line::delivered).thenComparingInt(Line::order));
        Files.write(to, lines.stream().map(Line::text).toList());
        return tapCount;
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    private static List<JsonNode> lateArrivals(Path out) throws IOException {
        return lines(out.resolve("feed-health.jsonl")).stream()
                .filter(a -> a.get("kind").asText().equals("LATE_ARRIVALS"))
                .toList();
    }

    private static long entriesCounted(Path out) throws IOException {
        // Windows that tile the replay without overlap: 5 minutes each, on 5-minute boundaries.
        long sum = 0;
        for (JsonNode load : lines(out.resolve("station-load.jsonl"))) {
            long start =
                    OffsetDateTime.parse(load.get("windowStart").asText())
                            .toInstant()
                            .toEpochMilli();
            if (start % 300_000 == 0) {
                sum += load.get("entries").asLong() + load.get("exits").asLong();
            }
        }
        return sum;
    }

    @Test
    void withTheDefaultBoundMostTapsAreLateAndFeedHealthSaysWhichBoundWouldTakeThem()
            throws IOException {
        long late = lines(tightOut.resolve("late-events.jsonl")).size();
        // A large share: more than a third of the morning's taps.
        assertThat(late).isGreaterThan(taps / 3);
        List<JsonNode> alerts = lateArrivals(tightOut);
        assertThat(alerts).isNotEmpty();
        JsonNode raised = alerts.get(0);
        assertThat(raised.get("feedAlert").asText()).isEqualTo("RAISED");
        assertThat(raised.get("feed").asText()).isEqualTo("gates");
        assertThat(raised.path("stationId").isTextual()).as("a line-wide alert").isFalse();
        Matcher advice = ADVICE.matcher(raised.get("reason").asText());
        assertThat(advice.find()).as(raised.get("reason").asText()).isTrue();
        assertThat(Integer.parseInt(advice.group(1))).isBetween(240, 420);
        // The decisions taken meanwhile say what they rest on.
        assertThat(lines(tightOut.resolve("decisions.jsonl")))
                .isNotEmpty()
                .anyMatch(
                        d ->
                                d.path("degradedFeeds")
                                        .asText()
                                        .contains("set eventTime.lateness.gatesSeconds to"));
    }

    @Test
    void withTheAdvisedBoundNothingIsLateAndEveryTapCounts() throws Exception {
        Matcher advice = ADVICE.matcher(lateArrivals(tightOut).get(0).get("reason").asText());
        assertThat(advice.find()).isTrue();
        Path jobFile = dir.resolve("job.yaml");
        String yaml =
                Files.readString(JobTestSupport.CONFIG.resolve("job.yaml"))
                        .replace("gatesSeconds: 90", "gatesSeconds: " + advice.group(1))
                        .replace(
                                "network: networks/",
                                "network: " + JobTestSupport.CONFIG + "/networks/")
                        .replace(
                                "profile: profiles/",
                                "profile: " + JobTestSupport.CONFIG + "/profiles/")
                        .replace(
                                "topics: kafka.yaml",
                                "topics: " + JobTestSupport.CONFIG + "/kafka.yaml");
        Files.writeString(jobFile, yaml);
        JobSettings settings = JobSettings.load(jobFile);
        assertThat(settings.outOfOrderness.toSeconds()).isEqualTo(Long.parseLong(advice.group(1)));
        Network network = JobTestSupport.network(settings);
        FlowShares shares = JobTestSupport.shares(settings, network);
        Path out = dir.resolve("advised");
        Replay.run(settings, network, shares, batched, out);

        assertThat(lines(out.resolve("late-events.jsonl"))).isEmpty();
        assertThat(lateArrivals(out)).isEmpty();
        // Every tap the job counts when the gates deliver at once, and the clean morning's few
        // stragglers (late at 90 s) besides.
        assertThat(entriesCounted(out))
                .isGreaterThanOrEqualTo(entriesCounted(cleanOut))
                .isLessThanOrEqualTo(taps)
                .isGreaterThan(entriesCounted(tightOut));
    }
}
