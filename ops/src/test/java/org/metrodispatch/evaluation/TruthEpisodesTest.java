package org.metrodispatch.evaluation;

import org.metrodispatch.contract.truth.LevelOfService;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metrodispatch.evaluation.Histories.minute;

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
        PlatformHistory history = Histories.departures(30, 30, 0);
        Histories.levels("CCCCCCEEEEC", 1000).minutes().forEach(history::add);
        history.minutes().sort((a, b) -> Long.compare(a.time(), b.time()));
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
}
