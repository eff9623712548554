package org.metrodispatch.contract.truth;

import org.metrodispatch.contract.config.ConfigNode;
import org.metrodispatch.contract.config.YamlFiles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * When the ground truth counts a platform as crowded (the definition of README.md, "Evaluation";
 * {@link TruthEpisodes} applies it), and how close in time a decision must come to count for an
 * episode. The evaluation, {@code review explain} and the tests all judge by these rules, read from
 * {@code config/evaluation.yaml}, so they cannot disagree.
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

    /**
     * The rules of an evaluation file's {@code episodes} and {@code matching} sections; every error
     * names the file, the key and the problem.
     */
    public static EpisodeRules from(ConfigNode evaluation) {
        ConfigNode episodes = evaluation.child("episodes");
        episodes.allowOnly(
                Set.of(
                        "leftBehindDepartures",
                        "minLeftBehind",
                        "crowdedLevelOfService",
                        "crowdedLevelMinutes",
                        "mergeGapMinutes"));
        ConfigNode matching = evaluation.child("matching").allowOnly(Set.of("toleranceMinutes"));
        String level =
                episodes.oneOf("crowdedLevelOfService", Set.of("A", "B", "C", "D", "E", "F"), "E");
        return new EpisodeRules(
                episodes.integer("leftBehindDepartures", 1, 100, 2),
                episodes.integer("minLeftBehind", 1, 100_000, 20),
                LevelOfService.parse(level),
                episodes.integer("crowdedLevelMinutes", 1, 1_440, 3),
                Duration.ofMinutes(episodes.integer("mergeGapMinutes", 0, 1_440, 10)),
                Duration.ofMinutes(matching.integer("toleranceMinutes", 0, 1_440, 5)));
    }

    /** The rules of an evaluation file such as {@code config/evaluation.yaml}. */
    public static EpisodeRules load(Path evaluationFile) {
        return from(YamlFiles.load(evaluationFile));
    }

    /** Whether a train left enough passengers behind to count towards an episode. */
    public boolean leftPassengersBehind(PlatformHistory.Departure departure) {
        return departure.leftBehind() >= minLeftBehind;
    }

    /** Whether a minute's waiting area was at the crowded level of service or worse. */
    public boolean crowdedLevel(PlatformHistory.Minute minute) {
        return minute.los().atLeastAsBadAs(losAtOrWorse);
    }

    /**
     * Whether a spell of crowding starting at {@code onset} continues one that ended at {@code
     * end}.
     */
    public boolean sameEpisode(long end, long onset) {
        return onset - end < mergeGap.toMillis();
    }
}
