package org.metrodispatch.job;

/** What a parsed input event tells about its station. */
public enum StationEventType {
    ENTRY,
    EXIT,
    HEARTBEAT,
    TRAIN_ARRIVAL,
    TRAIN_DEPARTURE,
    /**
     * A train's departure from the station before, made by the job for the station it calls at
     * next: it tells which train comes and how full. Not that station's feed speaking.
     */
    TRAIN_APPROACH,
    /** Signalling reporting in: it only moves the train feed's clock, which the source has seen. */
    SIGNALLING_HEARTBEAT
}
