package org.metrodispatch.simulator.engine;

import java.util.SplittableRandom;

/**
 * Independent random streams derived from one seed. Demand, exits and feed imperfections draw from
 * separate streams, so that a change in one (an inserted train changes who alights when) leaves the
 * others, above all the passengers who arrive, exactly as they were.
 */
public final class RandomStreams {

    private final long seed;

    public RandomStreams(long seed) {
        this.seed = seed;
    }

    /** The stream for one purpose and one index (a station, a gate...). */
    public SplittableRandom stream(String purpose, int index) {
        long mixed = seed * 0x9E3779B97F4A7C15L + purpose.hashCode() * 0xBF58476D1CE4E5B9L + index;
        return new SplittableRandom(mix(mixed));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A Poisson-distributed count with a small mean (Knuth's method; fine for means below 30). */
    public static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            // Normal approximation for large means, which per-second arrivals never reach here.
            double value = mean + Math.sqrt(mean) * gaussian(random);
            return (int) Math.max(0, Math.round(value));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    /** A standard normal draw (Box-Muller, one of the pair). */
    public static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
