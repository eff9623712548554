package org.metrodispatch.ops.review;

import org.metrodispatch.contract.decision.DispatchDecision;

import java.time.ZoneOffset;

/**
 * A decision as read from the decision log or the recommendations topic.
 *
 * @param where where it was read: {@code line 12} of a file, {@code topic/0:12} on Kafka
 * @param offset the UTC offset its times were written with (the network's), to show them again
 * @param decision the decision
 * @param record the record as it was read, on one line: {@code review --format json} writes it
 *     unchanged, so the review has the decision log's schema
 */
public record LoggedDecision(
        String where, ZoneOffset offset, DispatchDecision decision, String record) {

    /** The decision's local time of day, seconds since midnight. */
    public int secondOfDay() {
        return Times.secondOfDay(decision.eventTime, offset);
    }

    /** A platform: station and direction. */
    public String platform() {
        return decision.stationId + " " + decision.direction;
    }
}
