package org.metrodispatch.dispatch;

import org.metrodispatch.contract.decision.CrowdingEvidence;

/** The detector's word about one platform, with its evidence. A Flink POJO. */
public class CrowdingSignal {

    public SignalType type;

    public String stationId;

    public String direction;

    /** The event time the evidence is from, epoch milliseconds. */
    public long time;

    /** Waiting passengers per square metre of waiting area. */
    public double severity;

    /** Why, in words. */
    public String reason;

    public CrowdingEvidence evidence;

    public CrowdingSignal() {}

    @Override
    public String toString() {
        return type + " " + stationId + " " + direction + " at " + time + ": " + reason;
    }
}
