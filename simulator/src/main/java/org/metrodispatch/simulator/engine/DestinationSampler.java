package org.metrodispatch.simulator.engine;

import org.metrodispatch.contract.demand.DemandModel;

import java.util.SplittableRandom;

/**
 * Draws trip destinations from the demand model. The weights change slowly over the day, so they
 * are tabulated once per slot of time (cumulative, for a binary search per draw).
 */
final class DestinationSampler {

    private final DemandModel demand;
    private final int slotSeconds;
    private final double[][] cumulative;
    private int currentSlot = Integer.MIN_VALUE;

    DestinationSampler(DemandModel demand, int slotSeconds) {
        this.demand = demand;
        this.slotSeconds = slotSeconds;
        int n = demand.network().stationCount();
        this.cumulative = new double[n][n];
    }

    /** Makes the table current for a second of the day. */
    void advanceTo(int secondOfDay) {
        int slot = Math.floorDiv(secondOfDay, slotSeconds);
        if (slot == currentSlot) {
            return;
        }
        currentSlot = slot;
        double middle = slot * (double) slotSeconds + slotSeconds / 2.0;
        for (int o = 0; o < cumulative.length; o++) {
            double[] row = cumulative[o];
            demand.destinationWeights(o, middle, row);
            for (int d = 1; d < row.length; d++) {
                row[d] += row[d - 1];
            }
        }
    }

    /** True when a trip from the station can go anywhere. */
    boolean hasDestinations(int origin) {
        double[] row = cumulative[origin];
        return row[row.length - 1] > 0;
    }

    int sample(int origin, SplittableRandom random) {
        double[] row = cumulative[origin];
        double target = random.nextDouble() * row[row.length - 1];
        int lo = 0;
        int hi = row.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (row[mid] > target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
