package org.metrodispatch.contract.network;

/**
 * A direction of travel along a line. FORWARD is the order in which the network file lists its
 * stations (away from the first station of the trunk); each network names both directions for
 * people, for example {@code southbound} and {@code northbound}.
 */
public enum Direction {
    FORWARD,
    REVERSE;

    /** 0 for FORWARD, 1 for REVERSE: an index into per-direction arrays. */
    public int index() {
        return ordinal();
    }

    public Direction opposite() {
        return this == FORWARD ? REVERSE : FORWARD;
    }

    public static Direction ofIndex(int index) {
        return index == 0 ? FORWARD : REVERSE;
    }
}
