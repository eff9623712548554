package org.metrodispatch.job;

import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.JobProgress;

/**
 * What goes out in the recommendations transaction: a recommendation, or a progress mark after the
 * recommendations it counts. Exactly one of the two is set. A Flink POJO.
 */
public class Outgoing {

    public DispatchDecision recommendation;

    public JobProgress progress;

    public Outgoing() {}

    static Outgoing of(DispatchDecision recommendation) {
        Outgoing out = new Outgoing();
        out.recommendation = recommendation;
        return out;
    }

    static Outgoing of(JobProgress progress) {
        Outgoing out = new Outgoing();
        out.progress = progress;
        return out;
    }
}
