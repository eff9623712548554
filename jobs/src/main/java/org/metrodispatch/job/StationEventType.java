package org.metrodispatch.job;

/** What a parsed input event tells about its station. */
public enum StationEventType {
    ENTRY,
    EXIT,
    HEARTBEAT,
    TRAIN_ARRIVAL,
    TRAIN_DEPARTURE
}
