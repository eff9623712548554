package org.metrodispatch.dispatch;

import org.metrodispatch.contract.truth.LevelOfService;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CrowdingDetectorTest {

    /** Nijiaqiao's waiting area for one direction: half of 1,100 m2. */
    private static final double AREA = 550;

    private static final long T0 = 1_772_582_400_000L;
    private static final long HOLD = 180_000;

    private static DetectionSettings settings(int k, double occupiedFraction) {
        return new DetectionSettings(
                k, LevelOfService.E, occupiedFraction, 0.5, 2, LevelOfService.C, HOLD, 0);
    }

    private final CrowdingDetector detector = new CrowdingDetector(settings(2, 0));

    private static PlatformState calmPlatform() {
        PlatformState state = new PlatformState();
        state.waiting = 100;
        return state;
    }

    private static PlatformState crowdedPlatform() {
        PlatformState state = calmPlatform();
        state.crowded = true;
        state.consecutiveLeftBehind = 3;
        state.leftBehind = 200;
        return state;
    }

    @Test
    void raisedAfterKDeparturesInARowLeavePassengersBehind() {
        PlatformState state = calmPlatform();
        state.consecutiveLeftBehind = 1;
        state.leftBehind = 150;
        assertThat(detector.evaluate(state, T0, AREA)).isNull();
        assertThat(state.crowded).isFalse();

        state.consecutiveLeftBehind = 2;
        assertThat(detector.raiseReason(state, AREA))
                .isEqualTo(
                        "passengers left behind on 2 departures in a row (150 by the last train)");
        assertThat(detector.evaluate(state, T0, AREA)).isEqualTo(SignalType.RAISED);
        assertThat(state.crowded).isTrue();
    }

    @Test
    void kComesFromTheSettings() {
        CrowdingDetector patient = new CrowdingDetector(settings(3, 0));
        PlatformState state = calmPlatform();
        state.consecutiveLeftBehind = 2;
        state.leftBehind = 150;
        assertThat(patient.evaluate(state, T0, AREA)).isNull();
        state.consecutiveLeftBehind = 3;
        assertThat(patient.evaluate(state, T0, AREA)).isEqualTo(SignalType.RAISED);
    }

    @Test
    void theForecastDeparturesCountTowardsK() {
        PlatformState state = calmPlatform();
        state.consecutiveLeftBehind = 1;
        state.leftBehind = 150;
        state.forecastLeftBehind = 90;
        state.forecastRun = 0;
        assertThat(detector.evaluate(state, T0, AREA)).isNull();

        state.forecastRun = 1;
        assertThat(detector.raiseReason(state, AREA))
                .isEqualTo(
                        "forecast: passengers left behind on 1 departures in a row and expected on"
                                + " the next 1 (about 90 by the next train)");
        assertThat(detector.evaluate(state, T0, AREA)).isEqualTo(SignalType.RAISED);

        // Two forecast departures make K on their own.
        PlatformState ahead = calmPlatform();
        ahead.forecastLeftBehind = 60;
        ahead.forecastRun = 2;
        assertThat(detector.evaluate(ahead, T0, AREA)).isEqualTo(SignalType.RAISED);
    }

    @Test
    void raisedAtTheConfiguredLevelOfService() {
        PlatformState state = calmPlatform();
        // Level D: 550 m2 / 1,000 = 0.55 m2 per person.
        state.waiting = 1_000;
        assertThat(detector.raiseReason(state, AREA)).isNull();
        assertThat(detector.evaluate(state, T0, AREA)).isNull();

        // Level E: 550 m2 / 1,900 = 0.29 m2 per person.
        state.waiting = 1_900;
        assertThat(detector.raiseReason(state, AREA))
                .isEqualTo(
                        "waiting area at level of service E (0.29 m2 per person, about 1900"
                                + " waiting)");
        assertThat(detector.evaluate(state, T0, AREA)).isEqualTo(SignalType.RAISED);
    }

    @Test
    void raisedAtAWorseLevelThanConfiguredToo() {
        PlatformState state = calmPlatform();
        state.waiting = 5_000; // level F
        assertThat(detector.raiseReason(state, AREA)).contains("level of service F");
        assertThat(detector.evaluate(state, T0, AREA)).isEqualTo(SignalType.RAISED);
    }

    @Test
    void theOccupiedAreaRuleRaisesOnlyWhenEnabled() {
        PlatformState state = calmPlatform();
        // 800 waiting at 0.5 m2 each occupy 400 of 550 m2: 73 %, level D.
        state.waiting = 800;
        assertThat(detector.evaluate(state, T0, AREA)).isNull();

        CrowdingDetector twoThirds = new CrowdingDetector(settings(2, 2.0 / 3));
        assertThat(twoThirds.raiseReason(state, AREA))
                .isEqualTo("waiting passengers occupy 73 % of the waiting area");
        assertThat(twoThirds.evaluate(state, T0, AREA)).isEqualTo(SignalType.RAISED);

        PlatformState fewer = calmPlatform();
        fewer.waiting = 700; // 350 m2: 64 %
        assertThat(twoThirds.evaluate(fewer, T0, AREA)).isNull();
    }

    @Test
    void statusWhileCrowded() {
        PlatformState state = crowdedPlatform();
        assertThat(detector.evaluate(state, T0, AREA)).isEqualTo(SignalType.STATUS);
        assertThat(detector.evaluate(state, T0 + 30_000, AREA)).isEqualTo(SignalType.STATUS);
        assertThat(state.crowded).isTrue();
        assertThat(state.calmSince).isZero();
    }

    @Test
    void clearedOnlyAfterTheCalmHeldForTheHold() {
        PlatformState state = crowdedPlatform();
        state.consecutiveLeftBehind = 0;
        state.leftBehind = 0;
        state.departuresWithoutLeftBehind = 2;

        assertThat(detector.evaluate(state, T0, AREA)).isEqualTo(SignalType.STATUS);
        assertThat(state.calmSince).isEqualTo(T0);
        assertThat(detector.evaluate(state, T0 + HOLD - 1, AREA)).isEqualTo(SignalType.STATUS);
        assertThat(state.crowded).isTrue();

        assertThat(detector.evaluate(state, T0 + HOLD, AREA)).isEqualTo(SignalType.CLEARED);
        assertThat(state.crowded).isFalse();
        assertThat(state.calmSince).isZero();
        assertThat(detector.evaluate(state, T0 + HOLD + 30_000, AREA)).isNull();
    }

    @Test
    void oneCalmDepartureIsNotEnough() {
        PlatformState state = crowdedPlatform();
        state.consecutiveLeftBehind = 0;
        state.departuresWithoutLeftBehind = 1;
        assertThat(detector.evaluate(state, T0, AREA)).isEqualTo(SignalType.STATUS);
        assertThat(detector.evaluate(state, T0 + 10 * HOLD, AREA)).isEqualTo(SignalType.STATUS);
        assertThat(state.calmSince).isZero();
    }

    @Test
    void aCrowdedWaitingAreaIsNotCalmWhateverTheDepartures() {
        PlatformState state = crowdedPlatform();
        state.consecutiveLeftBehind = 0;
        state.departuresWithoutLeftBehind = 10;
        state.waiting = 1_000; // level D, worse than C
        assertThat(detector.evaluate(state, T0, AREA)).isEqualTo(SignalType.STATUS);
        assertThat(detector.evaluate(state, T0 + 10 * HOLD, AREA)).isEqualTo(SignalType.STATUS);

        state.waiting = 700; // 0.79 m2 per person: level C, calm enough
        assertThat(detector.evaluate(state, T0 + 11 * HOLD, AREA)).isEqualTo(SignalType.STATUS);
        assertThat(detector.evaluate(state, T0 + 12 * HOLD, AREA)).isEqualTo(SignalType.CLEARED);
    }

    @Test
    void aRelapseRestartsTheHold() {
        PlatformState state = crowdedPlatform();
        state.consecutiveLeftBehind = 0;
        state.departuresWithoutLeftBehind = 2;
        assertThat(detector.evaluate(state, T0, AREA)).isEqualTo(SignalType.STATUS);

        // A train leaves people behind again.
        state.departuresWithoutLeftBehind = 0;
        state.consecutiveLeftBehind = 1;
        assertThat(detector.evaluate(state, T0 + 100_000, AREA)).isEqualTo(SignalType.STATUS);
        assertThat(state.calmSince).isZero();

        state.consecutiveLeftBehind = 0;
        state.departuresWithoutLeftBehind = 2;
        assertThat(detector.evaluate(state, T0 + 200_000, AREA)).isEqualTo(SignalType.STATUS);
        // Calm since T0 + 200 s only: not yet cleared 180 s after the first calm moment.
        assertThat(detector.evaluate(state, T0 + 300_000, AREA)).isEqualTo(SignalType.STATUS);
        assertThat(detector.evaluate(state, T0 + 379_999, AREA)).isEqualTo(SignalType.STATUS);
        assertThat(detector.evaluate(state, T0 + 380_000, AREA)).isEqualTo(SignalType.CLEARED);
    }

    @Test
    void raisedAgainAfterClearing() {
        PlatformState state = crowdedPlatform();
        state.consecutiveLeftBehind = 0;
        state.departuresWithoutLeftBehind = 2;
        detector.evaluate(state, T0, AREA);
        assertThat(detector.evaluate(state, T0 + HOLD, AREA)).isEqualTo(SignalType.CLEARED);

        state.departuresWithoutLeftBehind = 0;
        state.consecutiveLeftBehind = 2;
        state.leftBehind = 90;
        assertThat(detector.evaluate(state, T0 + HOLD + 1, AREA)).isEqualTo(SignalType.RAISED);
    }

    @Test
    void theClearReasonNamesTheNumbers() {
        PlatformState state = calmPlatform();
        state.departuresWithoutLeftBehind = 3;
        assertThat(detector.clearReason(state, AREA))
                .isEqualTo(
                        "nobody left behind on 3 departures in a row and the waiting area at level"
                                + " of service A for 180 s");
    }

    @Test
    void densityAndLevelOfAPlatform() {
        PlatformState state = calmPlatform();
        state.waiting = 1_100;
        assertThat(CrowdingDetector.density(state, AREA)).isEqualTo(0.5);
        assertThat(CrowdingDetector.levelOf(state, AREA)).isEqualTo(LevelOfService.D);
        state.waiting = 0;
        assertThat(CrowdingDetector.density(state, AREA)).isEqualTo(AREA);
        assertThat(CrowdingDetector.levelOf(state, AREA)).isEqualTo(LevelOfService.A);
    }
}
