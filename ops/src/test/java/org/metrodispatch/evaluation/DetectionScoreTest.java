package org.metrodispatch.evaluation;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.truth.EpisodeRules;
import org.metrodispatch.contract.truth.LevelOfService;
import org.metrodispatch.contract.truth.Platform;
import org.metrodispatch.contract.truth.TruthEpisode;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.metrodispatch.contract.truth.Histories.minute;

class DetectionScoreTest {

    private static final Platform NIJIAQIAO = new Platform("nijiaqiao", "southbound");
    private static final Platform HUAYANG = new Platform("huayang", "northbound");
    private static final EpisodeRules RULES =
            new EpisodeRules(
                    2, 20, LevelOfService.E, 3, Duration.ofMinutes(10), Duration.ofMinutes(5));

    private static TruthEpisode truth(Platform platform, double onset, double end) {
        return new TruthEpisode(platform, minute(onset), minute(end), 100, LevelOfService.C, true);
    }

    private static JobEpisode job(Platform platform, double raised, double cleared) {
        return new JobEpisode(
                platform + "@" + raised,
                platform,
                minute(raised),
                minute(cleared),
                DecisionType.RAISED,
                1);
    }

    @Test
    void aRaiseDuringTheEpisodeDetectsItWithItsDelay() {
        DetectionScore score =
                DetectionScore.of(
                        List.of(truth(NIJIAQIAO, 10, 40)),
                        List.of(job(NIJIAQIAO, 12.5, 50)),
                        RULES);
        assertThat(score.recall()).isEqualTo(1.0);
        assertThat(score.precision()).isEqualTo(1.0);
        assertThat(score.delaysMinutes()).singleElement().isEqualTo(2.5);
    }

    @Test
    void aRaiseOnAnotherPlatformDetectsNothingAndIsAFalseAlarm() {
        DetectionScore score =
                DetectionScore.of(
                        List.of(truth(NIJIAQIAO, 10, 40)), List.of(job(HUAYANG, 12, 50)), RULES);
        assertThat(score.recall()).isZero();
        assertThat(score.precision()).isZero();
        assertThat(score.missed()).hasSize(1);
        assertThat(score.falseAlarms()).hasSize(1);
        assertThat(score.medianDelayMinutes()).isNaN();
    }

    @Test
    void earlyRaisesCountWithinTheToleranceWithANegativeDelay() {
        // Raised 4 min before onset and still open: detected, 4 min early.
        DetectionScore early =
                DetectionScore.of(
                        List.of(truth(NIJIAQIAO, 10, 40)), List.of(job(NIJIAQIAO, 6, 30)), RULES);
        assertThat(early.delaysMinutes()).singleElement().isEqualTo(-4.0);
        // Raised and cleared long before: unrelated.
        DetectionScore cleared =
                DetectionScore.of(
                        List.of(truth(NIJIAQIAO, 30, 40)), List.of(job(NIJIAQIAO, 5, 10)), RULES);
        assertThat(cleared.recall()).isZero();
        assertThat(cleared.precision()).isZero();
        // Raised after the episode ended, beyond the tolerance: missed, and a false alarm.
        DetectionScore late =
                DetectionScore.of(
                        List.of(truth(NIJIAQIAO, 10, 20)), List.of(job(NIJIAQIAO, 26, 40)), RULES);
        assertThat(late.recall()).isZero();
        assertThat(late.precision()).isZero();
    }

    @Test
    void recallAndPrecisionCountEpisodesOnBothSides() {
        DetectionScore score =
                DetectionScore.of(
                        List.of(
                                truth(NIJIAQIAO, 10, 40),
                                truth(NIJIAQIAO, 70, 90),
                                truth(HUAYANG, 20, 30),
                                truth(HUAYANG, 100, 110)),
                        List.of(
                                job(NIJIAQIAO, 11, 45),
                                job(NIJIAQIAO, 75, 95),
                                job(HUAYANG, 22, 35),
                                job(HUAYANG, 60, 65),
                                job(NIJIAQIAO, 200, 210)),
                        RULES);
        assertThat(score.recall()).isEqualTo(0.75);
        assertThat(score.precision()).isEqualTo(0.6);
        assertThat(score.medianDelayMinutes()).isEqualTo(2.0);
        assertThat(score.worstDelayMinutes()).isEqualTo(5.0);
    }

    @Test
    void theFirstOverlappingRaiseGivesTheDelay() {
        DetectionScore score =
                DetectionScore.of(
                        List.of(truth(NIJIAQIAO, 10, 60)),
                        List.of(job(NIJIAQIAO, 30, 60), job(NIJIAQIAO, 14, 20)),
                        RULES);
        assertThat(score.delaysMinutes()).containsExactly(4.0);
        assertThat(score.precision()).isEqualTo(1.0);
    }

    @Test
    void withNothingToFindOrNothingRaisedTheScoresAreOne() {
        DetectionScore nothing = DetectionScore.of(List.of(), List.of(), RULES);
        assertThat(nothing.recall()).isEqualTo(1.0);
        assertThat(nothing.precision()).isEqualTo(1.0);
    }

    @Test
    void scoresOfSeveralRunsAddUp() {
        DetectionScore a =
                DetectionScore.of(
                        List.of(truth(NIJIAQIAO, 10, 40)), List.of(job(NIJIAQIAO, 11, 45)), RULES);
        DetectionScore b =
                DetectionScore.of(
                        List.of(truth(NIJIAQIAO, 10, 40), truth(HUAYANG, 0, 5)),
                        List.of(job(NIJIAQIAO, 13, 45)),
                        RULES);
        DetectionScore sum = DetectionScore.sum(List.of(a, b));
        assertThat(sum.recall()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(sum.precision()).isEqualTo(1.0);
        assertThat(sum.medianDelayMinutes()).isEqualTo(2.0);
    }

    @Test
    void jobEpisodesGroupDecisionsByIdFromTheFirstToCleared() {
        List<DispatchDecision> decisions =
                List.of(
                        decision("a", DecisionType.RAISED, 5, 1),
                        decision("b", DecisionType.SUPPRESSED, 6, 0),
                        decision("a", DecisionType.UPDATED, 9, 2),
                        decision("a", DecisionType.CLEARED, 20, 2));
        List<JobEpisode> episodes = JobEpisode.of(decisions, minute(100));
        assertThat(episodes).hasSize(2);
        assertThat(episodes.get(0).raised()).isEqualTo(minute(5));
        assertThat(episodes.get(0).cleared()).isEqualTo(minute(20));
        assertThat(episodes.get(0).trainsSent()).isEqualTo(2);
        assertThat(episodes.get(1).raisedBy()).isEqualTo(DecisionType.SUPPRESSED);
        assertThat(episodes.get(1).cleared())
                .as("never cleared: open to the end")
                .isEqualTo(minute(100));
    }

    private static DispatchDecision decision(String id, DecisionType type, double at, int trains) {
        DispatchDecision d = new DispatchDecision();
        d.recommendationId = id;
        d.decision = type;
        d.stationId = "nijiaqiao";
        d.direction = "southbound";
        d.eventTime = minute(at);
        d.trainsSent = trains;
        return d;
    }
}
