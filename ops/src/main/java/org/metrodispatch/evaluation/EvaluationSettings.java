package org.metrodispatch.evaluation;

import org.metrodispatch.contract.config.ConfigNode;
import org.metrodispatch.contract.config.YamlFiles;
import org.metrodispatch.contract.truth.LevelOfService;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code config/evaluation.yaml}: default scenarios and seeds, and the episode rules. */
public record EvaluationSettings(List<Path> scenarios, List<Long> seeds, EpisodeRules rules) {

    /** Reads an evaluation file; every error names the file, the key and the problem. */
    public static EvaluationSettings load(Path file) {
        ConfigNode root = YamlFiles.load(file);
        root.allowOnly(Set.of("scenarios", "seeds", "episodes", "matching"));
        Path folder = file.toAbsolutePath().getParent();
        List<Path> scenarios = new ArrayList<>();
        for (ConfigNode item : root.list("scenarios")) {
            scenarios.add(folder.resolve(item.text()).normalize());
        }
        List<Long> seeds = new ArrayList<>();
        for (ConfigNode item : root.list("seeds")) {
            double seed = item.numberValue(0, 1e15);
            if (seed != Math.rint(seed)) {
                throw item.error("must be a whole number");
            }
            seeds.add((long) seed);
        }
        if (scenarios.isEmpty() || seeds.isEmpty()) {
            throw root.error("scenarios and seeds must each name at least one");
        }
        ConfigNode episodes = root.child("episodes");
        episodes.allowOnly(
                Set.of(
                        "leftBehindDepartures",
                        "minLeftBehind",
                        "crowdedLevelOfService",
                        "crowdedLevelMinutes",
                        "mergeGapMinutes"));
        ConfigNode matching = root.child("matching").allowOnly(Set.of("toleranceMinutes"));
        String level =
                episodes.oneOf("crowdedLevelOfService", Set.of("A", "B", "C", "D", "E", "F"), "E");
        EpisodeRules rules =
                new EpisodeRules(
                        episodes.integer("leftBehindDepartures", 1, 100, 2),
                        episodes.integer("minLeftBehind", 1, 100_000, 20),
                        LevelOfService.parse(level),
                        episodes.integer("crowdedLevelMinutes", 1, 1_440, 3),
                        Duration.ofMinutes(episodes.integer("mergeGapMinutes", 0, 1_440, 10)),
                        Duration.ofMinutes(matching.integer("toleranceMinutes", 0, 1_440, 5)));
        return new EvaluationSettings(scenarios, seeds, rules);
    }
}
