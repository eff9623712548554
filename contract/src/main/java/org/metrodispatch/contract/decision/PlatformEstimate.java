package org.metrodispatch.contract.decision;

/** The job's estimate for one direction's side of a platform at the end of a window. */
public class PlatformEstimate {

    public String direction;

    public double waitingEstimate;

    public double densityM2PerPerson;

    public String levelOfService;

    /** Estimated passengers the last train left behind. */
    public int leftBehind;

    public int consecutiveLeftBehind;

    /** Whether a crowding episode is open on this platform. */
    public boolean crowded;

    public PlatformEstimate() {}
}
