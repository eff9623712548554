package org.metrodispatch.dispatch;

/**
 * The state of {@link FeedHealth} for one line, in arrays a Flink POJO serializer handles: by
 * station index, and by gate in the order gates were first heard.
 */
public class FeedHealthState {

    /** Per station: the newest tap or gate heartbeat, or {@link FeedObservation#UNKNOWN}. */
    public long[] lastGate = new long[0];

    /** Per station: the newest train report or signalling heartbeat. */
    public long[] lastTrain = new long[0];

    /** Per station: when it was first heard at all (the train feed's silence counts from there). */
    public long[] firstHeard = new long[0];

    /** Per station: whether GATES_SILENT is raised. */
    public boolean[] gatesSilent = new boolean[0];

    /** Per station: whether TRAIN_FEED_SILENT is raised. */
    public boolean[] trainSilent = new boolean[0];

    /** Gates by the order first heard, with their station. */
    public String[] gates = new String[0];

    public int[] gateStation = new int[0];

    /** Per gate: taps counted and received in the current loss window. */
    public long[] gateExpected = new long[0];

    public long[] gateReceived = new long[0];

    /** Per gate: its newest heartbeat, and whether GATES_SILENT is raised for it alone. */
    public long[] gateLastBeat = new long[0];

    public boolean[] gateSilent = new boolean[0];

    /** Per gate: whether TAPS_LOST is raised, and since when. */
    public long[] gateLossSince = new long[0];

    /** The end of the current loss window. */
    public long lossWindowEnd = FeedObservation.UNKNOWN;

    /**
     * Per feed ({@link FeedHealth#GATES}, {@link FeedHealth#TRAIN_FEED}): records and late records
     * in the current lateness window, the most any was late, and since when LATE_ARRIVALS is
     * raised.
     */
    public long[] arrivals = new long[2];

    public long[] late = new long[2];

    public long[] lateBy = new long[2];

    public long[] lateSince = {FeedObservation.UNKNOWN, FeedObservation.UNKNOWN};

    /** The end of the current lateness window. */
    public long lateWindowEnd = FeedObservation.UNKNOWN;

    /** Feeds whose clock is off (CLOCK_SKEWED raised), and since when. */
    public String[] clockOff = new String[0];

    public long[] clockOffSince = new long[0];

    public FeedHealthState() {}
}
