package org.metrodispatch.contract.demand;

import org.metrodispatch.contract.config.ConfigNode;

import java.util.List;
import java.util.Set;

/**
 * A value that changes over the day: points {@code ["HH:MM", value]} joined by straight lines, flat
 * before the first point and after the last.
 */
public final class TimeProfile {

    private final int[] seconds;
    private final double[] values;

    TimeProfile(int[] seconds, double[] values) {
        this.seconds = seconds;
        this.values = values;
    }

    /** A profile that has the same value all day. */
    public static TimeProfile constant(double value) {
        return new TimeProfile(new int[] {0}, new double[] {value});
    }

    /** Reads a list of {@code [time, value]} pairs, or of {@code {at: time, value: v}} mappings. */
    static TimeProfile read(ConfigNode node) {
        List<ConfigNode> points = node.items();
        if (points.isEmpty()) {
            throw node.error("needs at least one point");
        }
        int[] seconds = new int[points.size()];
        double[] values = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            ConfigNode point = points.get(i);
            if (point.json().isArray()) {
                List<ConfigNode> pair = point.items();
                if (pair.size() != 2) {
                    throw point.error("must be a pair [\"HH:MM\", value]");
                }
                seconds[i] = pair.get(0).secondOfDayValue();
                values[i] = pair.get(1).numberValue(0, 1e9);
            } else {
                point.allowOnly(Set.of("at", "value"));
                seconds[i] = point.secondOfDay("at");
                values[i] = point.number("value", 0, 1e9);
            }
            if (i > 0 && seconds[i] <= seconds[i - 1]) {
                throw point.error("points must be in order of time");
            }
        }
        return new TimeProfile(seconds, values);
    }

    /** The second of the day of the first point. */
    public int firstSecond() {
        return seconds[0];
    }

    /** The second of the day of the last point. */
    public int lastSecond() {
        return seconds[seconds.length - 1];
    }

    /** The value at a second of the day. */
    public double at(double secondOfDay) {
        if (secondOfDay <= seconds[0]) {
            return values[0];
        }
        int last = seconds.length - 1;
        if (secondOfDay >= seconds[last]) {
            return values[last];
        }
        int lo = 0;
        int hi = last;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (seconds[mid] <= secondOfDay) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double fraction = (secondOfDay - seconds[lo]) / (seconds[hi] - seconds[lo]);
        return values[lo] + fraction * (values[hi] - values[lo]);
    }

    /** The integral of the profile between two seconds of the day, in value-seconds. */
    public double integral(int fromSecond, int toSecond) {
        double sum = 0;
        // One-minute trapezoids are exact enough for profiles with points minutes apart.
        for (int t = fromSecond; t < toSecond; t += 60) {
            int end = Math.min(toSecond, t + 60);
            sum += (at(t) + at(end)) / 2 * (end - t);
        }
        return sum;
    }
}
