package org.metrodispatch.dispatch;

/**
 * What the job keeps about one direction's side of a platform: the estimator's waiting count and
 * walking passengers, the last trains, and the crowding detector's state. A Flink POJO, held in the
 * keyed state of its station.
 */
public class PlatformState {

    /** Estimated passengers waiting. */
    public double waiting;

    /**
     * At a platform several services leave this way (branches): the waiting passengers by service
     * group ({@link ServiceGroups}), summing to {@link #waiting}; empty elsewhere.
     */
    public double[] groupWaiting = new double[0];

    /** The groups' shares of the passengers now reaching the platform (the profile's, per slot). */
    public double[] groupShare = new double[0];

    /**
     * The service bit of the last train that left ({@link ServiceGroups#serviceBit}); 0 when its
     * report named no service, so every rider boards: then the forecast does not split either.
     */
    public int lastServiceBit;

    /** Passengers on their way from the gates, by the second they reach the platform (a ring). */
    public double[] walking = new double[0];

    /** The last second whose arrivals on the platform were counted. */
    public long walkingClock = Long.MIN_VALUE;

    /** The train that arrived last and has not left yet, with its load on arrival. */
    public String arrivalTrainId;

    public int arrivalLoad;

    /**
     * The loads the last trains brought, one per service of the line at most (a ring, the next slot
     * at {@link #recentArrivalNext}): where services from different branches merge, they bring
     * different loads, and the forecast takes the lightest.
     */
    public int[] recentArrivalLoads = new int[0];

    public int recentArrivalNext;

    /** Estimated passengers the last train left behind. */
    public int leftBehind;

    public int consecutiveLeftBehind;

    public int departuresWithoutLeftBehind;

    public String lastTrainId;

    public long lastDepartureTime;

    public int lastTrainLoad;

    public int lastTrainCapacity;

    /**
     * What the departures taught about this side's share of the station's entries: a multiplier on
     * the profile's direction share (see {@link PlatformEstimator#correction}); 0 when none was
     * learned yet (a state restored from before it existed, too).
     */
    public double entryCorrection;

    /** The last second a train report of this side was processed; 0 before the first. */
    public long trainHeardSecond;

    /** The first second this side was processed: silence is counted from it before any train. */
    public long firstSecond;

    /** Whether departures are taken from the timetable, the train reports being silent. */
    public boolean gatesOnly;

    /** In gate-only mode, the second of the next departure the timetable gives; 0 when none. */
    public long nextScheduledDeparture;

    /**
     * The forecast at the last judgement: passengers the next train is expected to leave behind (-1
     * when nothing was forecast), and how many of the next departures in a row are expected to
     * leave passengers behind.
     */
    public int forecastLeftBehind = -1;

    public int forecastRun;

    /** Whether a crowding episode is open. */
    public boolean crowded;

    /** Since when the platform has been calm enough to clear, epoch milliseconds; 0 if not. */
    public long calmSince;

    public PlatformState() {}
}
