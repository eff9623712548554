package org.metrodispatch.contract.event;

/** Whether a passenger tapped in or out at a fare gate. */
public enum GateDirection {
    ENTRY,
    EXIT
}
