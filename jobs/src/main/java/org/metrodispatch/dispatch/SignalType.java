package org.metrodispatch.dispatch;

/** What the crowding detector tells the dispatch planner about a platform. */
public enum SignalType {
    /** The platform became crowded. */
    RAISED,
    /** The platform is still crowded; here is the latest evidence. */
    STATUS,
    /** The platform is calm again. */
    CLEARED
}
