package org.metrodispatch.simulator.closedloop;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.EmptyTrainPlan;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Service;
import org.metrodispatch.contract.network.SparePool;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationController;
import org.metrodispatch.simulator.engine.TripPlan;
import org.metrodispatch.simulator.engine.TripPlanner;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Closes the loop: the simulator carries out the job's recommendations. An empty train leaves its
 * depot or siding, runs empty to the crowded station keeping the signalling's minimum headway to
 * every other train there, starts service and runs to the end of the line; its spare train is back
 * at the pool after the trip. Spare trains are as few as the network says.
 *
 * <p>Deterministic: the simulation never runs more than {@code slack} of event time ahead of what
 * the job has decided (its published progress), and a decision made at event time {@code t} is
 * carried out at {@code max(leaveAt, t + slack)}. With a slack no longer than the shortest
 * preparation time, that is exactly {@code leaveAt}; either way it depends only on the decisions,
 * never on how fast the job ran.
 */
public final class ClosedLoopController implements SimulationController {

    /** Inserted empty trains are X01, X02, ...: apart from the timetable's trains in any output. */
    public static final String INSERTED_TRAIN_PREFIX = "X";

    /** An inserted trip and when its train leaves its pool. */
    private static final class Insertion {
        final TripPlan plan;
        final long leaveMillis;
        final SpareOut spare;

        Insertion(TripPlan plan, long leaveMillis, SpareOut spare) {
            this.plan = plan;
            this.leaveMillis = leaveMillis;
            this.spare = spare;
        }
    }

    /** A spare train away from its pool until a time. */
    private static final class SpareOut {
        final String poolId;
        final long returnsAt;

        SpareOut(String poolId, long returnsAt) {
            this.poolId = poolId;
            this.returnsAt = returnsAt;
        }
    }

    private final Network network;
    private final TripPlanner planner;
    private final RecommendationFeed feed;
    private final long windowStartMillis;
    private final long slackMillis;
    private final Duration stall;
    private final List<SpareOut> sparesOut = new ArrayList<>();
    private final Map<String, List<Insertion>> insertedByEpisode = new HashMap<>();
    private final List<String> log = new ArrayList<>();
    private long decidedUntil = Long.MIN_VALUE;
    private int trainsInserted;
    private int notCarriedOut;
    private int cancelled;
    private int mostSparesOut;

    /**
     * @param windowStartMillis the first event time the job sees; before it there is nothing to
     *     wait for
     * @param slack how far the simulation may run ahead of the job's decisions, in event time
     * @param stall how long to wait for the job's progress before giving up
     */
    public ClosedLoopController(
            Network network,
            TripPlanner planner,
            RecommendationFeed feed,
            long windowStartMillis,
            Duration slack,
            Duration stall) {
        this.network = network;
        this.planner = planner;
        this.feed = feed;
        this.windowStartMillis = windowStartMillis;
        this.slackMillis = slack.toMillis();
        this.stall = stall;
    }

    /** The slack that keeps recommendations on time: the shortest preparation time of a pool. */
    public static Duration defaultSlack(Network network) {
        long shortest = Long.MAX_VALUE;
        for (SparePool pool : network.sparePools()) {
            shortest = Math.min(shortest, pool.preparationSeconds());
        }
        return Duration.ofSeconds(shortest == Long.MAX_VALUE ? 300 : Math.max(shortest, 1));
    }

