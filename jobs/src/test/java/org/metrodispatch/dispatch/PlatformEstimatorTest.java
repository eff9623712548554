package org.metrodispatch.dispatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PlatformEstimatorTest {

    private static final int CAPACITY = 1_880;
    private static final int WALK = 60;
    private static final long T = 1_772_582_400L; // 2026-03-04T00:00:00Z, epoch seconds

    private final EstimationSettings settings = new EstimationSettings(0.98, 20);
    private final PlatformEstimator estimator = new PlatformEstimator(settings, WALK);

    /** A platform with {@code waiting} passengers on it at second {@code T}. */
    private PlatformState platformWith(double waiting) {
        PlatformState state = new PlatformState();
        estimator.start(state, T - WALK);
        estimator.addEntries(state, T - WALK, waiting);
        estimator.advanceTo(state, T);
        assertThat(state.waiting).isEqualTo(waiting);
        return state;
    }

    @Test
    void entriesReachThePlatformOnlyAfterTheWalk() {
        PlatformState state = new PlatformState();
        estimator.addEntries(state, T, 30);
        estimator.addEntries(state, T + 1, 12);

        estimator.advanceTo(state, T + WALK - 1);
        assertThat(state.waiting).isZero();
        estimator.advanceTo(state, T + WALK);
        assertThat(state.waiting).isEqualTo(30);
        estimator.advanceTo(state, T + WALK + 1);
        assertThat(state.waiting).isEqualTo(42);
        // Nobody is counted twice when the clock goes on.
        estimator.advanceTo(state, T + 10 * WALK);
        assertThat(state.waiting).isEqualTo(42);
    }

    @Test
    void fractionsOfPassengersAddUp() {
        PlatformState state = new PlatformState();
        for (int s = 0; s < 10; s++) {
            estimator.addEntries(state, T + s, 0.25);
            estimator.advanceTo(state, T + s);
        }
        estimator.advanceTo(state, T + 9 + WALK);
        assertThat(state.waiting).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void withoutAWalkEntriesAreOnThePlatformTheNextSecond() {
        PlatformEstimator direct = new PlatformEstimator(settings, 0);
        PlatformState state = new PlatformState();
        // The job moves the clock to a second first, then adds that second's entries.
        direct.advanceTo(state, T);
        direct.addEntries(state, T, 7);
        direct.advanceTo(state, T + 1);
        assertThat(state.waiting).isEqualTo(7);
    }

    @Test
    void entriesWhoseWalkIsAlreadyOverAreWaitingAtOnce() {
        PlatformState state = new PlatformState();
        estimator.advanceTo(state, T);
        estimator.addEntries(state, T - WALK - 5, 9);
        estimator.advanceTo(state, T + 1);
        assertThat(state.waiting).isEqualTo(9);
        // ...and are not counted again a lap later.
        estimator.advanceTo(state, T + 3 * WALK);
        assertThat(state.waiting).isEqualTo(9);
    }

    @Test
    void advanceOverALongGapCountsEveryoneOnce() {
        PlatformState state = new PlatformState();
        for (int s = 0; s < 5; s++) {
            estimator.advanceTo(state, T + s);
            estimator.addEntries(state, T + s, 10);
        }
        estimator.advanceTo(state, T + 86_400);
        assertThat(state.waiting).isEqualTo(50);
        assertThat(state.walkingClock).isEqualTo(T + 86_400);

        // The ring still works after the gap.
        estimator.addEntries(state, T + 86_400, 3);
        estimator.advanceTo(state, T + 86_400 + WALK - 1);
        assertThat(state.waiting).isEqualTo(50);
        estimator.advanceTo(state, T + 86_400 + WALK);
        assertThat(state.waiting).isEqualTo(53);
    }

    @Test
    void theClockNeverGoesBack() {
        PlatformState state = new PlatformState();
        estimator.advanceTo(state, T + 100);
        estimator.advanceTo(state, T + 50);
        assertThat(state.walkingClock).isEqualTo(T + 100);
    }

    @Test
    void aDepartureWithRoomTakesEveryone() {
        PlatformState state = platformWith(300);
        estimator.onArrival(state, "T0107", 800);

        int leftBehind = estimator.onDeparture(state, "T0107", T * 1000, 1_100, CAPACITY, 0.2);

        assertThat(leftBehind).isZero();
        assertThat(state.waiting).isZero();
        assertThat(state.leftBehind).isZero();
        assertThat(state.consecutiveLeftBehind).isZero();
        assertThat(state.departuresWithoutLeftBehind).isEqualTo(1);
        assertThat(state.lastTrainId).isEqualTo("T0107");
        assertThat(state.lastDepartureTime).isEqualTo(T * 1000);
        assertThat(state.lastTrainLoad).isEqualTo(1_100);
        assertThat(state.lastTrainCapacity).isEqualTo(CAPACITY);
        assertThat(state.arrivalTrainId).isNull();
    }

    @Test
    void aFullDepartureLeavesThoseItHadNoRoomFor() {
        PlatformState state = platformWith(1_000);
        // 1,700 arrive, a fifth (340) get off: 1,360 stay on, room for 520.
        estimator.onArrival(state, "T0107", 1_700);

        int leftBehind = estimator.onDeparture(state, "T0107", T * 1000, CAPACITY, CAPACITY, 0.2);

        assertThat(leftBehind).isEqualTo(480);
        assertThat(state.waiting).isCloseTo(480, within(1e-9));
        assertThat(state.leftBehind).isEqualTo(480);
        assertThat(state.consecutiveLeftBehind).isEqualTo(1);
        assertThat(state.departuresWithoutLeftBehind).isZero();
    }

    @Test
    void aTrainJustAtTheFullLoadFactorCountsAsFull() {
        PlatformState state = platformWith(1_000);
        estimator.onArrival(state, "T0107", 1_700);
        int atFactor = (int) Math.ceil(0.98 * CAPACITY);

        assertThat(estimator.onDeparture(state, "T0107", T * 1000, atFactor, CAPACITY, 0.2))
                .isEqualTo(480);

        PlatformState other = platformWith(1_000);
        estimator.onArrival(other, "T0109", 1_700);
        assertThat(estimator.onDeparture(other, "T0109", T * 1000, atFactor - 1, CAPACITY, 0.2))
                .isZero();
    }

    @Test
    void aFullTrainTakesEveryoneWhenTheyFitInItsRoom() {
        PlatformState state = platformWith(400);
        estimator.onArrival(state, "T0107", 1_700);

        assertThat(estimator.onDeparture(state, "T0107", T * 1000, CAPACITY, CAPACITY, 0.2))
                .isZero();
        assertThat(state.waiting).isZero();
        assertThat(state.departuresWithoutLeftBehind).isEqualTo(1);
    }

    @Test
    void withoutAnArrivalReportTheTrainBroughtWhatItTakes() {
        PlatformState state = platformWith(1_000);
        // 1,880 on board, a quarter (470) get off: room for 470.
        int leftBehind = estimator.onDeparture(state, "T0107", T * 1000, CAPACITY, CAPACITY, 0.25);
        assertThat(leftBehind).isEqualTo(530);

        // An arrival report of another train does not count for this one either.
        PlatformState other = platformWith(1_000);
        estimator.onArrival(other, "T0105", 200);
        assertThat(estimator.onDeparture(other, "T0107", T * 1000, CAPACITY, CAPACITY, 0.25))
                .isEqualTo(530);
    }

    @Test
    void anArrivalIsUsedByOneDepartureOnly() {
        PlatformState state = platformWith(1_000);
        estimator.onArrival(state, "T0107", 1_700);
        estimator.onDeparture(state, "T0107", T * 1000, CAPACITY, CAPACITY, 0.2);
        assertThat(state.arrivalTrainId).isNull();
    }

    @Test
    void leftBehindCountsFromMinLeftBehind() {
        PlatformState state = platformWith(0);
        // Each time the waiting passengers are topped up so that the full train leaves exactly
        // the wanted number behind; the train brings 1,880 and nobody alights: no room.
        int[] leftBehind = {25, 20, 19, 30, 40, 0, 5};
        int[] consecutive = {1, 2, 0, 1, 2, 0, 0};
        int[] without = {0, 0, 1, 0, 0, 1, 2};
        for (int i = 0; i < leftBehind.length; i++) {
            state.waiting = leftBehind[i];
            String train = "T" + i;
            estimator.onArrival(state, train, CAPACITY);
            int estimate = estimator.onDeparture(state, train, T * 1000 + i, CAPACITY, CAPACITY, 0);
            assertThat(estimate).as("departure %d", i).isEqualTo(leftBehind[i]);
            assertThat(state.consecutiveLeftBehind)
                    .as("consecutive after departure %d", i)
                    .isEqualTo(consecutive[i]);
            assertThat(state.departuresWithoutLeftBehind)
                    .as("without after departure %d", i)
                    .isEqualTo(without[i]);
        }
    }

    @Test
    void leftBehindIsRounded() {
        PlatformState state = platformWith(0);
        state.waiting = 100.6;
        estimator.onArrival(state, "T1", CAPACITY);
        assertThat(estimator.onDeparture(state, "T1", T * 1000, CAPACITY, CAPACITY, 0))
                .isEqualTo(101);
        assertThat(state.waiting).isCloseTo(100.6, within(1e-9));
    }

    @Test
    void aNegativeWalkCountsAsNone() {
        PlatformEstimator direct = new PlatformEstimator(settings, -5);
        PlatformState state = new PlatformState();
        direct.addEntries(state, T, 4);
        direct.advanceTo(state, T);
        assertThat(state.waiting).isEqualTo(4);
    }

    /** The estimator as configured by default: 3 % load error, steps of 20 %, at most 8 times. */
    private final PlatformEstimator correcting =
            new PlatformEstimator(new EstimationSettings(0.98, 20, 0.03, 0.2, 8), WALK);

    private PlatformState correctingPlatformWith(double waiting) {
        PlatformState state = new PlatformState();
        correcting.start(state, T - WALK);
        correcting.addEntries(state, T - WALK, waiting);
        correcting.advanceTo(state, T);
        return state;
    }

    @Test
    void aFullTrainThatTookFarMoreThanTheEstimateSaidWereWaitingRaisesThisSidesShare() {
        // The estimate says 50 wait; 1,000 arrive, a fifth get off and the train leaves full:
        // 1,880 - 800 = 1,080 boarded. The estimate undercounts this side.
        PlatformState state = correctingPlatformWith(50);
        assertThat(PlatformEstimator.correction(state)).isEqualTo(1.0);
        correcting.onArrival(state, "T0107", 1_000);
        correcting.onDeparture(state, "T0107", T * 1000, CAPACITY, CAPACITY, 0.2);
        assertThat(PlatformEstimator.correction(state)).isCloseTo(1.2, within(1e-9));

        // Departure after departure says the same: the share grows, up to 8 times.
        for (int i = 0; i < 30; i++) {
            correcting.onArrival(state, "T" + i, 1_000);
            correcting.onDeparture(state, "T" + i, T * 1000, CAPACITY, CAPACITY, 0.2);
        }
        assertThat(PlatformEstimator.correction(state)).isEqualTo(8.0);
    }

    @Test
    void aTrainWithRoomThatTookFarFewerLowersThisSidesShare() {
        // The estimate says 600 wait; the train had room and took only 100 (900 - 1,000 * 0.8).
        PlatformState state = correctingPlatformWith(600);
        correcting.onArrival(state, "T0107", 1_000);
        correcting.onDeparture(state, "T0107", T * 1000, 900, CAPACITY, 0.2);
        assertThat(PlatformEstimator.correction(state)).isCloseTo(1 / 1.2, within(1e-9));
        assertThat(state.waiting).as("it took everyone").isZero();
    }

    @Test
    void aFullTrainThatTookFewerThanTheEstimateIsNoEvidence() {
        // Full trains take only their room: those who did not fit are left behind, not missing.
        PlatformState state = correctingPlatformWith(1_000);
        correcting.onArrival(state, "T0107", 1_700);
        assertThat(correcting.onDeparture(state, "T0107", T * 1000, CAPACITY, CAPACITY, 0.2))
                .isEqualTo(480);
        assertThat(PlatformEstimator.correction(state)).isEqualTo(1.0);
    }

    @Test
    void boardingWithinTheSensorsErrorTeachesNothing() {
        // 1,000 and 1,300 on the scales: 3 % of each is 69 passengers, plus minLeftBehind 20.
        // 500 boarded (1,300 - 800) against 420 estimated: within 89, no evidence.
        PlatformState state = correctingPlatformWith(420);
        correcting.onArrival(state, "T0107", 1_000);
        correcting.onDeparture(state, "T0107", T * 1000, 1_300, CAPACITY, 0.2);
        assertThat(PlatformEstimator.correction(state)).isEqualTo(1.0);
        // 500 against 400: beyond it.
        PlatformState beyond = correctingPlatformWith(400);
        correcting.onArrival(beyond, "T0107", 1_000);
        correcting.onDeparture(beyond, "T0107", T * 1000, 1_300, CAPACITY, 0.2);
        assertThat(PlatformEstimator.correction(beyond)).isGreaterThan(1.0);
    }

    @Test
    void withoutTheArrivalReportThereIsNoEvidence() {
        PlatformState state = correctingPlatformWith(50);
        correcting.onDeparture(state, "T0107", T * 1000, CAPACITY, CAPACITY, 0.2);
        assertThat(PlatformEstimator.correction(state)).isEqualTo(1.0);
    }

    @Test
    void aTrainASensorErrorBelowFullCountsAsFull() {
        // 3 % under the full load factor: the scales may read a full train this low.
        int reading = (int) Math.ceil(0.98 * 0.97 * CAPACITY);
        PlatformState state = correctingPlatformWith(1_000);
        correcting.onArrival(state, "T0107", 1_700);
        assertThat(correcting.onDeparture(state, "T0107", T * 1000, reading, CAPACITY, 0.2))
                .isPositive();
        PlatformState clear = correctingPlatformWith(1_000);
        correcting.onArrival(clear, "T0107", 1_700);
        assertThat(correcting.onDeparture(clear, "T0107", T * 1000, reading - 1, CAPACITY, 0.2))
                .isZero();
    }

    @Test
    void aScheduledDepartureTakesTheWaitingUpToTheRoomATypicalTrainLeaves() {
        // A typical train brings 1,700; a fifth (340) get off: room for 1,880 - 1,360 = 520.
        PlatformState state = platformWith(1_000);
        assertThat(estimator.onScheduledDeparture(state, T * 1000, 1_700, CAPACITY, 0.2))
                .isEqualTo(480);
        assertThat(state.waiting).isCloseTo(480, within(1e-9));
        assertThat(state.consecutiveLeftBehind).isEqualTo(1);
        assertThat(state.lastTrainId).isEqualTo(PlatformEstimator.SCHEDULED);
        assertThat(state.lastTrainLoad).isEqualTo(CAPACITY);
        // Off-peak trains bring little: everyone fits, the estimate falls to nothing.
        assertThat(estimator.onScheduledDeparture(state, T * 1000 + 180_000, 300, CAPACITY, 0.2))
                .isZero();
        assertThat(state.waiting).isZero();
        assertThat(state.departuresWithoutLeftBehind).isEqualTo(1);
    }

    @Test
    void theForecastAddsThoseWalkingAndArrivingAgainstTheRoomOfEachTrain() {
        PlatformState state = platformWith(300);
        estimator.addEntries(state, T, 100);
        // 300 waiting, 100 walking, 2/s arriving for the 60 s of the next 120 that still make it.
        int[] leftBehind = estimator.forecast(state, 2, 120, 150, 400, 3);
        assertThat(leftBehind).containsExactly(120, 20, 0);
        assertThat(estimator.forecastRun(leftBehind, CAPACITY)).isEqualTo(2);
        // The forecast looks, it does not change the platform.
        assertThat(state.waiting).isEqualTo(300);
    }

    @Test
    void aForecastOfTrainsWithRoomForAllSeesNobodyLeft() {
        PlatformState state = platformWith(300);
        int[] leftBehind = estimator.forecast(state, 1, 150, 150, 1_000, 2);
        assertThat(leftBehind).containsExactly(0, 0);
        assertThat(estimator.forecastRun(leftBehind, CAPACITY)).isZero();
        // Below minLeftBehind is nobody, too.
        assertThat(estimator.forecastRun(new int[] {19, 400}, CAPACITY)).isZero();
    }

    /** A branch platform: 100 riders only A takes, 200 only B, 300 either (groups A, B, A+B). */
    private PlatformState branchPlatform() {
        PlatformState state = platformWith(0);
        PlatformEstimator.setGroupShares(state, new double[] {1 / 6.0, 2 / 6.0, 3 / 6.0});
        estimator.addEntries(state, T - WALK - 1, 600);
        estimator.advanceTo(state, T);
        assertThat(state.groupWaiting).containsExactly(new double[] {100, 200, 300}, within(1e-9));
        return state;
    }

    @Test
    void aFullTrainOfOneBranchLeavesBehindOnlyThoseItCouldTake() {
        PlatformState state = branchPlatform();
        // An A train arriving with 1,600 of whom a fifth get off: room for 600, it leaves full.
        estimator.onArrival(state, "T0107", 1_800);
        int leftBehind =
                estimator.onDeparture(state, "T0107", T * 1000, CAPACITY, CAPACITY, 0.2, 1);
        // Its candidates were A's 100 and the 300 either way; it had room for 440 of them.
        assertThat(leftBehind).isZero();
        assertThat(state.groupWaiting).containsExactly(new double[] {0, 200, 0}, within(1e-9));
        assertThat(state.waiting).isCloseTo(200, within(1e-9));
    }

    @Test
    void ridersForTheOtherBranchAreNotLeftBehindByThisOne() {
        PlatformState state = branchPlatform();
        // A full B train with room for 100: of B's 200 and the 300 either way, 400 stay.
        estimator.onArrival(state, "T0109", 1_875);
        int leftBehind =
                estimator.onDeparture(state, "T0109", T * 1000, CAPACITY, CAPACITY, 0.0, 2);
        assertThat(leftBehind).isEqualTo(495);
        assertThat(state.groupWaiting[0]).isCloseTo(100, within(1e-9));
        assertThat(state.groupWaiting[1] + state.groupWaiting[2]).isCloseTo(495, within(1e-9));
        assertThat(state.waiting).isCloseTo(595, within(1e-9));
        // A train of no known service: everyone is a candidate, as before groups.
        estimator.onArrival(state, "T0111", 1_000);
        assertThat(estimator.onDeparture(state, "T0111", T * 1000, 1_500, CAPACITY, 0.0)).isZero();
        assertThat(state.waiting).isZero();
        assertThat(state.groupWaiting).containsExactly(new double[] {0, 0, 0}, within(1e-9));
    }

    @Test
    void aForecastWithinTheSensorsErrorIsNoEvidence() {
        PlatformEstimator noisy =
                new PlatformEstimator(new EstimationSettings(0.98, 20, 0.03, 0, 1), WALK);
        // 3 % of 1,880 is 56 passengers of room the scales cannot see: 20 + 56 needed.
        assertThat(noisy.forecastRun(new int[] {75, 400}, CAPACITY)).isZero();
        assertThat(noisy.forecastRun(new int[] {77, 77, 10}, CAPACITY)).isEqualTo(2);
    }

    @Test
    void atABranchPlatformTheForecastCountsTheRidersWhicheverTrainComesCanTake() {
        PlatformState state = branchPlatform();
        state.lastServiceBit = 2;
        // A can take 100 + 300, B 200 + 300: whichever comes, at least 400 want it. Arrivals
        // split the same way: A's groups are 4/6 of them.
        int[] leftBehind = estimator.forecast(state, 1.5, 60 + WALK, 150, 300, 2);
        assertThat(leftBehind).containsExactly(160, 10);
    }
}
