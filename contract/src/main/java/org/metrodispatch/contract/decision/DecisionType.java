package org.metrodispatch.contract.decision;

/** What a dispatch decision says about a crowding episode at one platform. */
public enum DecisionType {
    /** Crowding detected and an empty train recommended. */
    RAISED,
    /** The episode goes on: new evidence, or one more empty train. */
    UPDATED,
    /** Crowding is over; an empty train that has not left yet can stand down. */
    CLEARED,
    /** Crowding detected but no spare train can be given to it now, with the reason. */
    SUPPRESSED
}
