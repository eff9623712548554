package org.metrodispatch.evaluation;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.truth.Platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An episode as the job saw it: from its first decision (RAISED, or SUPPRESSED when no train could
 * go) to CLEARED, or to the end of the run.
 *
 * @param raisedBy the type of the first decision
 * @param trainsSent empty trains the job sent in it
 */
public record JobEpisode(
        String id,
        Platform platform,
        long raised,
        long cleared,
        DecisionType raisedBy,
        int trainsSent) {

    /** Groups decisions (in the order the job made them) into episodes by their id. */
    public static List<JobEpisode> of(List<DispatchDecision> decisions, long runEnd) {
        Map<String, List<DispatchDecision>> byEpisode = new LinkedHashMap<>();
        for (DispatchDecision decision : decisions) {
            byEpisode
                    .computeIfAbsent(decision.recommendationId, id -> new ArrayList<>())
                    .add(decision);
        }
        List<JobEpisode> episodes = new ArrayList<>();
        for (Map.Entry<String, List<DispatchDecision>> entry : byEpisode.entrySet()) {
            List<DispatchDecision> list = entry.getValue();
            DispatchDecision first = list.get(0);
            long cleared = runEnd;
            int trains = 0;
            for (DispatchDecision decision : list) {
                if (decision.decision == DecisionType.CLEARED) {
                    cleared = Math.min(cleared, decision.eventTime);
                }
                trains = Math.max(trains, decision.trainsSent);
            }
            episodes.add(
                    new JobEpisode(
                            entry.getKey(),
                            new Platform(first.stationId, first.direction),
                            first.eventTime,
                            cleared,
                            first.decision,
                            trains));
        }
        return episodes;
    }
}
