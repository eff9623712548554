package org.metrodispatch.dispatch;

/**
 * What the job's first operators saw of one feed, for {@link FeedHealth}: who was heard, a gate's
 * taps against its heartbeat counters, a clock found off or right again. Small: observations travel
 * to one place per line.
 */
public class FeedObservation {

    /** No time known. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    /** What an observation says. */
    public enum Kind {
        /** A station's feeds were heard up to {@link #lastGate} and {@link #lastTrain}. */
        HEARD,
        /** A gate's taps between two of its heartbeats: counted by it and received by the job. */
        GATE_INTERVAL,
        /**
         * A feed's clock was found off ({@link #reason} says how); its records are dead letters.
         */
        CLOCK_OFF,
        /** A feed whose clock was off sends believable times again. */
        CLOCK_ON,
        /**
         * A feed's records judged in a report period ({@link #feed} {@code gates} or {@code train
         * feed}): how many, how many came late, and how late the latest of them was.
         */
        ARRIVALS
    }

    public Kind kind;

    /**
     * The station's index: in the city as the first operators see it, in its line once routed to
     * the line's feed health (-1: about a whole feed).
     */
    public int station;

    /** The line whose feed health judges it; set when routed to it. */
    public String lineId;

    /** A gate id (GATE_INTERVAL), or the feed whose clock is judged (CLOCK_OFF, CLOCK_ON). */
    public String feed;

    /** The event time of the observation. */
    public long time;

    /** HEARD: the newest tap or gate heartbeat of the station, or {@link #UNKNOWN}. */
    public long lastGate = UNKNOWN;

    /**
     * HEARD: the newest train report or signalling heartbeat of the station, or {@link #UNKNOWN}.
     */
    public long lastTrain = UNKNOWN;

    /** GATE_INTERVAL: the earlier heartbeat's time (the interval ends at {@link #time}). */
    public long from;

    /** GATE_INTERVAL: taps the gate's counters counted. */
    public long expected;

    /** GATE_INTERVAL: taps the job received from the gate. */
    public long received;

    /** ARRIVALS: records judged, of them late, and the most any was behind event time. */
    public long records;

    public long late;

    public long lateByMillis;

    /** CLOCK_OFF: how far off, naming the gate or the station. */
    public String reason;

    public FeedObservation() {}

    public static FeedObservation arrivals(
            String feed, long time, long records, long late, long lateByMillis) {
        FeedObservation o = new FeedObservation();
        o.kind = Kind.ARRIVALS;
        o.station = -1;
        o.feed = feed;
        o.time = time;
        o.records = records;
        o.late = late;
        o.lateByMillis = lateByMillis;
        return o;
    }

    public static FeedObservation heard(int station, long time, long lastGate, long lastTrain) {
        FeedObservation o = new FeedObservation();
        o.kind = Kind.HEARD;
        o.station = station;
        o.time = time;
        o.lastGate = lastGate;
        o.lastTrain = lastTrain;
        return o;
    }

    public static FeedObservation gateInterval(
            int station, String gate, long from, long to, long expected, long received) {
        FeedObservation o = new FeedObservation();
        o.kind = Kind.GATE_INTERVAL;
        o.station = station;
        o.feed = gate;
        o.from = from;
        o.time = to;
        o.expected = expected;
        o.received = received;
        return o;
    }

    public static FeedObservation clock(
            boolean off, int station, String feed, long time, String reason) {
        FeedObservation o = new FeedObservation();
        o.kind = off ? Kind.CLOCK_OFF : Kind.CLOCK_ON;
        o.station = station;
        o.feed = feed;
        o.time = time;
        o.reason = reason;
        return o;
    }

    @Override
    public String toString() {
        return kind + " " + station + "/" + feed + " at " + time;
    }
}
