package org.metrodispatch.evaluation;

import java.util.List;

/** Small statistics the report needs. */
final class Stats {

    private Stats() {}

    /** The median; the mean of the two middle values for an even count; NaN for none. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** {@code 1 - with / without}: the share by which something fell; 0 when it was 0 before. */
    static double reduction(double without, double with) {
        return without <= 0 ? 0.0 : 1.0 - with / without;
    }
}
