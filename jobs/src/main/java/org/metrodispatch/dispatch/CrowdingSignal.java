package org.metrodispatch.dispatch;

import org.metrodispatch.contract.decision.CrowdingEvidence;

/** The detector's word about one platform, with its evidence. A Flink POJO. */
public class CrowdingSignal {

    public SignalType type;

    public String stationId;

    /** The line of the station: the planner of that line hears the signal. */
    public String lineId;

    public String direction;

    /** The event time the evidence is from, epoch milliseconds. */
    public long time;

    /** Waiting passengers per square metre of waiting area. */
    public double severity;

    /** Why, in words. */
    public String reason;

    public CrowdingEvidence evidence;

    /**
     * When the newest record of its station before it entered the job, wall-clock epoch
     * milliseconds; 0 when not known. For the lag from input to decision, not for deciding.
     */
    public long ingestMillis;

    public CrowdingSignal() {}

    @Override
    public String toString() {
        return type + " " + stationId + " " + direction + " at " + time + ": " + reason;
    }
}
