package org.metrodispatch.dispatch;

import java.util.Arrays;

/**
 * Estimates the passengers waiting on one direction's side of a platform from what the feeds show.
 *
 * <p>Gate entries, split by direction with the flow profile's shares (as corrected, below), reach
 * the platform after the station's mean walk from the gate. A train takes at most its free room:
 * its capacity minus the load it brought in, plus those who get off (estimated from the demand
 * model's alighting share). When a train leaves with room to spare, everyone waiting got on: the
 * estimate drops to zero, which keeps errors from piling up. When it leaves full, those it could
 * not take stay: they are the passengers left behind. A train counts as full within the load
 * sensors' error of it.
 *
 * <p>The estimator corrects itself: each departure whose load change shows clearly more boarders
 * than it estimated waiting (or, leaving room, clearly fewer) moves this side's share of the
 * station's entries up (or down), so a profile that sends riders the wrong way is put right by the
 * trains within a few departures.
 */
public final class PlatformEstimator {

    /** The train id of a departure the timetable gave, in the evidence. */
    public static final String SCHEDULED = "scheduled";

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
            arrive(state, passengers);
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
            if (ring[slot] != 0) {
                arrive(state, ring[slot]);
                ring[slot] = 0;
            }
        }
        state.walkingClock = Math.max(state.walkingClock, second);
    }

    /** Passengers reach the platform: they wait, in their service groups where there are any. */
    private static void arrive(PlatformState state, double passengers) {
        state.waiting += passengers;
        double[] groups = state.groupWaiting;
        for (int g = 0; g < groups.length; g++) {
            groups[g] += passengers * state.groupShare[g];
        }
    }

    /**
     * Sets the service groups' shares of the passengers reaching a platform that several services
     * leave (branches). The first time, those already waiting are split by them too.
     */
    public static void setGroupShares(PlatformState state, double[] shares) {
        if (state.groupWaiting.length != shares.length) {
            state.groupWaiting = new double[shares.length];
            for (int g = 0; g < shares.length; g++) {
                state.groupWaiting[g] = state.waiting * shares[g];
            }
        }
        state.groupShare = shares;
    }

    /**
     * The passengers waiting who may board a train of a service ({@code serviceBit}, see {@link
     * ServiceGroups#serviceBit}; 0: everyone).
     */
    public static double candidates(PlatformState state, int serviceBit) {
        if (serviceBit == 0 || state.groupWaiting.length == 0) {
            return state.waiting;
        }
        double candidates = 0;
        for (int g = 0; g < state.groupWaiting.length; g++) {
            if (((g + 1) & serviceBit) != 0) {
                candidates += state.groupWaiting[g];
            }
        }
        return candidates;
    }

    /**
     * Those who may board a train now number {@code remaining}; the others wait on as they were.
     */
    private static void leave(PlatformState state, int serviceBit, double remaining) {
        double candidates = candidates(state, serviceBit);
        double[] groups = state.groupWaiting;
        double factor = candidates > 0 ? remaining / candidates : 0;
        for (int g = 0; g < groups.length; g++) {
            if (serviceBit == 0 || ((g + 1) & serviceBit) != 0) {
                groups[g] *= factor;
            }
        }
        state.waiting = Math.max(0, state.waiting - candidates + remaining);
    }

    /**
     * The multiplier on the profile's direction share that this side's departures taught: 1 until
     * they taught something.
     */
    public static double correction(PlatformState state) {
        return state.entryCorrection > 0 ? state.entryCorrection : 1;
    }

    /**
     * Compares who boarded, as the train's loads show it (leaving minus arriving plus those
     * estimated to alight), with the estimate of who was waiting. Clearly more boarded: the
     * estimate undercounts this side, so its share of the entries grows. A train that left room and
     * took clearly fewer: it overcounts, and the share shrinks. Within the sensors' error and
     * {@code minLeftBehind} nothing is learned, so noise does not wander the share.
     */
    private void learnFromBoarding(
            PlatformState state,
            double waiting,
            int loadArriving,
            int loadLeaving,
            boolean full,
            double alightingShare) {
        if (settings.correctionStep() <= 0) {
            return;
        }
        double boarded = loadLeaving - loadArriving * (1 - alightingShare);
        double margin =
                settings.minLeftBehind() + settings.loadError() * (loadArriving + loadLeaving);
        double factor = correction(state);
        if (boarded > waiting + margin) {
            factor *= 1 + settings.correctionStep();
        } else if (!full && boarded < waiting - margin) {
            factor /= 1 + settings.correctionStep();
        } else {
            return;
        }
        double max = settings.maxCorrection();
        state.entryCorrection = Math.max(1 / max, Math.min(max, factor));
    }

    /**
     * A departure the timetable gives, for a side whose train reports are silent (gate-only mode):
     * the train brings the load trains typically bring, those the profile says get off do, and it
     * takes the waiting up to its room; the rest are left behind.
     *
     * @return passengers left behind (the estimate)
     */
    public int onScheduledDeparture(
            PlatformState state,
            long time,
            double typicalArrivingLoad,
            int capacity,
            double alightingShare) {
        double onBoard = Math.min(capacity, typicalArrivingLoad) * (1 - alightingShare);
        double room = Math.max(0, capacity - onBoard);
        // The timetable does not say which service comes: every rider is taken to board it.
        double boarded = Math.min(state.waiting, room);
        leave(state, 0, Math.max(0, state.waiting - boarded));
        int leftBehind = (int) Math.round(state.waiting);
        record(state, leftBehind, SCHEDULED, time, (int) Math.round(onBoard + boarded), capacity);
        return leftBehind;
    }

    private void record(
            PlatformState state,
            int leftBehind,
            String trainId,
            long time,
            int loadLeaving,
            int capacity) {
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
    }

    /**
     * The passengers each of the next trains is expected to leave behind, if the platform goes on
     * as it is: those waiting and those walking from the gates, plus entries at the given rate,
     * against the room each train brings. A train's room is what the next trains will bring, taken
     * to be what the last ones did (the caller gives it).
     *
     * @param arrivalsPerSecond passengers expected to reach this side per second from now on
     * @param secondsToNext until the next departure
     * @param headwaySeconds between the departures after it
     * @param roomPerTrain passengers a train can take here (capacity minus those who stay on)
     * @param trains how many departures to look ahead
     * @return the expected left behind by each of the next {@code trains} departures; at a branch
     *     platform, of the riders whichever service comes next can take (the fewest)
     */
    public int[] forecast(
            PlatformState state,
            double arrivalsPerSecond,
            long secondsToNext,
            long headwaySeconds,
            double roomPerTrain,
            int trains) {
        double walking = 0;
        for (double passengers : state.walking) {
            walking += passengers;
        }
        double waitingNow = state.waiting;
        double candidateShare = 1;
        int groups = state.groupWaiting.length;
        if (groups > 0 && state.groupShare.length == groups && state.lastServiceBit != 0) {
            // Which branch's train comes next is not known: count the riders either one takes.
            waitingNow = Double.MAX_VALUE;
            for (int bit = 1; bit <= groups; bit <<= 1) {
                waitingNow = Math.min(waitingNow, candidates(state, bit));
                double share = 0;
                for (int g = 0; g < groups; g++) {
                    share += ((g + 1) & bit) != 0 ? state.groupShare[g] : 0;
                }
                candidateShare = Math.min(candidateShare, share);
            }
            walking *= candidateShare;
            arrivalsPerSecond *= candidateShare;
        }
        // Those entering in the last walk before the train leaves do not reach it.
        double waiting =
                waitingNow + walking + arrivalsPerSecond * Math.max(0, secondsToNext - walkSeconds);
        int[] leftBehind = new int[Math.max(0, trains)];
        double room = Math.max(0, roomPerTrain);
        for (int i = 0; i < leftBehind.length; i++) {
            waiting = Math.max(0, waiting - room);
            leftBehind[i] = (int) Math.round(waiting);
            waiting += arrivalsPerSecond * headwaySeconds;
        }
        return leftBehind;
    }

    /**
     * How many of the forecast departures in a row, from the next, leave passengers behind beyond
     * doubt: at least {@code minLeftBehind} more than the room the load sensors' error could hide
     * (a train's room is known only to {@code loadError} of its capacity).
     */
    public int forecastRun(int[] leftBehind, int capacity) {
        double margin = settings.minLeftBehind() + settings.loadError() * capacity;
        int run = 0;
        while (run < leftBehind.length && leftBehind[run] >= margin) {
            run++;
        }
        return run;
    }

    /** A train arrived: remember the load it brought. */
    public void onArrival(PlatformState state, String trainId, int load) {
        state.arrivalTrainId = trainId;
        state.arrivalLoad = load;
        int[] recent = state.recentArrivalLoads;
        if (recent.length > 0) {
            recent[state.recentArrivalNext] = load;
            state.recentArrivalNext = (state.recentArrivalNext + 1) % recent.length;
        }
    }

    /**
     * Keeps the loads of this many last arrivals (the services of the line): their lightest is the
     * room the forecast counts on, whichever service comes next.
     */
    public static void rememberArrivals(PlatformState state, int trains) {
        if (state.recentArrivalLoads.length != trains) {
            state.recentArrivalLoads = new int[trains];
            Arrays.fill(state.recentArrivalLoads, -1);
            state.recentArrivalNext = 0;
        }
    }

    /** The lightest load of the last trains that arrived; -1 when none is known. */
    public static int lightestRecentArrival(PlatformState state) {
        int lightest = -1;
        for (int load : state.recentArrivalLoads) {
            if (load >= 0 && (lightest < 0 || load < lightest)) {
                lightest = load;
            }
        }
        return lightest;
    }

    /** A train of no known service left: every rider could board it. */
    public int onDeparture(
            PlatformState state,
            String trainId,
            long time,
            int loadLeaving,
            int capacity,
            double alightingShare) {
        return onDeparture(state, trainId, time, loadLeaving, capacity, alightingShare, 0);
    }

    /**
     * A train left: estimate who boarded and who was left behind, and update the waiting count. At
     * a branch platform only the riders its service can take are its candidates: the others let it
     * go and are not left behind by it.
     *
     * @param alightingShare the profile's share of the arriving load that gets off here
     * @param serviceBit the train's service among those leaving this side ({@link
     *     ServiceGroups#serviceBit}); 0 when every rider may board it
     * @return passengers left behind (the estimate)
     */
    public int onDeparture(
            PlatformState state,
            String trainId,
            long time,
            int loadLeaving,
            int capacity,
            double alightingShare,
            int serviceBit) {
        state.lastServiceBit = serviceBit;
        double waiting = candidates(state, serviceBit);
        // A reading a sensor error below full may be a full train.
        boolean full =
                loadLeaving >= settings.fullLoadFactor() * (1 - settings.loadError()) * capacity;
        if (trainId.equals(state.arrivalTrainId)) {
            learnFromBoarding(state, waiting, state.arrivalLoad, loadLeaving, full, alightingShare);
        }
        int leftBehind;
        if (!full) {
            // Room to spare: everyone on the platform who could board got on.
            leftBehind = 0;
            leave(state, serviceBit, 0);
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
            leave(state, serviceBit, remaining);
        }
        record(state, leftBehind, trainId, time, loadLeaving, capacity);
        state.arrivalTrainId = null;
        return leftBehind;
    }
}
