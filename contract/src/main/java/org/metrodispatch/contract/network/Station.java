package org.metrodispatch.contract.network;

import java.io.Serializable;

/** A station of a network and the facts about it that passenger flow depends on. */
public final class Station implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int index;
    private final String id;
    private final String name;
    private final String nameLocal;
    private final double platformAreaM2;
    private final int dwellSeconds;
    private final int gates;
    private final int walkMinSeconds;
    private final int walkMaxSeconds;
    private final int parentIndex;
    private final int runSecondsFromParent;
    private final String gtfsStopId;

    Station(
            int index,
            String id,
            String name,
            String nameLocal,
            double platformAreaM2,
            int dwellSeconds,
            int gates,
            int walkMinSeconds,
            int walkMaxSeconds,
            int parentIndex,
            int runSecondsFromParent,
            String gtfsStopId) {
        this.index = index;
        this.id = id;
        this.name = name;
        this.nameLocal = nameLocal;
        this.platformAreaM2 = platformAreaM2;
        this.dwellSeconds = dwellSeconds;
        this.gates = gates;
        this.walkMinSeconds = walkMinSeconds;
        this.walkMaxSeconds = walkMaxSeconds;
        this.parentIndex = parentIndex;
        this.runSecondsFromParent = runSecondsFromParent;
        this.gtfsStopId = gtfsStopId;
    }

    /**
     * The station's {@code stop_id} in the operator's static GTFS feed, which GTFS-Realtime stop
     * times and vehicle positions name; the station id when the network file gives none.
     */
    public String gtfsStopId() {
        return gtfsStopId;
    }

    /** Position in {@link Network#stations()}. */
    public int index() {
        return index;
    }

    /** Lowercase slug of the English name, for example {@code nijiaqiao}. */
    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The name in the local language (Chinese for Chengdu), or null. */
    public String nameLocal() {
        return nameLocal;
    }

    /** Usable platform area in square metres, shared by both directions' waiting zones. */
    public double platformAreaM2() {
        return platformAreaM2;
    }

    /**
     * The area where passengers for one direction wait: half the platform (one side of an island
     * platform, or one of two side platforms).
     */
    public double waitingAreaM2() {
        return platformAreaM2 / 2;
    }

    public int dwellSeconds() {
        return dwellSeconds;
    }

    /** Number of fare gates. */
    public int gates() {
        return gates;
    }

    /** Shortest walk between gate and platform, seconds. */
    public int walkMinSeconds() {
        return walkMinSeconds;
    }

    /** Longest walk between gate and platform, seconds. */
    public int walkMaxSeconds() {
        return walkMaxSeconds;
    }

    /** Mean walk between gate and platform, seconds. */
    public double walkMeanSeconds() {
        return (walkMinSeconds + walkMaxSeconds) / 2.0;
    }

    /** The previous station in the FORWARD direction, or -1 at the start of the trunk. */
    public int parentIndex() {
        return parentIndex;
    }

    /** Run time from the previous station in the FORWARD direction, seconds; 0 at the start. */
    public int runSecondsFromParent() {
        return runSecondsFromParent;
    }

    @Override
    public String toString() {
        return id;
    }
}
