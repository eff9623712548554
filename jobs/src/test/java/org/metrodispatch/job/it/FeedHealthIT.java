package org.metrodispatch.job.it;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.Replay;
import org.metrodispatch.job.ReplaySummary;

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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feed health on a real replay: the clean morning raises no feed alert; the hostile morning ({@code
 * config/scenarios/examples/hostile-morning.yaml}: a gate an hour ahead, a station half an hour
 * behind, a gate silent for half an hour, the train feed silent for five minutes, taps lost at one
 * station) raises each fault where it is, and clears it when the feed recovers; no other feed is
 * accused.
 */
class FeedHealthIT {

    @RegisterExtension static final MiniClusterExtension FLINK = JobTestSupport.miniCluster();

    private static final long SEED = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    private static List<JsonNode> clean;
    private static List<JsonNode> hostile;
    private static Path hostileOut;

    @BeforeAll
    static void replayBothMornings() throws Exception {
        JobSettings settings = JobTestSupport.settings();
        Network network = JobTestSupport.network(settings);
        FlowShares shares = JobTestSupport.shares(settings, network);
        clean =
                replay(
                        Scenario.load(JobTestSupport.MORNING_PEAK),
                        "clean",
                        settings,
                        network,
                        shares);
        Scenario hostileMorning =
                Scenario.load(
                        JobTestSupport.CONFIG.resolve("scenarios/examples/hostile-morning.yaml"));
        hostile = replay(hostileMorning, "hostile", settings, network, shares);
        hostileOut = dir.resolve("hostile-out");
    }

    private static List<JsonNode> replay(
            Scenario scenario,
            String name,
            JobSettings settings,
            Network network,
            FlowShares shares)
            throws Exception {
        Path input = dir.resolve(name);
        JobTestSupport.simulate(scenario, SEED, "07:30", "09:00", input);
        Path out = dir.resolve(name + "-out");
        Replay.run(settings, network, shares, input, out);
        List<JsonNode> alerts = new ArrayList<>();
        Path file = out.resolve("feed-health.jsonl");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                alerts.add(JSON.readTree(line));
            }
        }
        return alerts;
    }

    private static List<String> raised(String kind) {
        List<String> feeds = new ArrayList<>();
        for (JsonNode alert : hostile) {
            if (alert.get("feedAlert").asText().equals("RAISED")
                    && alert.get("kind").asText().equals(kind)) {
                feeds.add(alert.get("stationId").asText() + " " + alert.get("feed").asText());
            }
        }
        return feeds;
    }

    private static List<JsonNode> of(String kind, String feedPrefix) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode alert : hostile) {
            if (alert.get("kind").asText().equals(kind)
                    && alert.get("feed").asText().startsWith(feedPrefix)) {
                found.add(alert);
            }
        }
        return found;
    }

    @Test
    void theCleanMorningRaisesNoFeedAlert() {
        assertThat(clean).isEmpty();
    }

    @Test
    void skewedClocksAreNamed() {
        assertThat(raised("CLOCK_SKEWED"))
                .contains("shengxian-lake gate shengxian-lake-g02")
                .anyMatch(f -> f.startsWith("luomashi gate luomashi-g"))
                .allMatch(
                        f ->
                                f.startsWith("shengxian-lake gate shengxian-lake-g02")
                                        || f.startsWith("luomashi gate luomashi-g"));
        assertThat(of("CLOCK_SKEWED", "gate shengxian-lake-g02").get(0).get("reason").asText())
                .startsWith("clock ahead by ~1 h");
    }

    @Test
    void aSilentGateIsRaisedAndClearedWhenItReportsAgain() {
        List<JsonNode> gate = of("GATES_SILENT", "north-railway-station-g05");
        assertThat(gate)
                .extracting(a -> a.get("feedAlert").asText())
                .containsExactly("RAISED", "CLEARED");
        // Silent 07:40 to 08:10: found within the bound (3 min) plus a heartbeat and a period.
        assertThat(time(gate.get(0))).isBetween("07:42", "07:46");
        assertThat(time(gate.get(1))).isBetween("08:10", "08:13");
        assertThat(raised("GATES_SILENT"))
                .containsOnly("north-railway-station north-railway-station-g05");
    }

    @Test
    void theSilentTrainFeedIsRaisedAtEveryStationAndCleared() {
        List<String> stations = raised("TRAIN_FEED_SILENT");
        assertThat(stations).hasSizeGreaterThan(20);
        for (JsonNode alert : of("TRAIN_FEED_SILENT", "train feed")) {
            if (alert.get("feedAlert").asText().equals("RAISED")) {
                assertThat(time(alert)).isBetween("08:22", "08:25");
            } else {
                // Some train reports of the silent minutes come through late.
                assertThat(time(alert)).isBetween("08:23", "08:28");
            }
        }
        long cleared =
                of("TRAIN_FEED_SILENT", "train feed").stream()
                        .filter(a -> a.get("feedAlert").asText().equals("CLEARED"))
                        .count();
        assertThat(cleared).isEqualTo(stations.size());
    }

    @Test
    void lostTapsAreFoundAtTheStationThatLosesThem() {
        assertThat(raised("TAPS_LOST"))
                .isNotEmpty()
                .allMatch(
                        f ->
                                f.startsWith("tianfu-square tianfu-square-g")
                                        || f.startsWith(
                                                "north-railway-station north-railway-station-g05"));
        JsonNode first = of("TAPS_LOST", "tianfu-square-g").get(0);
        assertThat(first.get("expected").asLong()).isGreaterThan(first.get("received").asLong());
    }

    @Test
    void theReplaySummaryCountsTheAlerts() throws IOException {
        ReplaySummary summary = ReplaySummary.read(dir.resolve("hostile"), hostileOut);
        assertThat(summary.feedAlertsRaised()).isNotEmpty();
        assertThat(summary.text()).contains("Feed alerts raised:").contains("TRAIN_FEED_SILENT");
    }

    /** The alert's local time of day, HH:mm:ss. */
    private static String time(JsonNode alert) {
        String t = alert.get("eventTime").asText();
        return t.substring(11, 19);
    }
}
