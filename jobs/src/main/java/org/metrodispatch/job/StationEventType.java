package org.metrodispatch.job;

/** What a parsed input event tells about its station. */
public enum StationEventType {
    ENTRY,
    EXIT,
    HEARTBEAT,
    TRAIN_ARRIVAL,
    TRAIN_DEPARTURE,
    /** Signalling reporting in: it only moves the train feed's clock, which the source has seen. */
    SIGNALLING_HEARTBEAT
}
