package org.metrodispatch.evaluation;

import java.util.List;

/**
 * Crowding without and with dispatch over several seeds: peaks are averaged over the seeds, totals
 * summed, the worst density is the worst of any seed.
 */
public record Effect(Summary without, Summary with) {

    /** Measures over several seeds. */
    public record Summary(
            double meanPeakLeftBehind,
            long totalLeftBehind,
            long waitingPassengerMinutes,
            double worstDensityM2PerPerson,
            long minutesAtOrWorse) {

        static Summary of(List<CrowdingMeasures> runs) {
            double peaks = 0;
            long total = 0;
            long waiting = 0;
            double worst = Double.POSITIVE_INFINITY;
            long atOrWorse = 0;
            for (CrowdingMeasures run : runs) {
                peaks += run.peakLeftBehind();
                total += run.totalLeftBehind();
                waiting += run.waitingPassengerMinutes();
                worst = Math.min(worst, run.worstDensityM2PerPerson());
                atOrWorse += run.minutesAtOrWorse();
            }
            return new Summary(
                    runs.isEmpty() ? 0 : peaks / runs.size(), total, waiting, worst, atOrWorse);
        }
    }

    static Effect of(List<CrowdingMeasures> without, List<CrowdingMeasures> with) {
        return new Effect(Summary.of(without), Summary.of(with));
    }

    /** The share by which dispatch lowered the peak left behind (0.5: by half). */
    public double leftBehindReduction() {
        return Stats.reduction(without.meanPeakLeftBehind(), with.meanPeakLeftBehind());
    }

    /** The share by which dispatch lowered the passenger-minutes of waiting. */
    public double waitingReduction() {
        return Stats.reduction(without.waitingPassengerMinutes(), with.waitingPassengerMinutes());
    }

    /** The share by which dispatch lowered the passengers left behind, summed over departures. */
    public double totalLeftBehindReduction() {
        return Stats.reduction(without.totalLeftBehind(), with.totalLeftBehind());
    }
}
