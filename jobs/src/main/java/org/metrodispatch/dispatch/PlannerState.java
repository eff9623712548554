package org.metrodispatch.dispatch;

/** Everything the dispatch planner remembers: open episodes and spare trains out. A Flink POJO. */
public class PlannerState {

    public Episode[] episodes = new Episode[0];

    public SpareOut[] sparesOut = new SpareOut[0];

    public PlannerState() {}
}
