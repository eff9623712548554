package org.metrodispatch.evaluation;

import org.metrodispatch.contract.truth.LevelOfService;

import java.time.Duration;

/**
 * When the ground truth counts a platform as crowded (see {@link TruthEpisodes}), and how close in
 * time a decision must come to count for an episode.
 *
 * @param leftBehindDepartures K: departures in a row that each leave {@code minLeftBehind} or more
 * @param minLeftBehind fewer left behind by a train than this counts as nobody
 * @param losAtOrWorse the level of service that counts as crowded...
 * @param losMinutes ...when it lasts this many minutes in a row (M)
 * @param mergeGap crowded spells of a platform closer than this are one episode
 * @param matchTolerance a decision this long before an episode's onset, or after its end, still
 *     counts for it
 */
public record EpisodeRules(
        int leftBehindDepartures,
        int minLeftBehind,
        LevelOfService losAtOrWorse,
        int losMinutes,
        Duration mergeGap,
        Duration matchTolerance) {

    public EpisodeRules {
        if (leftBehindDepartures < 1 || minLeftBehind < 1 || losMinutes < 1) {
            throw new IllegalArgumentException("K, the least left behind and M must be positive");
        }
    }
}
