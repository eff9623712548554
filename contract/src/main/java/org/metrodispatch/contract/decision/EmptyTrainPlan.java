package org.metrodispatch.contract.decision;

import java.util.Arrays;
import java.util.Objects;

/**
 * How an empty train is to run: from which depot or siding, when it must leave, the stations it
 * passes without stopping, when it reaches the crowded station and starts service there, and when
 * the spare train is expected back. An added trip in GTFS-Realtime's words. A Flink POJO.
 */
public class EmptyTrainPlan {

    /** 1 for the first train of an episode, 2 for a follow-up, and so on. */
    public int sequence;

    public String poolId;

    public String poolName;

    /** The station where the train joins the line. */
    public String fromStationId;

    /** When the train must leave, epoch milliseconds (the order plus preparation time). */
    public long leaveAt;

    /** When it reaches the crowded station, epoch milliseconds. */
    public long arriveAt;

    /** Stations it passes empty, not in service, in order. */
    public String[] runsEmptyVia = new String[0];

    /** The crowded station, where it starts to carry passengers. */
    public String startsServiceAt;

    /** Where its trip in service ends. */
    public String serviceTerminus;

    /** When the spare train is expected back at its pool, epoch milliseconds. */
    public long spareReturnsAt;

    /** Spare trains left at the pool after this one. */
    public int sparesLeftAtPool;

    public EmptyTrainPlan() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EmptyTrainPlan)) {
            return false;
        }
        EmptyTrainPlan that = (EmptyTrainPlan) o;
        return sequence == that.sequence
                && leaveAt == that.leaveAt
                && arriveAt == that.arriveAt
                && spareReturnsAt == that.spareReturnsAt
                && sparesLeftAtPool == that.sparesLeftAtPool
                && Objects.equals(poolId, that.poolId)
                && Objects.equals(poolName, that.poolName)
                && Objects.equals(fromStationId, that.fromStationId)
                && Arrays.equals(runsEmptyVia, that.runsEmptyVia)
                && Objects.equals(startsServiceAt, that.startsServiceAt)
                && Objects.equals(serviceTerminus, that.serviceTerminus);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, poolId, leaveAt, arriveAt, startsServiceAt);
    }

    @Override
    public String toString() {
        return "EmptyTrain#"
                + sequence
                + "{from "
                + poolId
                + ", leave "
                + leaveAt
                + ", arrive "
                + arriveAt
                + '}';
    }
}
