package org.metrodispatch.contract.decision;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The id of one decision: {@code <recommendationId>/<sequence>-<DECISION>-<yyyyMMdd-HHmmss>}, for
 * example {@code nijiaqiao-southbound-20260304-080530/2-UPDATED-20260304-082105}. The sequence
 * numbers the episode's decisions from 1 and makes the id unique; the decision and its local event
 * time are there for people. Built from the planner's state and the event time only, never the wall
 * clock, so a replay of the same input after a failover gives the same ids.
 */
public final class DecisionIds {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private DecisionIds() {}

    /**
     * The trip id of an episode's {@code sequence}th empty train, as the GTFS-Realtime feed names
     * its added trip: {@code empty-<recommendationId>-<sequence>}, the same in every run of the
     * same input.
     */
    public static String emptyTrainTripId(String recommendationId, int sequence) {
        return "empty-" + recommendationId + "-" + sequence;
    }

    /**
     * @param sequence the decision's number within its episode, from 1
     * @param zone the network's time zone, as in the recommendation id
     */
    public static String of(
            String recommendationId, int sequence, DecisionType type, long eventTime, ZoneId zone) {
        return recommendationId
                + "/"
                + sequence
                + "-"
                + type.name()
                + "-"
                + TIME.format(Instant.ofEpochMilli(eventTime).atZone(zone));
    }
}
