package org.metrodispatch.dispatch;

import java.io.Serializable;

/** How the job estimates the passengers waiting on a platform (config/job.yaml, estimation). */
public final class EstimationSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double fullLoadFactor;
    private final int minLeftBehind;

    /**
     * @param fullLoadFactor a train leaving with at least this share of its capacity is full
     * @param minLeftBehind fewer estimated left behind than this counts as nobody
     */
    public EstimationSettings(double fullLoadFactor, int minLeftBehind) {
        this.fullLoadFactor = fullLoadFactor;
        this.minLeftBehind = minLeftBehind;
    }

    public double fullLoadFactor() {
        return fullLoadFactor;
    }

    public int minLeftBehind() {
        return minLeftBehind;
    }
}
