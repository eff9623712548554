package org.metrodispatch.contract.decision;

import java.util.Objects;

/**
 * One decision of the dispatch job about one platform (a station in one direction): the record of
 * the decision log and of the recommendations topic alike. A Flink POJO.
 */
public class DispatchDecision {

    public DecisionType decision;

    /** The crowding episode's id; every decision about the episode carries it. */
    public String recommendationId;

    public String lineId;

    public String stationId;

    /** The network's name of the direction, for example {@code southbound}. */
    public String direction;

    /** The event time at which the decision was taken, epoch milliseconds. */
    public long eventTime;

    /** Why, in a sentence a dispatcher reads. */
    public String reason;

    /** How severe the crowding is: waiting passengers per square metre of waiting area. */
    public double severity;

    /** Empty trains sent for this episode so far, counting this decision's own. */
    public int trainsSent;

    public CrowdingEvidence evidence;

    /** The empty train to insert, on RAISED and on UPDATED that adds a train; else null. */
    public EmptyTrainPlan emptyTrain;

    /**
     * The degraded feeds the evidence rests on (see {@link FeedAlert}), in a sentence; null when
     * the station's feeds are healthy.
     */
    public String degradedFeeds;

    public DispatchDecision() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DispatchDecision)) {
            return false;
        }
        DispatchDecision that = (DispatchDecision) o;
        return eventTime == that.eventTime
                && Double.compare(severity, that.severity) == 0
                && trainsSent == that.trainsSent
                && decision == that.decision
                && Objects.equals(recommendationId, that.recommendationId)
                && Objects.equals(lineId, that.lineId)
                && Objects.equals(stationId, that.stationId)
                && Objects.equals(direction, that.direction)
                && Objects.equals(reason, that.reason)
                && Objects.equals(evidence, that.evidence)
                && Objects.equals(emptyTrain, that.emptyTrain)
                && Objects.equals(degradedFeeds, that.degradedFeeds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(decision, recommendationId, eventTime);
    }

    @Override
    public String toString() {
        return decision + " " + recommendationId + " at " + eventTime + " (" + reason + ")";
    }
}
