package org.metrodispatch.board;

import org.metrodispatch.contract.decision.DecisionIds;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.EmptyTrainPlan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The empty trains the decisions sent, each an added trip: when it leaves its depot or siding, when
 * it reaches the crowded station, and whether it was stood down before it left (a {@code CLEARED}
 * before its {@code leaveAt}). What the line board and the GTFS-Realtime feed show. Plain Java; not
 * thread-safe.
 */
public final class EmptyTrains {

    /** Where an empty train is at a moment. */
    public enum Status {
        /** Ordered; being prepared at its pool. */
        PREPARING,
        /** Left its pool, running empty to the crowded station. */
        RUNNING_EMPTY,
        /** Reached the crowded station: carrying passengers from there. */
        IN_SERVICE,
        /** Stood down before it left: the episode cleared first. */
        CANCELED
    }

    /** One empty train: the decision that sent it and its plan. */
    public record Train(
            String tripId, DispatchDecision sentBy, EmptyTrainPlan plan, long canceledAt) {

        public Status status(long now) {
            if (canceledAt != 0) {
                return Status.CANCELED;
            }
            if (now < plan.leaveAt) {
                return Status.PREPARING;
            }
            return now < plan.arriveAt ? Status.RUNNING_EMPTY : Status.IN_SERVICE;
        }

        Train canceled(long at) {
            return new Train(tripId, sentBy, plan, at);
        }
    }

    private final Map<String, Train> byTrip = new LinkedHashMap<>();

    /**
     * The trip id of the empty train a decision sends: its episode and its sequence in it, stable
     * across runs of the same input.
     */
    public static String tripId(DispatchDecision d) {
        return DecisionIds.emptyTrainTripId(d.recommendationId, d.emptyTrain.sequence);
    }

    /** Takes a decision; a repeat of one already taken changes nothing. */
    public void apply(DispatchDecision d) {
        if (d.emptyTrain != null && d.recommendationId != null) {
            byTrip.putIfAbsent(tripId(d), new Train(tripId(d), d, d.emptyTrain, 0));
        }
        if (d.decision == DecisionType.CLEARED) {
            // The decision names the trains that stand down (standsDown, from schema version 3);
            // older logs say it by their times alone: cleared before the train left.
            List<String> named = d.standsDown == null ? List.of() : List.of(d.standsDown);
            byTrip.replaceAll(
                    (trip, train) ->
                            train.canceledAt == 0
                                            && d.recommendationId.equals(
                                                    train.sentBy.recommendationId)
                                            && (named.contains(trip)
                                                    || d.eventTime < train.plan.leaveAt)
                                    ? train.canceled(d.eventTime)
                                    : train);
        }
    }

    /** Every train taken, in the order they were sent. */
    public List<Train> all() {
        return new ArrayList<>(byTrip.values());
    }

    /**
     * The trains of interest at {@code now}: those not yet back at their pools, and canceled ones
     * until the time they would have left.
     */
    public List<Train> current(long now) {
        List<Train> current = new ArrayList<>();
        for (Train train : byTrip.values()) {
            long until = train.canceledAt != 0 ? train.plan.leaveAt : train.plan.spareReturnsAt;
            if (now < until) {
                current.add(train);
            }
        }
        return current;
    }

    /**
     * Spare trains away from each pool at {@code now}: sent and not yet expected back. A train
     * stood down counts until then too, as the planner counts it.
     */
    public Map<String, Integer> sparesOut(long now) {
        Map<String, Integer> out = new HashMap<>();
        for (Train train : byTrip.values()) {
            if (now < train.plan.spareReturnsAt) {
                out.merge(train.plan.poolId, 1, Integer::sum);
            }
        }
        return out;
    }

    /** The first time a spare of the pool is expected back after {@code now}, or 0. */
    public long nextBack(String poolId, long now) {
        long next = 0;
        for (Train train : byTrip.values()) {
            long back = train.plan.spareReturnsAt;
            if (train.plan.poolId.equals(poolId) && back > now && (next == 0 || back < next)) {
                next = back;
            }
        }
        return next;
    }

    /** Forgets trains back at their pools before {@code before}: a board that runs for days. */
    public void forgetBefore(long before) {
        byTrip.values().removeIf(train -> train.plan.spareReturnsAt < before);
    }
}
