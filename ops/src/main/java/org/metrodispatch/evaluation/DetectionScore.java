package org.metrodispatch.evaluation;

import org.metrodispatch.contract.truth.EpisodeRules;
import org.metrodispatch.contract.truth.TruthEpisode;

import java.util.ArrayList;
import java.util.List;

/**
 * How well the job's episodes match the ground truth's, on the same platform. A ground-truth
 * episode is detected when a job episode was raised before it ended and was not cleared before it
 * began (both widened by the match tolerance); its detection delay is the time from its onset to
 * the first such raise, negative when the job was earlier than the definition. A job episode is a
 * true positive when it overlaps some ground-truth episode in the same way.
 */
public record DetectionScore(
        int truthEpisodes,
        int detected,
        int jobEpisodes,
        int truePositives,
        List<Double> delaysMinutes,
        List<TruthEpisode> missed,
        List<JobEpisode> falseAlarms) {

    public static DetectionScore of(
            List<TruthEpisode> truth, List<JobEpisode> job, EpisodeRules rules) {
        long tolerance = rules.matchTolerance().toMillis();
        int detected = 0;
        List<Double> delays = new ArrayList<>();
        List<TruthEpisode> missed = new ArrayList<>();
        for (TruthEpisode episode : truth) {
            JobEpisode first = null;
            for (JobEpisode candidate : job) {
                if (overlaps(episode, candidate, tolerance)
                        && (first == null || candidate.raised() < first.raised())) {
                    first = candidate;
                }
            }
            if (first == null) {
                missed.add(episode);
            } else {
                detected++;
                delays.add((first.raised() - episode.onset()) / 60_000.0);
            }
        }
        int truePositives = 0;
        List<JobEpisode> falseAlarms = new ArrayList<>();
        for (JobEpisode candidate : job) {
            boolean matches = truth.stream().anyMatch(e -> overlaps(e, candidate, tolerance));
            if (matches) {
                truePositives++;
            } else {
                falseAlarms.add(candidate);
            }
        }
        return new DetectionScore(
                truth.size(), detected, job.size(), truePositives, delays, missed, falseAlarms);
    }

    private static boolean overlaps(TruthEpisode truth, JobEpisode job, long tolerance) {
        return truth.platform().equals(job.platform())
                && job.raised() <= truth.end() + tolerance
                && job.cleared() >= truth.onset() - tolerance;
    }

    /** Detected share of the ground-truth episodes; 1 when there were none. */
    public double recall() {
        return truthEpisodes == 0 ? 1.0 : (double) detected / truthEpisodes;
    }

    /** Share of the job's episodes that were real; 1 when it raised none. */
    public double precision() {
        return jobEpisodes == 0 ? 1.0 : (double) truePositives / jobEpisodes;
    }

    /** Several runs' scores as one. */
    public static DetectionScore sum(List<DetectionScore> scores) {
        int truth = 0;
        int detected = 0;
        int job = 0;
        int truePositives = 0;
        List<Double> delays = new ArrayList<>();
        List<TruthEpisode> missed = new ArrayList<>();
        List<JobEpisode> falseAlarms = new ArrayList<>();
        for (DetectionScore score : scores) {
            truth += score.truthEpisodes;
            detected += score.detected;
            job += score.jobEpisodes;
            truePositives += score.truePositives;
            delays.addAll(score.delaysMinutes);
            missed.addAll(score.missed);
            falseAlarms.addAll(score.falseAlarms);
        }
        return new DetectionScore(truth, detected, job, truePositives, delays, missed, falseAlarms);
    }

    /** The median detection delay in minutes; NaN when nothing was detected. */
    public double medianDelayMinutes() {
        return Stats.median(delaysMinutes);
    }

    /** The longest detection delay in minutes; NaN when nothing was detected. */
    public double worstDelayMinutes() {
        return delaysMinutes.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
