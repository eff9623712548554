package org.metrodispatch.contract.decision;

import java.util.Objects;

/**
 * The job's word on the health of one of its feeds: a station's train feed or gates fell silent, a
 * gate loses taps, a clock is off, the input is mostly rejected; and when each recovers. Written to
 * the feed-health output and the decision log; decisions whose evidence rests on a degraded feed
 * name it ({@link DispatchDecision#degradedFeeds}).
 */
public class FeedAlert {

    /**
     * The version of the alert's JSON; bump it when a field changes meaning or disappears. Lines
     * without one are of the first form, without schemaVersion, level and emittedAt.
     */
    public static final int SCHEMA_VERSION = 2;

    public FeedAlertKind kind;

    public FeedAlertState state;

    public String lineId;

    /** The station concerned, or null for the whole input. */
    public String stationId;

    /** The feed: a gate id, {@code train feed}, {@code gates}, or {@code input}. */
    public String feed;

    /** The event time at which the job found it, epoch milliseconds; 0 when none is known. */
    public long eventTime;

    /** When the condition started (the last record heard, the first interval with losses). */
    public long since;

    /** What the job saw, in a sentence an operator reads. */
    public String reason;

    /** Taps lost: how many the heartbeat counters counted; else 0. */
    public long expected;

    /** Taps lost: how many the job received; else 0. */
    public long received;

    public FeedAlert() {}

    /** WARN when a feed degrades, INFO when it recovers: for log pipelines. */
    public DecisionLevel level() {
        return state == FeedAlertState.RAISED ? DecisionLevel.WARN : DecisionLevel.INFO;
    }

    /** The key of the condition: the same for its RAISED and its CLEARED. */
    public String conditionKey() {
        return kind + "/" + stationId + "/" + feed;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FeedAlert)) {
            return false;
        }
        FeedAlert that = (FeedAlert) o;
        return eventTime == that.eventTime
                && since == that.since
                && expected == that.expected
                && received == that.received
                && kind == that.kind
                && state == that.state
                && Objects.equals(lineId, that.lineId)
                && Objects.equals(stationId, that.stationId)
                && Objects.equals(feed, that.feed)
                && Objects.equals(reason, that.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, state, stationId, feed, eventTime);
    }

    @Override
    public String toString() {
        return state + " " + kind + " " + stationId + "/" + feed + " at " + eventTime + ": "
                + reason;
    }
}
