package org.metrodispatch.contract.truth;

/**
 * A time a platform really was crowded, by the ground truth and {@link EpisodeRules}.
 *
 * @param onset when the definition was first met: the K-th departure in a row leaving passengers
 *     behind, or the start of the M-th minute in a row at the crowded level of service
 * @param end when neither held any more (the end of the span searched if it still held)
 * @param peakLeftBehind the most passengers one train left behind in it
 * @param worstLevel the worst level of service in it
 * @param byLeftBehind whether left-behind passengers made it an episode (otherwise density did)
 */
public record TruthEpisode(
        Platform platform,
        long onset,
        long end,
        int peakLeftBehind,
        LevelOfService worstLevel,
        boolean byLeftBehind) {}
