package org.metrodispatch.simulator.engine;

import org.metrodispatch.contract.demand.DemandModel;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.demand.Variation;

import java.util.SplittableRandom;

/**
 * The demand of one simulated day: the scenario's demand with its {@link Variation} drawn from the
 * run's seed. Each part of the variation draws from a random stream of its own, so that changing
 * one spread leaves the other factors as they were, and none of them touches the passengers'
 * streams.
 *
 * <p>Every factor is log-normal with mean 1: {@code exp(σ·z − σ²/2)}, {@code z} a standard normal
 * draw cut to ±3, so a factor never strays more than three spreads from 1 and never goes negative.
 */
public final class DayDemand {

    private static final double CUT = 3.0;

    private final double dayFactor;
    private final double weatherFactor;
    private final double[] stationFactors;
    private final double[][] destinationFactors;

    private DayDemand(
            double dayFactor,
            double weatherFactor,
            double[] stationFactors,
            double[][] destinationFactors) {
        this.dayFactor = dayFactor;
        this.weatherFactor = weatherFactor;
        this.stationFactors = stationFactors;
        this.destinationFactors = destinationFactors;
    }

    /** Draws the factors of the day of {@code seed}. */
    public static DayDemand draw(Variation variation, int stationCount, long seed) {
        RandomStreams streams = new RandomStreams(seed);
        double day = factor(streams.stream("day-factor", 0), variation.dayFactorSpread());
        SplittableRandom stationRandom = streams.stream("station-factors", 0);
        double[] stations = new double[stationCount];
        for (int s = 0; s < stationCount; s++) {
            stations[s] = factor(stationRandom, variation.stationSpread());
        }
        double[][] destinations = null;
        if (variation.destinationDrift() > 0) {
            SplittableRandom driftRandom = streams.stream("destination-drift", 0);
            destinations = new double[stationCount][stationCount];
            for (int o = 0; o < stationCount; o++) {
                for (int d = 0; d < stationCount; d++) {
                    destinations[o][d] = factor(driftRandom, variation.destinationDrift());
                }
            }
        }
        return new DayDemand(day, variation.demandFactorOfWeather(), stations, destinations);
    }

    /**
     * The demand the simulator runs for a scenario and seed: the scenario's own model (the same
     * instance) when it has no variation, the varied one otherwise.
     */
    public static DemandModel of(Scenario scenario, long seed) {
        Variation variation = scenario.variation();
        if (variation.isNone()) {
            return scenario.demand();
        }
        return draw(variation, scenario.network().stationCount(), seed).apply(scenario.demand());
    }

    private static double factor(SplittableRandom random, double spread) {
        // Always draw, so that the stream's later factors do not depend on this spread.
        double z = Math.max(-CUT, Math.min(CUT, RandomStreams.gaussian(random)));
        if (spread <= 0) {
            return 1.0;
        }
        return Math.exp(spread * z - spread * spread / 2);
    }

    /** The base demand with this day's factors. */
    public DemandModel apply(DemandModel base) {
        double[] entries = new double[stationFactors.length];
        for (int s = 0; s < entries.length; s++) {
            entries[s] = dayFactor * weatherFactor * stationFactors[s];
        }
        return base.varied(entries, destinationFactors);
    }

    /** The factor on the whole day's regular entries, without the weather's. */
    public double dayFactor() {
        return dayFactor;
    }

    /** The weather's factor on entries: 1 on a dry day. */
    public double weatherFactor() {
        return weatherFactor;
    }

    /** A station's own factor on its entries. */
    public double stationFactor(int station) {
        return stationFactors[station];
    }

    /** The factor on the weight of {@code destination} for trips from {@code origin}. */
    public double destinationFactor(int origin, int destination) {
        return destinationFactors == null ? 1.0 : destinationFactors[origin][destination];
    }
}
