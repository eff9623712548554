package org.metrodispatch.contract.truth;

import org.metrodispatch.contract.config.ConfigException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EpisodeRulesTest {

    private static final EpisodeRules RULES =
            new EpisodeRules(
                    2, 20, LevelOfService.E, 3, Duration.ofMinutes(10), Duration.ofMinutes(5));

    @Test
    void theShippedRulesAreTheDocumentedDefinition() {
        assertThat(EpisodeRules.load(Path.of("../config/evaluation.yaml"))).isEqualTo(RULES);
    }

    @Test
    void aDepartureCountsFromTheLeastLeftBehind() {
        assertThat(RULES.leftPassengersBehind(departure(19))).isFalse();
        assertThat(RULES.leftPassengersBehind(departure(20))).isTrue();
        assertThat(RULES.leftPassengersBehind(departure(0))).isFalse();
        EpisodeRules anyone =
                new EpisodeRules(2, 1, LevelOfService.E, 3, Duration.ZERO, Duration.ZERO);
        assertThat(anyone.leftPassengersBehind(departure(1))).isTrue();
    }

    @Test
    void aMinuteCountsAtTheCrowdedLevelOrWorse() {
        assertThat(RULES.crowdedLevel(minute(LevelOfService.D))).isFalse();
        assertThat(RULES.crowdedLevel(minute(LevelOfService.E))).isTrue();
        assertThat(RULES.crowdedLevel(minute(LevelOfService.F))).isTrue();
    }

    @Test
    void spellsCloserThanTheGapAreOneEpisode() {
        long end = Histories.minute(0);
        assertThat(RULES.sameEpisode(end, end + 9 * 60_000)).isTrue();
        assertThat(RULES.sameEpisode(end, end + 10 * 60_000)).isFalse();
    }

    @Test
    void mistakesNameTheKeyAndMissingKeysTakeTheDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("evaluation.yaml");
        Files.writeString(file, "episodes: {minLeftBehind: 0}\nmatching: {}\n");
        assertThatThrownBy(() -> EpisodeRules.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("episodes.minLeftBehind");
        Files.writeString(file, "episodes: {crowdedLevelOfService: D}\nmatching: {}\n");
        assertThat(EpisodeRules.load(file).losAtOrWorse()).isEqualTo(LevelOfService.D);
        assertThat(EpisodeRules.load(file).minLeftBehind()).isEqualTo(20);
        Files.writeString(file, "episodes: {leftBehind: 2}\nmatching: {}\n");
        assertThatThrownBy(() -> EpisodeRules.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("leftBehind");
    }

    private static PlatformHistory.Departure departure(int leftBehind) {
        return new PlatformHistory.Departure(0, "T1", 0, 100, leftBehind, 1_880, 1_880);
    }

    private static PlatformHistory.Minute minute(LevelOfService los) {
        return new PlatformHistory.Minute(0, 100, los.minimumM2PerPerson(), los);
    }
}
