package org.metrodispatch.contract.decision;

/**
 * How far the job has got: every decision up to {@code watermark} has been made, and {@code
 * recommendations} recommendations have been published so far. Published with the recommendations,
 * in the same Kafka transaction; a closed-loop simulator waits for it so it never runs ahead of
 * decisions it should have carried out. A Flink POJO.
 */
public class JobProgress {

    /** Event time up to which the job has decided everything, epoch milliseconds. */
    public long watermark;

    /** Recommendations published up to this point, in total. */
    public long recommendations;

    public JobProgress() {}

    public JobProgress(long watermark, long recommendations) {
        this.watermark = watermark;
        this.recommendations = recommendations;
    }

    @Override
    public String toString() {
        return "JobProgress{" + watermark + ", " + recommendations + " recommendations}";
    }
}
