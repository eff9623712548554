package org.metrodispatch.simulator.engine;

/**
 * Sees what happens inside a simulation, before any feed imperfection: for reports and tests that
 * measure the simulated passengers rather than the event stream.
 */
public interface SimulationObserver {

    SimulationObserver NONE = new SimulationObserver() {};

    /** A passenger tapped in. */
    default void onEntry(int station, long epochMillis) {}

    /**
     * A train left a station towards {@code nextStation}.
     *
     * @param load passengers on board when it left
     */
    default void onDeparture(
            int station,
            int nextStation,
            int directionIndex,
            String trainId,
            long epochMillis,
            int alighted,
            int boarded,
            int leftBehind,
            int load) {}

    /** Passengers waiting on one direction's side of a platform at the start of a minute. */
    default void onPlatformMinute(int station, int directionIndex, long epochMillis, int waiting) {}
}
