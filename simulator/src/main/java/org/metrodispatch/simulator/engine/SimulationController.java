package org.metrodispatch.simulator.engine;

import java.io.IOException;

/**
 * Steers a simulation from outside, second by second: the closed loop waits here for the job and
 * inserts the empty trains it recommends.
 */
public interface SimulationController {

    SimulationController NONE = (second, simulation) -> {};

    /** Called before each simulated second is played; may block, and may add or cancel trips. */
    void beforeSecond(long epochSecond, Simulation simulation) throws IOException;
}
