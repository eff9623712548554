package org.metrodispatch.dispatch;

import org.metrodispatch.contract.truth.LevelOfService;

import java.io.Serializable;

/** When a platform counts as crowded, and when it is calm again (config/job.yaml, detection). */
public final class DetectionSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int raiseAfterConsecutiveLeftBehind;
    private final LevelOfService raiseAtLevel;
    private final double raiseAtOccupiedFraction;
    private final double personAreaM2;
    private final int clearAfterDeparturesWithoutLeftBehind;
    private final LevelOfService clearAtLevel;
    private final long clearHoldMillis;
    private final int forecastDepartures;

    /**
     * @param raiseAfterConsecutiveLeftBehind K: crowded when this many departures in a row leave
     *     passengers behind
     * @param raiseAtLevel crowded when the waiting area reaches this level of service
     * @param raiseAtOccupiedFraction crowded when waiting passengers occupy this share of the area
     *     (the 2/3 rule of passenger-flow control); 0 turns the rule off
     * @param personAreaM2 the area one waiting person occupies, for the occupied-area rule
     * @param clearAfterDeparturesWithoutLeftBehind calm again after this many departures in a row
     *     without anyone left behind...
     * @param clearAtLevel ...and with the waiting area at this level of service or better...
     * @param clearHoldMillis ...for this long: the hysteresis that keeps decisions from flapping
     * @param forecastDepartures how many of the next departures the forecast looks at: the K
     *     departures in a row may include this many that are forecast to leave passengers behind,
     *     so a platform is raised as its backlog builds (0: no forecast, only what trains did)
     */
    public DetectionSettings(
            int raiseAfterConsecutiveLeftBehind,
            LevelOfService raiseAtLevel,
            double raiseAtOccupiedFraction,
            double personAreaM2,
            int clearAfterDeparturesWithoutLeftBehind,
            LevelOfService clearAtLevel,
            long clearHoldMillis,
            int forecastDepartures) {
        this.forecastDepartures = forecastDepartures;
        this.raiseAfterConsecutiveLeftBehind = raiseAfterConsecutiveLeftBehind;
        this.raiseAtLevel = raiseAtLevel;
        this.raiseAtOccupiedFraction = raiseAtOccupiedFraction;
        this.personAreaM2 = personAreaM2;
        this.clearAfterDeparturesWithoutLeftBehind = clearAfterDeparturesWithoutLeftBehind;
        this.clearAtLevel = clearAtLevel;
        this.clearHoldMillis = clearHoldMillis;
    }

    public int raiseAfterConsecutiveLeftBehind() {
        return raiseAfterConsecutiveLeftBehind;
    }

    public LevelOfService raiseAtLevel() {
        return raiseAtLevel;
    }

    public double raiseAtOccupiedFraction() {
        return raiseAtOccupiedFraction;
    }

    public double personAreaM2() {
        return personAreaM2;
    }

    public int clearAfterDeparturesWithoutLeftBehind() {
        return clearAfterDeparturesWithoutLeftBehind;
    }

    public LevelOfService clearAtLevel() {
        return clearAtLevel;
    }

    public long clearHoldMillis() {
        return clearHoldMillis;
    }

    public int forecastDepartures() {
        return forecastDepartures;
    }

    /** The same settings with another forecast horizon (0: off). */
    public DetectionSettings withForecastDepartures(int departures) {
        return new DetectionSettings(
                raiseAfterConsecutiveLeftBehind,
                raiseAtLevel,
                raiseAtOccupiedFraction,
                personAreaM2,
                clearAfterDeparturesWithoutLeftBehind,
                clearAtLevel,
                clearHoldMillis,
                departures);
    }
}
