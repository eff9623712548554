package org.metrodispatch.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** All seeds of one scenario, and the profile the job used there (null when none was learned). */
public record ScenarioEvaluation(
        String scenarioId,
        String file,
        String window,
        List<SeedEvaluation> seeds,
        LearnedProfile profile) {

    /**
     * The job's flow profile: learned from history seeds, with its own accuracy and how far it is
     * from the simulator's hidden demand model.
     */
    public record LearnedProfile(
            String method,
            List<Long> historySeeds,
            Map<String, Double> accuracy,
            ProfileCheck check) {}

    public DetectionScore detection() {
        return DetectionScore.sum(seeds.stream().map(SeedEvaluation::detection).toList());
    }

    public DetectionScore closedLoopDetection() {
        return DetectionScore.sum(seeds.stream().map(SeedEvaluation::closedLoopDetection).toList());
    }

    /** Stations with a ground-truth episode in some run without dispatch. */
    public Set<String> crowdedStations() {
        Set<String> stations = new TreeSet<>();
        seeds.forEach(s -> stations.addAll(s.crowdedStations()));
        return stations;
    }

    /** Each station's effect over all seeds. */
    public Map<String, Effect> stationEffects() {
        Map<String, Effect> effects = new TreeMap<>();
        for (String station : crowdedStations()) {
            List<CrowdingMeasures> without = new ArrayList<>();
            List<CrowdingMeasures> with = new ArrayList<>();
            for (SeedEvaluation seed : seeds) {
                without.add(seed.withoutDispatch().getOrDefault(station, CrowdingMeasures.NONE));
                with.add(seed.withDispatch().getOrDefault(station, CrowdingMeasures.NONE));
            }
            effects.put(station, Effect.of(without, with));
        }
        return effects;
    }

    /** The whole line's effect over all seeds. */
    public Effect lineEffect() {
        List<CrowdingMeasures> without = new ArrayList<>();
        List<CrowdingMeasures> with = new ArrayList<>();
        for (SeedEvaluation seed : seeds) {
            without.add(CrowdingMeasures.line(seed.withoutDispatch()));
            with.add(CrowdingMeasures.line(seed.withDispatch()));
        }
        return Effect.of(without, with);
    }
}
