package org.metrodispatch.dispatch;

/**
 * Estimates the passengers waiting on one direction's side of a platform from what the feeds show.
 *
 * <p>Gate entries, split by direction with the demand model's shares, reach the platform after the
 * station's mean walk from the gate. A train takes at most its free room: its capacity minus the
 * load it brought in, plus those who get off (estimated from the demand model's alighting share).
 * When a train leaves with room to spare, everyone waiting got on: the estimate drops to zero,
 * which keeps errors from piling up. When it leaves full, those it could not take stay: they are
 * the passengers left behind.
 */
public final class PlatformEstimator {

    private final EstimationSettings settings;
    private final int walkSeconds;

    public PlatformEstimator(EstimationSettings settings, int walkSeconds) {
        this.settings = settings;
        this.walkSeconds = Math.max(0, walkSeconds);
    }

    /** Starts counting at a second; passengers already walking are not known. */
    public void start(PlatformState state, long second) {
        state.walking = new double[walkSeconds + 2];
        state.walkingClock = second - 1;
    }

    /**
     * Passengers who entered the station in {@code second} and walk to this platform. Those whose
     * walk ends at a second already counted are on the platform at once.
     */
    public void addEntries(PlatformState state, long second, double passengers) {
        if (state.walkingClock == Long.MIN_VALUE) {
            start(state, second);
        }
        long reach = second + walkSeconds;
        if (reach <= state.walkingClock) {
            // Their slot in the ring has been passed: it would only be counted a lap later.
            state.waiting += passengers;
            return;
        }
        double[] ring = state.walking;
        ring[(int) Math.floorMod(reach, (long) ring.length)] += passengers;
    }

    /** Moves passengers who have reached the platform by {@code second} into the waiting count. */
    public void advanceTo(PlatformState state, long second) {
        if (state.walkingClock == Long.MIN_VALUE) {
            start(state, second);
        }
        double[] ring = state.walking;
        // Entries are only ever scheduled less than a ring ahead, so one lap clears them all.
        long steps = Math.min(second - state.walkingClock, ring.length);
        for (long t = second - steps + 1; t <= second; t++) {
            int slot = (int) Math.floorMod(t, (long) ring.length);
            state.waiting += ring[slot];
            ring[slot] = 0;
        }
        state.walkingClock = Math.max(state.walkingClock, second);
    }

    /** A train arrived: remember the load it brought. */
    public void onArrival(PlatformState state, String trainId, int load) {
        state.arrivalTrainId = trainId;
        state.arrivalLoad = load;
    }

    /**
     * A train left: estimate who boarded and who was left behind, and update the waiting count.
     *
     * @param alightingShare the demand model's share of the arriving load that gets off here
     * @return passengers left behind (the estimate)
     */
    public int onDeparture(
            PlatformState state,
            String trainId,
            long time,
            int loadLeaving,
            int capacity,
            double alightingShare) {
        double waiting = state.waiting;
        boolean full = loadLeaving >= settings.fullLoadFactor() * capacity;
        int leftBehind;
        if (!full) {
            // Room to spare: everyone on the platform got on.
            leftBehind = 0;
            state.waiting = 0;
        } else {
            // Without its arrival report, take the train to have brought what it takes away.
            int loadArriving =
                    trainId.equals(state.arrivalTrainId) ? state.arrivalLoad : loadLeaving;
            double alighted = loadArriving * alightingShare;
            double freeRoom = Math.max(0, capacity - (loadArriving - alighted));
            double boarded =
                    Math.min(waiting, Math.max(freeRoom, loadLeaving - loadArriving + alighted));
            double remaining = Math.max(0, waiting - Math.max(0, boarded));
            leftBehind = (int) Math.round(remaining);
            state.waiting = remaining;
        }
        if (leftBehind >= settings.minLeftBehind()) {
            state.consecutiveLeftBehind++;
            state.departuresWithoutLeftBehind = 0;
        } else {
            state.consecutiveLeftBehind = 0;
            state.departuresWithoutLeftBehind++;
        }
        state.leftBehind = leftBehind;
        state.lastTrainId = trainId;
        state.lastDepartureTime = time;
        state.lastTrainLoad = loadLeaving;
        state.lastTrainCapacity = capacity;
        state.arrivalTrainId = null;
        return leftBehind;
    }
}
