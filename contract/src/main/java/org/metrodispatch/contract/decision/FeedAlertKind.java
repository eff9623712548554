package org.metrodispatch.contract.decision;

/** What is wrong with a feed (see {@link FeedAlert}). */
public enum FeedAlertKind {
    /** No train report and no signalling heartbeat from a station for too long. */
    TRAIN_FEED_SILENT,
    /** No tap and no heartbeat from any gate of a station for too long. */
    GATES_SILENT,
    /** A gate's heartbeat counters count more taps than the job received from it. */
    TAPS_LOST,
    /** A gate's or a station's clock is off: its records are dead letters. */
    CLOCK_SKEWED,
    /** Most input records are rejected (a wrong network, a wrong format). */
    INPUT_REJECTED,
    /**
     * A large share of a feed's records arrives later than its lateness bound (gates that upload in
     * batches): they are late events, left out of the decisions.
     */
    LATE_ARRIVALS
}
