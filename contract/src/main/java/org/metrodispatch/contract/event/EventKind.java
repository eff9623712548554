package org.metrodispatch.contract.event;

/** The value of the {@code kind} field that opens every event of the contract. */
public final class EventKind {

    /** A passenger's tap at a fare gate. */
    public static final String GATE = "gate";

    /** A fare gate's periodic sign of life with its cumulative counters. */
    public static final String GATE_HEARTBEAT = "gate-heartbeat";

    /** A train's arrival or departure with its load. */
    public static final String TRAIN = "train";

    private EventKind() {}
}
