package org.metrodispatch.dispatch;

import java.io.Serializable;

/** How the job estimates the passengers waiting on a platform (config/job.yaml, estimation). */
public final class EstimationSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double fullLoadFactor;
    private final int minLeftBehind;
    private final double loadError;
    private final double correctionStep;
    private final double maxCorrection;
    private final int gatesOnlyAfterSeconds;

    /** Settings without load errors or self-correction: the estimator as it was first built. */
    public EstimationSettings(double fullLoadFactor, int minLeftBehind) {
        this(fullLoadFactor, minLeftBehind, 0, 0, 1);
    }

    /**
     * @param fullLoadFactor a train leaving with at least this share of its capacity is full
     * @param minLeftBehind fewer estimated left behind than this counts as nobody
     * @param loadError relative error of a train's reported load (load-weigh sensors): a train this
     *     much below full may be full, and boarding seen within this error is no evidence
     * @param correctionStep how far one departure's evidence moves a side's share of the entries
     *     (0: the estimator does not correct itself)
     * @param maxCorrection the most the correction multiplies (or divides) the profile's share
     */
    public EstimationSettings(
            double fullLoadFactor,
            int minLeftBehind,
            double loadError,
            double correctionStep,
            double maxCorrection) {
        this(fullLoadFactor, minLeftBehind, loadError, correctionStep, maxCorrection, 0);
    }

    /**
     * @param gatesOnlyAfterSeconds a side that heard no train report this long takes its departures
     *     from the timetable (gate-only mode); 0: never
     */
    public EstimationSettings(
            double fullLoadFactor,
            int minLeftBehind,
            double loadError,
            double correctionStep,
            double maxCorrection,
            int gatesOnlyAfterSeconds) {
        this.gatesOnlyAfterSeconds = gatesOnlyAfterSeconds;
        this.fullLoadFactor = fullLoadFactor;
        this.minLeftBehind = minLeftBehind;
        this.loadError = loadError;
        this.correctionStep = correctionStep;
        this.maxCorrection = maxCorrection;
    }

    /** The same settings, with gate-only mode after this much silence. */
    public EstimationSettings withGatesOnlyAfterSeconds(int seconds) {
        return new EstimationSettings(
                fullLoadFactor, minLeftBehind, loadError, correctionStep, maxCorrection, seconds);
    }

    public int gatesOnlyAfterSeconds() {
        return gatesOnlyAfterSeconds;
    }

    public double loadError() {
        return loadError;
    }

    /** The step given, or {@link #AUTO} (negative): chosen by what the shares rest on. */
    public double correctionStep() {
        return correctionStep;
    }

    /** {@code correctionStep} left to the job: see {@link #forShares}. */
    public static final double AUTO = -1;

    /** The step of the automatic choice, for shares derived from the network alone. */
    public static final double AUTO_STEP = 0.2;

    /**
     * The settings to estimate with on these shares: an automatic correction step is {@link
     * #AUTO_STEP} on the network-only guess, which can send a junction's riders the wrong way, and
     * 0 on shares learned from history, where correcting from noisy loads cost more than it gained
     * (README, Evaluation).
     */
    public EstimationSettings forShares(FlowShares shares) {
        if (correctionStep >= 0) {
            return this;
        }
        double step = shares.learned() ? 0 : AUTO_STEP;
        return new EstimationSettings(
                fullLoadFactor,
                minLeftBehind,
                loadError,
                step,
                maxCorrection,
                gatesOnlyAfterSeconds);
    }

    public double maxCorrection() {
        return maxCorrection;
    }

    public double fullLoadFactor() {
        return fullLoadFactor;
    }

    public int minLeftBehind() {
        return minLeftBehind;
    }
}
