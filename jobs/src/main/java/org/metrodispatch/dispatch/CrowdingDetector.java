package org.metrodispatch.dispatch;

import org.metrodispatch.contract.truth.LevelOfService;

import java.util.Locale;

/**
 * Decides when a platform is crowded and when it is calm again, with hysteresis so that decisions
 * do not flap.
 *
 * <p>A platform becomes crowded when trains leave passengers behind on K departures in a row (the
 * real trigger for an extra train; with forecasting, some of the K may be the next departures,
 * forecast), or when its waiting area reaches the configured level of service (or the occupied-area
 * share of passenger-flow control). It is calm again only after several departures in a row leave
 * nobody behind, with the area at a comfortable level, and that has held for a while.
 */
public final class CrowdingDetector {

    private final DetectionSettings settings;

    public CrowdingDetector(DetectionSettings settings) {
        this.settings = settings;
    }

    /**
     * Looks at a platform after a departure or at the end of a window.
     *
     * @return RAISED or CLEARED on a change, STATUS while crowded, null while calm
     */
    public SignalType evaluate(PlatformState state, long time, double waitingAreaM2) {
        LevelOfService level = levelOf(state, waitingAreaM2);
        if (!state.crowded) {
            if (raiseReason(state, waitingAreaM2) != null) {
                state.crowded = true;
                state.calmSince = 0;
                return SignalType.RAISED;
            }
            return null;
        }
        boolean calm =
                state.departuresWithoutLeftBehind
                                >= settings.clearAfterDeparturesWithoutLeftBehind()
                        && level.ordinal() <= settings.clearAtLevel().ordinal();
        if (!calm) {
            state.calmSince = 0;
            return SignalType.STATUS;
        }
        if (state.calmSince == 0) {
            state.calmSince = time;
        }
        if (time - state.calmSince >= settings.clearHoldMillis()) {
            state.crowded = false;
            state.calmSince = 0;
            return SignalType.CLEARED;
        }
        return SignalType.STATUS;
    }

    /** Why the platform counts as crowded now, or null when it does not. */
    public String raiseReason(PlatformState state, double waitingAreaM2) {
        if (state.consecutiveLeftBehind >= settings.raiseAfterConsecutiveLeftBehind()) {
            return String.format(
                    Locale.ROOT,
                    "passengers left behind on %d departures in a row (%d by the last train)",
                    state.consecutiveLeftBehind,
                    state.leftBehind);
        }
        if (state.forecastRun > 0
                && state.consecutiveLeftBehind + state.forecastRun
                        >= settings.raiseAfterConsecutiveLeftBehind()) {
            return String.format(
                    Locale.ROOT,
                    "forecast: passengers left behind on %d departures in a row and expected on"
                            + " the next %d (about %d by the next train)",
                    state.consecutiveLeftBehind,
                    state.forecastRun,
                    state.forecastLeftBehind);
        }
        LevelOfService level = levelOf(state, waitingAreaM2);
        if (level.atLeastAsBadAs(settings.raiseAtLevel())) {
            return String.format(
                    Locale.ROOT,
                    "waiting area at level of service %s (%.2f m2 per person, about %d waiting)",
                    level,
                    density(state, waitingAreaM2),
                    Math.round(state.waiting));
        }
        double fraction = settings.raiseAtOccupiedFraction();
        if (fraction > 0 && state.waiting * settings.personAreaM2() >= fraction * waitingAreaM2) {
            return String.format(
                    Locale.ROOT,
                    "waiting passengers occupy %.0f %% of the waiting area",
                    100 * state.waiting * settings.personAreaM2() / waitingAreaM2);
        }
        return null;
    }

    /** Why the platform counts as calm again. */
    public String clearReason(PlatformState state, double waitingAreaM2) {
        return String.format(
                Locale.ROOT,
                "nobody left behind on %d departures in a row and the waiting area at level of"
                        + " service %s for %d s",
                state.departuresWithoutLeftBehind,
                levelOf(state, waitingAreaM2),
                settings.clearHoldMillis() / 1000);
    }

    public static double density(PlatformState state, double waitingAreaM2) {
        return LevelOfService.densityM2PerPerson(waitingAreaM2, state.waiting);
    }

    public static LevelOfService levelOf(PlatformState state, double waitingAreaM2) {
        return LevelOfService.of(density(state, waitingAreaM2));
    }
}
