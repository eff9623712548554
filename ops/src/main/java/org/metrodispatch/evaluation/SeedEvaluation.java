package org.metrodispatch.evaluation;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.truth.EpisodeRules;
import org.metrodispatch.contract.truth.GroundTruth;
import org.metrodispatch.contract.truth.TruthEpisode;
import org.metrodispatch.contract.truth.TruthEpisodes;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One seed of a scenario, run twice: without dispatch (the job only watches) and in closed loop.
 * Detection is scored on the run without dispatch, where the ground truth is what the job saw
 * happen; the effect compares the two runs' ground truths.
 */
public record SeedEvaluation(
        long seed,
        DetectionScore detection,
        DetectionScore closedLoopDetection,
        Map<String, CrowdingMeasures> withoutDispatch,
        Map<String, CrowdingMeasures> withDispatch,
        Set<String> crowdedStations,
        Trains trains) {

    /**
     * Empty trains of the closed-loop run.
     *
     * @param recommended empty trains the job's decisions sent
     * @param inserted empty trains the simulator ran
     * @param suppressed decisions that found no train to send
     * @param mostOutAtOnce the most spare trains away from their pools at one time
     * @param spareTrains spare trains the network holds, for comparison
     */
    public record Trains(
            int recommended, int inserted, int suppressed, int mostOutAtOnce, int spareTrains) {}

    /** What one pair of runs produced, read from their folders. */
    public record Runs(
            GroundTruth openTruth,
            List<DispatchDecision> openDecisions,
            GroundTruth closedTruth,
            List<DispatchDecision> closedDecisions,
            int trainsInserted,
            int mostSparesOut,
            int spareTrains) {}

    /** Scores a pair of runs over {@code [from, to)}: decisions after {@code to} do not count. */
    public static SeedEvaluation of(long seed, Runs runs, long from, long to, EpisodeRules rules) {
        TruthEpisodes finder = new TruthEpisodes(rules);
        List<TruthEpisode> openEpisodes = finder.find(runs.openTruth(), from, to);
        DetectionScore detection =
                DetectionScore.of(
                        openEpisodes, JobEpisode.of(within(runs.openDecisions(), to), to), rules);
        DetectionScore closed =
                DetectionScore.of(
                        finder.find(runs.closedTruth(), from, to),
                        JobEpisode.of(within(runs.closedDecisions(), to), to),
                        rules);
        Set<String> crowded = new TreeSet<>();
        openEpisodes.forEach(e -> crowded.add(e.platform().stationId()));
        int recommended = 0;
        int suppressed = 0;
        for (DispatchDecision decision : within(runs.closedDecisions(), to)) {
            if (decision.emptyTrain != null) {
                recommended++;
            }
            if (decision.decision == DecisionType.SUPPRESSED) {
                suppressed++;
            }
        }
        return new SeedEvaluation(
                seed,
                detection,
                closed,
                CrowdingMeasures.byStation(runs.openTruth(), from, to, rules.losAtOrWorse()),
                CrowdingMeasures.byStation(runs.closedTruth(), from, to, rules.losAtOrWorse()),
                crowded,
                new Trains(
                        recommended,
                        runs.trainsInserted(),
                        suppressed,
                        runs.mostSparesOut(),
                        runs.spareTrains()));
    }

    private static List<DispatchDecision> within(List<DispatchDecision> decisions, long to) {
        return decisions.stream().filter(d -> d.eventTime < to).toList();
    }
}
