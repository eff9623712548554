package org.metrodispatch.contract.event;

/** The value of the {@code kind} field that opens every event of the contract. */
public final class EventKind {

    /** A passenger's tap at a fare gate. */
    public static final String GATE = "gate";

    /** A fare gate's periodic sign of life with its cumulative counters. */
    public static final String GATE_HEARTBEAT = "gate-heartbeat";

    /** A station's signalling system reporting in on the train feed, between trains. */
    public static final String SIGNALLING_HEARTBEAT = "signalling-heartbeat";

    /** A train's arrival or departure with its load. */
    public static final String TRAIN = "train";

    private EventKind() {}
}
