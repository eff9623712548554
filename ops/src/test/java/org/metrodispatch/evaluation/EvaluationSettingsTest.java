package org.metrodispatch.evaluation;

import org.metrodispatch.contract.config.ConfigException;
import org.metrodispatch.contract.truth.EpisodeRules;
import org.metrodispatch.contract.truth.LevelOfService;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluationSettingsTest {

    @Test
    void theShippedSettingsLoadAndNameExistingScenarios() {
        EvaluationSettings settings = EvaluationSettings.load(Path.of("../config/evaluation.yaml"));
        assertThat(settings.seeds()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(settings.historySeeds()).containsExactly(101L, 102L, 103L);
        assertThat(settings.scenarios())
                .hasSizeGreaterThanOrEqualTo(2)
                .allMatch(Files::isRegularFile);
        assertThat(settings.rules())
                .isEqualTo(
                        new EpisodeRules(
                                2,
                                20,
                                LevelOfService.E,
                                3,
                                Duration.ofMinutes(10),
                                Duration.ofMinutes(5)));
    }

    @Test
    void mistakesNameTheKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("evaluation.yaml");
        Files.writeString(
                file,
                "scenarios: [a.yaml]\nseeds: [1]\nhistorySeeds: [9]\nepisodes: {crowdedLevelOfService: G}\nmatching: {}\n");
        assertThatThrownBy(() -> EvaluationSettings.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("episodes.crowdedLevelOfService")
                .hasMessageContaining("must be one of A, B, C, D, E, F");
        Files.writeString(
                file,
                "scenarios: [a.yaml]\nseeds: [1.5]\nhistorySeeds: [9]\nepisodes: {}\nmatching: {}\n");
        assertThatThrownBy(() -> EvaluationSettings.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("seeds[0]")
                .hasMessageContaining("whole number");
        Files.writeString(
                file,
                "scenarios: [a.yaml]\nseeds: [1, 2]\nhistorySeeds: [2, 3]\nepisodes: {}\nmatching: {}\n");
        assertThatThrownBy(() -> EvaluationSettings.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("historySeeds")
                .hasMessageContaining("must not share a seed with seeds");
    }
}
