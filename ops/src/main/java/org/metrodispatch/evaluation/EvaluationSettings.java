package org.metrodispatch.evaluation;

import org.metrodispatch.contract.config.ConfigNode;
import org.metrodispatch.contract.config.YamlFiles;
import org.metrodispatch.contract.truth.EpisodeRules;

import java.nio.file.Path;
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
        EpisodeRules rules = EpisodeRules.from(root);
        return new EvaluationSettings(scenarios, seeds, rules);
    }
}
