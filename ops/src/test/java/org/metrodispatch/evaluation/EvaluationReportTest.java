package org.metrodispatch.evaluation;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.truth.EpisodeRules;
import org.metrodispatch.contract.truth.GroundTruth;
import org.metrodispatch.contract.truth.Histories;
import org.metrodispatch.contract.truth.LevelOfService;
import org.metrodispatch.contract.truth.Platform;
import org.metrodispatch.contract.truth.PlatformHistory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.metrodispatch.contract.truth.Histories.minute;

class EvaluationReportTest {

    private static final EpisodeRules RULES =
            new EpisodeRules(
                    2, 20, LevelOfService.E, 3, Duration.ofMinutes(10), Duration.ofMinutes(5));
    private static final ZoneId CHENGDU = ZoneId.of("Asia/Shanghai");

    /** Nijiaqiao leaves 400 behind twice without dispatch, 100 with; Sihe is quiet in both. */
    private static SeedEvaluation seed(long seed, double raisedAt) {
        Map<Platform, PlatformHistory> open = new TreeMap<>();
        open.put(
                new Platform("nijiaqiao", "southbound"),
                new PlatformHistory(
                        List.of(new PlatformHistory.Minute(minute(1), 800, 0.5, LevelOfService.D)),
                        Histories.departureList(0, 400, 400, 0)));
        open.put(new Platform("sihe", "southbound"), Histories.departures(0, 0, 0, 0));
        Map<Platform, PlatformHistory> closed = new TreeMap<>();
        closed.put(
                new Platform("nijiaqiao", "southbound"),
                new PlatformHistory(
                        List.of(new PlatformHistory.Minute(minute(1), 200, 2.0, LevelOfService.A)),
                        Histories.departureList(0, 100, 100, 0)));
        closed.put(new Platform("sihe", "southbound"), Histories.departures(0, 0, 0, 0));
        DispatchDecision raised = new DispatchDecision();
        raised.recommendationId = "n-" + seed;
        raised.decision = DecisionType.RAISED;
        raised.stationId = "nijiaqiao";
        raised.direction = "southbound";
        raised.eventTime = minute(raisedAt);
        raised.trainsSent = 1;
        return SeedEvaluation.of(
                seed,
                new SeedEvaluation.Runs(
                        new GroundTruth(open),
                        List.of(raised),
                        new GroundTruth(closed),
                        List.of(raised),
                        1,
                        1,
                        5),
                minute(-10),
                minute(60),
                RULES);
    }

    @Test
    void reportJsonHasTotalsStationsAndEverySeed(@TempDir Path dir) throws IOException {
        ScenarioEvaluation scenario =
                new ScenarioEvaluation(
                        "peak",
                        "peak.yaml",
                        "08:00-09:00",
                        List.of(seed(1, 6), seed(2, 8)),
                        new ScenarioEvaluation.LearnedProfile(
                                "card-pairs",
                                List.of(101L, 102L),
                                Map.of("heldOutDirectionShareError", 0.012),
                                new ProfileCheck(0.02, 0.01)));
        EvaluationReport report = new EvaluationReport(List.of(scenario), RULES, CHENGDU);
        report.write(dir, "figure.png");

        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.at("/total/recall").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/scenarios/0/profile/historySeeds/1").asLong()).isEqualTo(102);
        assertThat(json.at("/scenarios/0/profile/directionShareErrorAgainstDemandModel").asDouble())
                .isEqualTo(0.02);
        assertThat(Files.readString(dir.resolve("report.md")))
                .contains("learned (card-pairs) from history seeds [101, 102]")
                .contains("off by 0.012");
        assertThat(json.at("/total/precision").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/total/medianDetectionDelayMinutes").asDouble())
                .as("onset at minute 6; raised at 6 and 8")
                .isEqualTo(1.0);
        assertThat(json.at("/stations").fieldNames()).toIterable().containsExactly("nijiaqiao");
        assertThat(json.at("/stations/nijiaqiao/leftBehindReduction").asDouble())
                .isCloseTo(0.75, within(1e-9));
        assertThat(json.at("/stations/nijiaqiao/waitingReduction").asDouble())
                .isCloseTo(0.75, within(1e-9));
        assertThat(json.at("/scenarios/0/seeds")).hasSize(2);
        assertThat(json.at("/scenarios/0/seeds/1/detection/detectionDelaysMinutes/0").asDouble())
                .isEqualTo(2.0);
        assertThat(json.at("/scenarios/0/seeds/0/trains/inserted").asInt()).isEqualTo(1);
        assertThat(json.at("/definitions/leftBehindDepartures").asInt()).isEqualTo(2);

        String markdown = Files.readString(dir.resolve("report.md"));
        assertThat(markdown)
                .contains("recall 100.0 %")
                .contains("| nijiaqiao | 400 → 100 | 75.0 % |")
                .contains("![Waiting with and without dispatch](figure.png)");
    }

    @Test
    void decisionsAfterTheDecidedSpanDoNotCount() {
        SeedEvaluation late = seed(1, 70);
        assertThat(late.detection().jobEpisodes()).isZero();
        assertThat(late.detection().recall()).isZero();
    }
}
