package org.metrodispatch.dispatch;

import org.metrodispatch.contract.decision.CrowdingEvidence;

/** An open crowding episode at one platform, as the planner tracks it. A Flink POJO. */
public class Episode {

    public String recommendationId;

    public String stationId;

    public String direction;

    public long raisedAt;

    public double severity;

    public String reason;

    public CrowdingEvidence evidence;

    /** Empty trains sent for this episode so far. */
    public int trainsSent;

    /** When the last of them reaches the platform, epoch milliseconds. */
    public long lastTrainArrivesAt;

    /** When each of them leaves its pool, epoch milliseconds, in the order they were sent. */
    public long[] trainsLeaveAt = new long[0];

    /** Departures in a row that had left passengers behind when the last of them was sent. */
    public int leftBehindRunAtLastTrain;

    /** Whether the episode waits for a (further) train. */
    public boolean needsTrain;

    /** The last reason it was suppressed with, so the same suppression is recorded once. */
    public String suppressedKind;

    /** When the last decision about the episode was published. */
    public long lastDecisionAt;

    /** The worst level of service and the most left behind that decisions have reported. */
    public String worstLevel;

    public int mostLeftBehind;

    /**
     * Decisions published about the episode so far: the next one's sequence in its decision id. In
     * the state, so a restore goes on counting where the checkpoint was.
     */
    public int decisionsPublished;

    public Episode() {}
}
