package org.metrodispatch.job;

import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.FeedAlert;
import org.metrodispatch.contract.decision.RejectedRecord;
import org.metrodispatch.contract.decision.StationLoad;

import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job's outputs go. Production wires Kafka and the decision logger; replays and tests
 * wire files. Any sink may be null to drop that output (the benchmark does).
 */
public final class JobSinks {

    /** Recommendations, with the job's progress marks among them (files skip the marks). */
    public Sink<Outgoing> recommendations;

    public Sink<DispatchDecision> decisionLog;
    public Sink<StationLoad> stationLoad;
    public Sink<RejectedRecord> deadLetters;
    public Sink<RejectedRecord> lateEvents;

    /** Feed alerts: their own output... */
    public Sink<FeedAlert> feedHealth;

    /** ...and the decision log's (null when the decision log has no room for them). */
    public Sink<FeedAlert> feedHealthLog;

    public JobSinks recommendations(Sink<Outgoing> sink) {
        this.recommendations = sink;
        return this;
    }

    public JobSinks decisionLog(Sink<DispatchDecision> sink) {
        this.decisionLog = sink;
        return this;
    }

    public JobSinks stationLoad(Sink<StationLoad> sink) {
        this.stationLoad = sink;
        return this;
    }

    public JobSinks deadLetters(Sink<RejectedRecord> sink) {
        this.deadLetters = sink;
        return this;
    }

    public JobSinks lateEvents(Sink<RejectedRecord> sink) {
        this.lateEvents = sink;
        return this;
    }

    public JobSinks feedHealth(Sink<FeedAlert> sink) {
        this.feedHealth = sink;
        return this;
    }

    public JobSinks feedHealthLog(Sink<FeedAlert> sink) {
        this.feedHealthLog = sink;
        return this;
    }
}
