package org.metrodispatch.contract.demand;

import org.metrodispatch.contract.config.ConfigNode;

import java.util.Set;

/**
 * How one simulated day differs from another of the same scenario: the {@code variation} block of a
 * scenario. The simulator draws the day's factors from the run's seed, so two seeds are two
 * different days of the same kind, close but not equal. Without the block there is no variation:
 * every seed has exactly the scenario's demand.
 *
 * <p>This class only holds the settings. The simulator draws the factors ({@code DayDemand} in the
 * simulator's engine) and applies them with {@link DemandModel#varied}. The scenario's {@link
 * Scenario#demand()} stays the unvaried model.
 */
public final class Variation {

    /** Keys of the {@code variation} block. */
    static final Set<String> KEYS =
            Set.of(
                    "dayFactorSpread",
                    "stationSpread",
                    "destinationDrift",
                    "weather",
                    "rainDemandFactor");

    /** Demand of a rainy day relative to a dry one, unless the scenario says otherwise. */
    public static final double DEFAULT_RAIN_DEMAND_FACTOR = 1.08;

    /** The weather of the simulated day. */
    public enum Weather {
        DRY,
        RAIN
    }

    private static final Variation NONE = new Variation(0, 0, 0, Weather.DRY, 1.0, false);

    private final double dayFactorSpread;
    private final double stationSpread;
    private final double destinationDrift;
    private final Weather weather;
    private final double rainDemandFactor;
    private final boolean given;

    private Variation(
            double dayFactorSpread,
            double stationSpread,
            double destinationDrift,
            Weather weather,
            double rainDemandFactor,
            boolean given) {
        this.dayFactorSpread = dayFactorSpread;
        this.stationSpread = stationSpread;
        this.destinationDrift = destinationDrift;
        this.weather = weather;
        this.rainDemandFactor = rainDemandFactor;
        this.given = given;
    }

    /** No variation: every day is the scenario's demand exactly. */
    public static Variation none() {
        return NONE;
    }

    /** Settings given in code (for tests and tools); the spreads are relative, 0 to 0.5. */
    public static Variation of(
            double dayFactorSpread,
            double stationSpread,
            double destinationDrift,
            Weather weather,
            double rainDemandFactor) {
        requireRange("dayFactorSpread", dayFactorSpread, 0, 0.5);
        requireRange("stationSpread", stationSpread, 0, 0.5);
        requireRange("destinationDrift", destinationDrift, 0, 0.5);
        requireRange("rainDemandFactor", rainDemandFactor, 0.5, 2);
        return new Variation(
                dayFactorSpread, stationSpread, destinationDrift, weather, rainDemandFactor, true);
    }

    private static void requireRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    name + " must be from " + min + " to " + max + ", got " + value);
        }
    }

    /** Reads the optional {@code variation} block of a scenario; none when it is absent. */
    static Variation read(ConfigNode root) {
        if (!root.has("variation")) {
            return NONE;
        }
        ConfigNode node = root.child("variation").allowOnly(KEYS);
        double day = node.number("dayFactorSpread", 0, 0.5, 0);
        double station = node.number("stationSpread", 0, 0.5, 0);
        double drift = node.number("destinationDrift", 0, 0.5, 0);
        String weather = node.oneOf("weather", Set.of("dry", "rain"), "dry");
        double rain = node.number("rainDemandFactor", 0.5, 2, DEFAULT_RAIN_DEMAND_FACTOR);
        return new Variation(
                day,
                station,
                drift,
                "rain".equals(weather) ? Weather.RAIN : Weather.DRY,
                rain,
                true);
    }

    /** True when no day differs from the scenario's demand (no block, or all of it neutral). */
    public boolean isNone() {
        return dayFactorSpread == 0
                && stationSpread == 0
                && destinationDrift == 0
                && demandFactorOfWeather() == 1.0;
    }

    /** Whether the scenario has a {@code variation} block at all. */
    public boolean given() {
        return given;
    }

    /**
     * Relative spread (the log-normal's σ) of the factor that scales the whole day's regular
     * entries.
     */
    public double dayFactorSpread() {
        return dayFactorSpread;
    }

    /** Relative spread (σ) of each station's own factor on its entries. */
    public double stationSpread() {
        return stationSpread;
    }

    /** Relative spread (σ) of the factor on each origin's weight for each destination. */
    public double destinationDrift() {
        return destinationDrift;
    }

    public Weather weather() {
        return weather;
    }

    /** The factor a rainy day would have (whatever the weather of this one). */
    public double rainDemandFactor() {
        return rainDemandFactor;
    }

    /** The factor of the day's weather on entries: {@link #rainDemandFactor} when it rains. */
    public double demandFactorOfWeather() {
        return weather == Weather.RAIN ? rainDemandFactor : 1.0;
    }
}