    @Override
    public void beforeSecond(long epochSecond, Simulation simulation) throws IOException {
        long now = epochSecond * 1000;
        long needed = now - slackMillis;
        if (needed >= windowStartMillis && needed > decidedUntil) {
            try {
                for (DispatchDecision decision : feed.await(needed, stall)) {
                    apply(decision, now, simulation);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the job", e);
            }
            decidedUntil = feed.progress().watermark;
        }
        sparesOut.removeIf(spare -> spare.returnsAt <= now);
    }

    private void apply(DispatchDecision decision, long now, Simulation simulation) {
        if (decision.decision == DecisionType.CLEARED) {
            for (Insertion insertion :
                    insertedByEpisode.getOrDefault(decision.recommendationId, List.of())) {
                if (insertion.leaveMillis > now && simulation.cancelTrip(insertion.plan)) {
                    sparesOut.remove(insertion.spare);
                    cancelled++;
                    log.add(
                            decision.recommendationId
                                    + ": crowding cleared, empty train "
                                    + insertion.plan.trainId()
                                    + " stood down");
                }
            }
            return;
        }
        EmptyTrainPlan train = decision.emptyTrain;
        if (train == null) {
            return;
        }
        SparePool pool = pool(train.poolId);
        int station = network.indexOf(train.startsServiceAt);
        Direction direction = network.direction(decision.direction);
        if (pool == null || station < 0 || direction == null || free(pool) <= 0) {
            notCarriedOut++;
            log.add(
                    decision.recommendationId
                            + ": no spare train at "
                            + train.poolId
                            + ", not carried out");
            return;
        }
        long leave = Math.max(train.leaveAt, decision.eventTime + slackMillis) / 1000;
        long arrive = leave + network.emptyRunSeconds(pool.stationIndex(), station);
        arrive = clearOfOtherTrains(simulation, station, direction, arrive);
        String trainId =
                String.format(Locale.ROOT, INSERTED_TRAIN_PREFIX + "%02d", ++trainsInserted);
        TripPlan plan =
                planner.insertedTrip(
                        service(pool.stationIndex(), station, direction),
                        direction,
                        station,
                        arrive,
                        trainId);
        simulation.addTrip(plan);
        long back =
                plan.end()
                        + network.timetable().turnaroundSeconds()
                        + (plan.terminus() == pool.stationIndex()
                                ? 0
                                : network.emptyRunSeconds(plan.terminus(), pool.stationIndex()));
        SpareOut spare = new SpareOut(pool.id(), back * 1000);
        sparesOut.add(spare);
        mostSparesOut = Math.max(mostSparesOut, sparesOut.size());
        insertedByEpisode
                .computeIfAbsent(decision.recommendationId, id -> new ArrayList<>())
                .add(new Insertion(plan, leave * 1000, spare));
        log.add(
                String.format(
                        Locale.ROOT,
                        "%s: empty train %s from %s, serves %s from epoch second %d",
                        decision.recommendationId,
                        trainId,
                        pool.id(),
                        train.startsServiceAt,
                        arrive));
    }

    /**
     * The first arrival at or after {@code arrive} at least the minimum headway from every train
     * there.
     */
    private long clearOfOtherTrains(
            Simulation simulation, int station, Direction direction, long arrive) {
        long headway = network.minimumHeadwaySeconds();
        boolean moved = true;
        while (moved) {
            moved = false;
            for (TripPlan trip : simulation.trips()) {
                if (trip.direction() != direction) {
                    continue;
                }
                long other = trip.arrivalAt(station);
                if (other >= 0 && Math.abs(other - arrive) < headway) {
                    arrive = other + headway;
                    moved = true;
                }
            }
        }
        return arrive;
    }

    private int service(int from, int station, Direction direction) {
        List<Service> services = network.services();
        for (int i = 0; i < services.size(); i++) {
            Service s = services.get(i);
            if (s.calls(from) && s.calls(station) && s.terminus(direction) != station) {
                return i;
            }
        }
        for (int i = 0; i < services.size(); i++) {
            if (services.get(i).calls(station) && services.get(i).terminus(direction) != station) {
                return i;
            }
        }
        throw new IllegalStateException(
                "no service leaves " + network.station(station) + " " + direction);
    }

    private SparePool pool(String id) {
        for (SparePool pool : network.sparePools()) {
            if (pool.id().equals(id)) {
                return pool;
            }
        }
        return null;
    }

    private int free(SparePool pool) {
        int out = 0;
        for (SpareOut spare : sparesOut) {
            if (spare.poolId.equals(pool.id())) {
                out++;
            }
        }
        return pool.spareTrains() - out;
    }

    /** Empty trains inserted so far. */
    public int trainsInserted() {
        return trainsInserted;
    }

    /** Recommendations that found no spare train where the job expected one. */
    public int notCarriedOut() {
        return notCarriedOut;
    }

    /** The most spare trains away from their pools at one time. */
    public int mostSparesOut() {
        return mostSparesOut;
    }

    /** Inserted trains stood down before they left. */
    public int cancelled() {
        return cancelled;
    }

    /** What was done, one line per action, for people. */
    public List<String> log() {
        return List.copyOf(log);
    }
}
