package org.metrodispatch.dispatch;

/** A spare train away from its pool until it is expected back. A Flink POJO. */
public class SpareOut {

    public String poolId;

    public long returnsAt;

    public SpareOut() {}

    public SpareOut(String poolId, long returnsAt) {
        this.poolId = poolId;
        this.returnsAt = returnsAt;
    }
}
