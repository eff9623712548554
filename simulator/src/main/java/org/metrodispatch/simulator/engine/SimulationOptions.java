package org.metrodispatch.simulator.engine;

import java.time.LocalDate;

/** What a run of the simulator is asked to do, beyond the scenario file. */
public final class SimulationOptions {

    /** Speed value meaning "as fast as possible". */
    public static final double FAST = 0;

    private final long seed;
    private final LocalDate date;
    private final int fromSecond;
    private final int toSecond;
    private final double speed;

    /**
     * @param seed seed of every random draw
     * @param date the simulated day
     * @param fromSecond first second of the day written out
     * @param toSecond second of the day at which the output stops (exclusive)
     * @param speed multiple of real time, or {@link #FAST}
     */
    public SimulationOptions(
            long seed, LocalDate date, int fromSecond, int toSecond, double speed) {
        if (toSecond <= fromSecond) {
            throw new IllegalArgumentException("the end of the window must come after its start");
        }
        if (speed < 0) {
            throw new IllegalArgumentException("speed must be positive");
        }
        this.seed = seed;
        this.date = date;
        this.fromSecond = fromSecond;
        this.toSecond = toSecond;
        this.speed = speed;
    }

    /** The same run with another seed (another line of a city). */
    public SimulationOptions withSeed(long otherSeed) {
        return new SimulationOptions(otherSeed, date, fromSecond, toSecond, speed);
    }

    public long seed() {
        return seed;
    }

    public LocalDate date() {
        return date;
    }

    public int fromSecond() {
        return fromSecond;
    }

    public int toSecond() {
        return toSecond;
    }

    public double speed() {
        return speed;
    }

    public boolean fast() {
        return speed == FAST;
    }
}
