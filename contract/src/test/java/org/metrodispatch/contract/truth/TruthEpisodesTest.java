package org.metrodispatch.contract.truth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metrodispatch.contract.truth.Histories.minute;

class TruthEpisodesTest {

    private static final Platform P = new Platform("nijiaqiao", "southbound");
    private static final EpisodeRules RULES =
            new EpisodeRules(
                    2, 20, LevelOfService.E, 3, Duration.ofMinutes(10), Duration.ofMinutes(5));
    private static final long END = minute(600);

    private static List<TruthEpisode> find(PlatformHistory history, EpisodeRules rules) {
        return new TruthEpisodes(rules).find(P, history, minute(-60), END);
    }

    @Test
    void twoDeparturesInARowLeavingPassengersBehindStartAnEpisodeAtTheSecond() {
        List<TruthEpisode> episodes = find(Histories.departures(0, 30, 50, 80, 0, 0), RULES);
        assertThat(episodes).hasSize(1);
        TruthEpisode episode = episodes.get(0);
        assertThat(episode.onset())
                .as("the second departure in a row, minute 6")
                .isEqualTo(minute(6));
        assertThat(episode.end())
                .as("the first departure leaving nobody, minute 12")
                .isEqualTo(minute(12));
        assertThat(episode.peakLeftBehind()).isEqualTo(80);
        assertThat(episode.byLeftBehind()).isTrue();
    }

    @Test
    void oneDepartureOrFewerThanTheLeastLeftBehindIsNoEpisode() {
        assertThat(find(Histories.departures(0, 500, 0, 19, 19, 19, 0), RULES)).isEmpty();
    }

    @Test
    void kIsConfigurable() {
        EpisodeRules three =
                new EpisodeRules(3, 20, LevelOfService.E, 3, Duration.ofMinutes(10), Duration.ZERO);
        assertThat(find(Histories.departures(30, 30, 0, 30, 30, 30, 0), three))
                .singleElement()
                .satisfies(e -> assertThat(e.onset()).isEqualTo(minute(15)));
    }

    @Test
    void anEpisodeStillGoingAtTheEndEndsWithTheRun() {
        assertThat(find(Histories.departures(0, 30, 30), RULES))
                .singleElement()
                .satisfies(e -> assertThat(e.end()).isEqualTo(END));
    }

    @Test
    void mMinutesAtTheCrowdedLevelStartAnEpisodeAtTheMth() {
        List<TruthEpisode> episodes = find(Histories.levels("CDEEEFEDC", 900), RULES);
        assertThat(episodes).hasSize(1);
        assertThat(episodes.get(0).onset())
                .as("E at minutes 2, 3, 4: the third")
                .isEqualTo(minute(4));
        assertThat(episodes.get(0).end()).as("first minute better than E").isEqualTo(minute(7));
        assertThat(episodes.get(0).worstLevel()).isEqualTo(LevelOfService.F);
        assertThat(episodes.get(0).byLeftBehind()).isFalse();
    }

    @Test
    void fewerThanMMinutesIsNoEpisode() {
        assertThat(find(Histories.levels("CEEDEEDFFC", 900), RULES)).isEmpty();
    }

    @Test
    void spellsCloserThanTheGapAreOneEpisodeAndFartherOnesTwo() {
        // Left behind at minutes 0-3 (onset 3, ends 6), again at 12-15 (onset 15): 9 min apart.
        PlatformHistory close = Histories.departures(30, 30, 0, 0, 30, 30, 0);
        assertThat(find(close, RULES))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.onset()).isEqualTo(minute(3));
                            assertThat(e.end()).isEqualTo(minute(18));
                        });
        EpisodeRules shortGap =
                new EpisodeRules(2, 20, LevelOfService.E, 3, Duration.ofMinutes(5), Duration.ZERO);
        assertThat(find(close, shortGap)).hasSize(2);
    }

    @Test
    void leftBehindAndDensitySpellsOfOnePlatformMerge() {
        PlatformHistory history =
                Histories.both(
                        Histories.departures(30, 30, 0), Histories.levels("CCCCCCEEEEC", 1000));
        assertThat(find(history, RULES))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.onset()).isEqualTo(minute(3));
                            assertThat(e.end()).isEqualTo(minute(10));
                            assertThat(e.byLeftBehind()).isTrue();
                        });
    }

    @Test
    void onlyTheGivenSpanCounts() {
        PlatformHistory history = Histories.departures(30, 30, 30, 30, 30, 0);
        assertThat(new TruthEpisodes(RULES).find(P, history, minute(7), END))
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e.onset())
                                        .as("minutes 9 and 12 in the span")
                                        .isEqualTo(minute(12)));
        assertThat(new TruthEpisodes(RULES).find(P, history, minute(-60), minute(4)))
                .singleElement();
    }

    @Test
    void aFewLeftBehindOnEveryTrainIsNoEpisode() {
        // Review explain once called this crowded (anyone left behind); the definition does not.
        assertThat(find(Histories.departures(5, 5, 5, 5, 19, 1), RULES)).isEmpty();
        assertThat(find(Histories.departures(5, 20, 20, 5), RULES))
                .singleElement()
                .satisfies(e -> assertThat(e.onset()).isEqualTo(minute(6)));
    }

    @Test
    void theWholeHistoryEndsAnOngoingEpisodeAtTheEndOfHistory() {
        TruthEpisodes finder = new TruthEpisodes(RULES);
        assertThat(finder.find(P, Histories.departures(0, 30, 30)))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.onset()).isEqualTo(minute(6));
                            assertThat(e.end()).isEqualTo(TruthEpisodes.END_OF_HISTORY);
                        });
        assertThat(finder.find(P, Histories.departures(0, 30, 30, 0)))
                .singleElement()
                .satisfies(e -> assertThat(e.end()).isEqualTo(minute(9)));
    }

    @Test
    void everyPlatformOfAGroundTruthInPlatformOrder() {
        Platform north = new Platform("nijiaqiao", "northbound");
        GroundTruth truth =
                new GroundTruth(
                        Map.of(
                                P,
                                Histories.departures(30, 30, 0),
                                north,
                                Histories.levels("EEE", 2_000),
                                new Platform("sihe", "northbound"),
                                Histories.departures(30)));
        assertThat(new TruthEpisodes(RULES).find(truth, minute(-60), END))
                .extracting(TruthEpisode::platform)
                .containsExactly(north, P);
    }
}
