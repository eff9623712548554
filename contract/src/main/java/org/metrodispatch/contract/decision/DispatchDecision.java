package org.metrodispatch.contract.decision;

import java.util.Arrays;
import java.util.Objects;

/**
 * One decision of the dispatch job about one platform (a station in one direction): the record of
 * the decision log and of the recommendations topic alike, in one schema ({@code
 * docs/event-contract.md}). A Flink POJO.
 *
 * <p>Everything but {@link #emittedAt} follows from the input: {@link #equals} leaves it out, and
 * so must any comparison of two runs.
 */
public class DispatchDecision {

    /**
     * The version of the schema the job writes. Bump it when a field changes its meaning or goes
     * away (adding a field does not need it); readers accept every older version they know. 1: the
     * records before {@link #schemaVersion}, {@link #decisionId}, {@link #level} and {@link
     * #emittedAt} existed. 2: an empty train's {@code scheduleRelationship} was {@code ADDED}; from
     * 3 it is GTFS-Realtime's current {@code NEW}, with the train's {@code tripId}.
     */
    public static final int SCHEMA_VERSION = 3;

    /** The version of records written without one. */
    public static final int FIRST_SCHEMA_VERSION = 1;

    /** The schema version of this record: {@link #SCHEMA_VERSION} unless read from an older log. */
    public int schemaVersion = SCHEMA_VERSION;

    public DecisionType decision;

    /**
     * Unique and the same in every run of the same input ({@link DecisionIds}): consumers drop
     * repeats by it after a failover. Null in records of schema version 1.
     */
    public String decisionId;

    /** WARN or INFO, for log pipelines ({@link DecisionLevel#of}). */
    public DecisionLevel level;

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

    /**
     * On {@code CLEARED}: the trip ids of the episode's empty trains that had not left their pools
     * yet, which stand down; empty when every train sent had left (or none was sent).
     */
    public String[] standsDown = new String[0];

    /**
     * When the job wrote the record, epoch milliseconds of the wall clock: stamped by {@link
     * OutputJson} as the sink writes it, so it differs from run to run. 0 until written, and in
     * records of schema version 1.
     */
    public long emittedAt;

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
        // Not emittedAt: the wall clock is no part of the decision.
        return schemaVersion == that.schemaVersion
                && eventTime == that.eventTime
                && Double.compare(severity, that.severity) == 0
                && trainsSent == that.trainsSent
                && decision == that.decision
                && Objects.equals(decisionId, that.decisionId)
                && level == that.level
                && Objects.equals(recommendationId, that.recommendationId)
                && Objects.equals(lineId, that.lineId)
                && Objects.equals(stationId, that.stationId)
                && Objects.equals(direction, that.direction)
                && Objects.equals(reason, that.reason)
                && Objects.equals(evidence, that.evidence)
                && Objects.equals(emptyTrain, that.emptyTrain)
                && Objects.equals(degradedFeeds, that.degradedFeeds)
                && Arrays.equals(standsDown, that.standsDown);
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
