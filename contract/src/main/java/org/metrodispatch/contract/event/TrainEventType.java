package org.metrodispatch.contract.event;

/** The moment a train reports: doors about to open, or doors closed and leaving. */
public enum TrainEventType {
    ARRIVAL,
    DEPARTURE
}
