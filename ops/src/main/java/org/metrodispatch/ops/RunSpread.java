package org.metrodispatch.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The spread of a benchmark figure over its runs: the smallest, the median and the largest. On a
 * shared, noisy machine one run says little; the spread says how far to trust the median.
 *
 * @param min the smallest run
 * @param median the median run (the mean of the middle two for an even count)
 * @param max the largest run
 */
record RunSpread(double min, double median, double max) {

    /** Runs that disagree by more than this factor make the figure doubtful. */
    static final double DOUBTFUL_FACTOR = 1.5;

    static RunSpread of(List<Double> runs) {
        if (runs.isEmpty()) {
            return new RunSpread(Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> sorted = new ArrayList<>(runs);
        Collections.sort(sorted);
        int n = sorted.size();
        double median =
                n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new RunSpread(sorted.get(0), median, sorted.get(n - 1));
    }

    /** How many times the largest run is the smallest. */
    double factor() {
        return min > 0 ? max / min : Double.POSITIVE_INFINITY;
    }

    /** Whether the runs disagree by more than {@link #DOUBTFUL_FACTOR}. */
    boolean doubtful() {
        return factor() > DOUBTFUL_FACTOR;
    }
}
