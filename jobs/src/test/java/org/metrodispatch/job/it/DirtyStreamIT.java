package org.metrodispatch.job.it;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.job.EventTimeSniffer;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.Replay;
import org.metrodispatch.simulator.engine.SimulationSummary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same morning peak once clean and once with resends and malformed records injected: the junk
 * ends in the dead-letter output, resends count once, the job keeps running, and its decisions are
 * those of the clean stream. Records later than the bound end in the late output.
 */
class DirtyStreamIT {

    @RegisterExtension static final MiniClusterExtension FLINK = JobTestSupport.miniCluster();

    private static final long SEED = 8;

    @TempDir static Path dir;
    private static SimulationSummary dirtyRun;
    private static JobSettings settings;

    @BeforeAll
    static void replayCleanAndDirty() throws Exception {
        Scenario clean = JobTestSupport.morningPeakWithFeeds(dir, 0.0, 0.0);
        Scenario dirty = JobTestSupport.morningPeakWithFeeds(dir, 0.01, 0.002);
        JobTestSupport.simulate(clean, SEED, "07:00", "09:30", dir.resolve("clean"));
        dirtyRun = JobTestSupport.simulate(dirty, SEED, "07:00", "09:30", dir.resolve("dirty"));
        settings = JobTestSupport.settings();
        Network network = JobTestSupport.network(settings);
        FlowShares shares = JobTestSupport.shares(settings, network);
        Replay.run(settings, network, shares, dir.resolve("clean"), dir.resolve("clean-out"));
        Replay.run(settings, network, shares, dir.resolve("dirty"), dir.resolve("dirty-out"));
    }

    @Test
    void decisionsEqualThoseOfTheCleanStream() throws Exception {
        List<String> clean = JobTestSupport.decisionLines(dir.resolve("clean-out/decisions.jsonl"));
        assertThat(clean).isNotEmpty();
        assertThat(JobTestSupport.decisionLines(dir.resolve("dirty-out/decisions.jsonl")))
                .isEqualTo(clean);
    }

    @Test
    void resentEventsCountOnce() throws Exception {
        assertThat(dirtyRun.duplicates).isPositive();
        assertThat(Files.readAllBytes(dir.resolve("dirty-out/station-load.jsonl")))
                .isEqualTo(Files.readAllBytes(dir.resolve("clean-out/station-load.jsonl")));
    }

    @Test
    void everyMalformedRecordIsADeadLetterWithItsReason() throws Exception {
        assertThat(Files.readAllLines(dir.resolve("clean-out/dead-letters.jsonl"))).isEmpty();
        List<String> deadLetters = Files.readAllLines(dir.resolve("dirty-out/dead-letters.jsonl"));
        assertThat((long) deadLetters.size()).isEqualTo(dirtyRun.malformed).isPositive();
        ObjectMapper json = new ObjectMapper();
        for (String line : deadLetters) {
            JsonNode node = json.readTree(line);
            assertThat(node.get("reason").asText()).isNotBlank();
            assertThat(node.get("source").asText()).matches("(gate|train)-events\\.jsonl:\\d+");
            assertThat(node.has("raw")).isTrue();
        }
    }

    @Test
    void recordsLaterThanTheBoundEndInTheLateOutput() throws Exception {
        long bound = settings.outOfOrderness.toMillis();
        Set<String> late = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(dir.resolve("clean-out/late-events.jsonl"))) {
            JsonNode node = json.readTree(line);
            late.add(node.get("source").asText());
            assertThat(node.get("reason").asText()).isEqualTo("later than the watermark allows");
        }
        // Event time follows the stations' front, a little behind a file's newest record (never
        // ahead of it): a record within the bound of its file's latest time is never late, and one
        // older than that by more than the front's lag as well is late whatever the other file
        // does.
        long frontLag = 60_000;
        int expected = 0;
        for (String file : List.of("gate-events.jsonl", "train-events.jsonl")) {
            List<String> lines =
                    Files.readAllLines(dir.resolve("clean").resolve(file), StandardCharsets.UTF_8);
            long latest = Long.MIN_VALUE;
            for (int i = 0; i < lines.size(); i++) {
                long time =
                        EventTimeSniffer.eventTime(lines.get(i).getBytes(StandardCharsets.UTF_8));
                String where = file + ":" + (i + 1);
                if (latest != Long.MIN_VALUE && time < latest - bound - frontLag - 1) {
                    expected++;
                    assertThat(late).as("%s line %d", file, i + 1).contains(where);
                } else if (latest == Long.MIN_VALUE || time >= latest - bound) {
                    assertThat(late).as("%s line %d", file, i + 1).doesNotContain(where);
                }
                latest = Math.max(latest, time);
            }
        }
        assertThat(expected).isPositive();
    }
}
