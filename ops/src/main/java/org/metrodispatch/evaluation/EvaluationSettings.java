package org.metrodispatch.evaluation;

import org.metrodispatch.contract.config.ConfigNode;
import org.metrodispatch.contract.config.YamlFiles;
import org.metrodispatch.contract.truth.EpisodeRules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code config/evaluation.yaml}: default scenarios, the seeds evaluated, the seeds whose days are
 * the job's history (its profile is learned from them), and the episode rules.
 */
public record EvaluationSettings(
        List<Path> scenarios, List<Long> seeds, List<Long> historySeeds, EpisodeRules rules) {

    /** Reads an evaluation file; every error names the file, the key and the problem. */
    public static EvaluationSettings load(Path file) {
        ConfigNode root = YamlFiles.load(file);
        root.allowOnly(Set.of("scenarios", "seeds", "historySeeds", "episodes", "matching"));
        Path folder = file.toAbsolutePath().getParent();
        List<Path> scenarios = new ArrayList<>();
        for (ConfigNode item : root.list("scenarios")) {
            scenarios.add(folder.resolve(item.text()).normalize());
        }
        List<Long> seeds = seeds(root, "seeds");
        List<Long> history = seeds(root, "historySeeds");
        if (scenarios.isEmpty() || seeds.isEmpty() || history.isEmpty()) {
            throw root.error("scenarios, seeds and historySeeds must each name at least one");
        }
        if (history.stream().anyMatch(seeds::contains)) {
            throw root.error(
                    "historySeeds", "must not share a seed with seeds: history is other days");
        }
        EpisodeRules rules = EpisodeRules.from(root);
        return new EvaluationSettings(scenarios, seeds, history, rules);
    }

    private static List<Long> seeds(ConfigNode root, String key) {
        List<Long> seeds = new ArrayList<>();
        for (ConfigNode item : root.list(key)) {
            double seed = item.numberValue(0, 1e15);
            if (seed != Math.rint(seed)) {
                throw item.error("must be a whole number");
            }
            seeds.add((long) seed);
        }
        return seeds;
    }
}
