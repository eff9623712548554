package org.metrodispatch.dispatch;

import org.metrodispatch.contract.decision.CrowdingEvidence;
import org.metrodispatch.contract.decision.DecisionIds;
import org.metrodispatch.contract.decision.DecisionLevel;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.EmptyTrainPlan;
import org.metrodispatch.contract.decision.FeedAlert;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Service;
import org.metrodispatch.contract.network.SparePool;
import org.metrodispatch.contract.truth.LevelOfService;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns crowding signals into dispatch decisions: which platform gets an empty train, from where,
 * when it must leave and when it arrives.
 *
 * <p>An empty train comes from the depot or siding upstream of the crowded platform (or at it) that
 * can get a spare train there soonest. Spare trains are few: when several platforms wait for one at
 * the same time, the most severe gets it and the others are recorded as SUPPRESSED with the reason;
 * they get a train as soon as one comes back, if they are still crowded. A spare train is back at
 * its pool after running its trip in service to the end of the line and returning.
 *
 * <p>Decisions depend only on the signals and their times, processed in a fixed order, so the same
 * input gives the same decisions, recommendation ids and decision ids.
 */
public final class DispatchPlanner {

    /** The suppression kind of an episode held back by a silent train feed. */
    private static final String TRAIN_FEED_SILENT = "train-feed-silent";

    /** Left behind must grow by this factor over the most reported so far to be news. */
    private static final double ESCALATION_FACTOR = 1.5;

    /** ...and reach at least this many passengers. */
    private static final int MIN_ESCALATION = 100;

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final Network network;
    private final DispatchSettings settings;
    private final ZoneId zone;

    /** The feed alerts in force during the current {@link #onTick}. */
    private FeedStatus feeds = FeedStatus.HEALTHY;

    public DispatchPlanner(Network network, DispatchSettings settings) {
        this.network = network;
        this.settings = settings;
        this.zone = network.timeZone();
    }

    /**
     * Handles the signals of one moment (all with time {@code now}) and returns the decisions, in a
     * fixed order. Also called with no signals when a spare train comes back or a follow-up is due.
     */
    public List<DispatchDecision> onTick(
            PlannerState state, long now, List<CrowdingSignal> signals) {
        return onTick(state, now, signals, FeedStatus.HEALTHY);
    }

    /**
     * As {@link #onTick(PlannerState, long, List)}, with the feed alerts in force: decisions name
     * the degraded feeds their evidence rests on, and no empty train goes to a platform whose
     * station's train feed is silent (its estimate has no departures to rest on).
     */
    public List<DispatchDecision> onTick(
            PlannerState state, long now, List<CrowdingSignal> signals, FeedStatus feedStatus) {
        this.feeds = feedStatus;
        List<DispatchDecision> decisions = new ArrayList<>();
        List<SpareOut> sparesOut = new ArrayList<>(List.of(state.sparesOut));
        sparesOut.removeIf(spare -> spare.returnsAt <= now);
        List<Episode> episodes = new ArrayList<>(List.of(state.episodes));

        // A platform's signals in the order they were given (a departure's, then the window
        // end's a second later), so CLEARED then RAISED opens a new episode.
        List<CrowdingSignal> ordered = new ArrayList<>(signals);
        ordered.sort(
                Comparator.comparing((CrowdingSignal s) -> s.stationId)
                        .thenComparing(s -> s.direction)
                        .thenComparingLong(s -> s.time)
                        .thenComparing(s -> s.type));
        List<Episode> updated = new ArrayList<>();
        for (CrowdingSignal signal : ordered) {
            Episode episode = find(episodes, signal.stationId, signal.direction);
            switch (signal.type) {
                case RAISED:
                    if (episode == null) {
                        episode = open(signal, now);
                        episodes.add(episode);
                    }
                    refresh(episode, signal);
                    break;
                case STATUS:
                    if (episode != null) {
                        refresh(episode, signal);
                        updated.add(episode);
                    }
                    break;
                case CLEARED:
                    if (episode != null) {
                        refresh(episode, signal);
                        List<Integer> standDown = notLeftYet(episode, now);
                        String reason = signal.reason;
                        if (!standDown.isEmpty()) {
                            // Calm before a train left its pool: it is not needed any more.
                            reason +=
                                    "; empty train "
                                            + standDown.stream()
                                                    .map(String::valueOf)
                                                    .collect(Collectors.joining(" and "))
                                            + (standDown.size() == 1 ? " has" : " have")
                                            + " not left: stand "
                                            + (standDown.size() == 1 ? "it" : "them")
                                            + " down";
                        } else if (episode.trainsSent > 0 && episode.lastTrainArrivesAt > now) {
                            reason +=
                                    "; empty train "
                                            + episode.trainsSent
                                            + " has left and serves the platform when it comes";
                        }
                        DispatchDecision cleared =
                                decision(DecisionType.CLEARED, episode, now, reason, null);
                        String episodeId = episode.recommendationId;
                        cleared.standsDown =
                                standDown.stream()
                                        .map(
                                                sequence ->
                                                        DecisionIds.emptyTrainTripId(
                                                                episodeId, sequence))
                                        .toArray(String[]::new);
                        decisions.add(cleared);
                        episodes.remove(episode);
                    }
                    break;
                default:
                    throw new IllegalStateException("unknown signal " + signal.type);
            }
        }

        for (Episode episode : episodes) {
            if (followUpDue(episode, now)) {
                episode.needsTrain = true;
            }
        }
        assignTrains(episodes, sparesOut, now, decisions);

        for (Episode episode : updated) {
            if (episodes.contains(episode) && updateDue(episode, now, decisions)) {
                decisions.add(decision(DecisionType.UPDATED, episode, now, episode.reason, null));
            }
        }
        state.episodes = episodes.toArray(new Episode[0]);
        state.sparesOut = sparesOut.toArray(new SpareOut[0]);
        return decisions;
    }

    /** The next time the planner must look again without a signal: a spare back or a follow-up. */
    public long nextWakeUp(PlannerState state, long now) {
        long next = Long.MAX_VALUE;
        boolean waiting = false;
        for (Episode episode : state.episodes) {
            waiting |= episode.needsTrain;
            if (episode.trainsSent > 0 && episode.trainsSent < settings.maxTrainsPerEpisode()) {
                long due = episode.lastTrainArrivesAt + settings.followUpAfterMillis();
                if (due > now) {
                    next = Math.min(next, due);
                }
            }
        }
        if (waiting) {
            for (SpareOut spare : state.sparesOut) {
                if (spare.returnsAt > now) {
                    next = Math.min(next, spare.returnsAt);
                }
            }
        }
        return next;
    }

    private Episode open(CrowdingSignal signal, long now) {
        Episode episode = new Episode();
        episode.stationId = signal.stationId;
        episode.direction = signal.direction;
        episode.raisedAt = now;
        episode.recommendationId =
                signal.stationId
                        + "-"
                        + signal.direction
                        + "-"
                        + ID_TIME.format(Instant.ofEpochMilli(now).atZone(zone));
        episode.needsTrain = true;
        return episode;
    }

    private static void refresh(Episode episode, CrowdingSignal signal) {
        episode.severity = signal.severity;
        if (signal.reason != null) {
            episode.reason = signal.reason;
        }
        episode.evidence = signal.evidence;
    }

    /**
     * Another train is due when passengers are still left behind a while after the last one came,
     * or when, before it came, the backlog kept growing for as many more departures as configured.
     */
    private boolean followUpDue(Episode episode, long now) {
        if (episode.trainsSent == 0
                || episode.needsTrain
                || episode.trainsSent >= settings.maxTrainsPerEpisode()
                || episode.evidence == null
                || episode.evidence.leftBehind <= 0) {
            return false;
        }
        boolean stillAfterArrival =
                now >= episode.lastTrainArrivesAt + settings.followUpAfterMillis()
                        && episode.evidence.lastDepartureTime > episode.lastTrainArrivesAt;
        return stillAfterArrival || backlogGrowing(episode, now);
    }

    /** Before the last train has come (once it has, it resets the backlog: wait and see). */
    private boolean backlogGrowing(Episode episode, long now) {
        int more = settings.followUpAfterLeftBehindDepartures();
        return more > 0
                && now < episode.lastTrainArrivesAt
                && episode.evidence.consecutiveLeftBehind
                        >= episode.leftBehindRunAtLastTrain + more;
    }

    /**
     * An UPDATED decision is published when the episode gets worse than it has been so far: a worse
     * level of service, or half again as many passengers left behind. Ups and downs within that are
     * not news, so the log does not flap.
     */
    private boolean updateDue(Episode episode, long now, List<DispatchDecision> already) {
        for (DispatchDecision d : already) {
            if (d.recommendationId.equals(episode.recommendationId)) {
                return false;
            }
        }
        if (episode.evidence == null
                || now - episode.lastDecisionAt < settings.minUpdateIntervalMillis()) {
            return false;
        }
        boolean worseLevel =
                episode.worstLevel == null
                        || LevelOfService.parse(episode.evidence.levelOfService).ordinal()
                                > LevelOfService.parse(episode.worstLevel).ordinal();
        boolean moreLeftBehind =
                episode.evidence.leftBehind
                        >= ESCALATION_FACTOR * Math.max(episode.mostLeftBehind, MIN_ESCALATION);
        return worseLevel || moreLeftBehind;
    }

    /**
     * Gives the waiting platforms spare trains, the most severe first (ties in a fixed order); a
     * platform that gets none is told why, once for each kind of reason.
     */
    private void assignTrains(
            List<Episode> episodes,
            List<SpareOut> sparesOut,
            long now,
            List<DispatchDecision> decisions) {
        List<TrainSent> sentNow = new ArrayList<>();
        for (Episode episode : waitingBySeverity(episodes)) {
            FeedAlert silent = feeds.trainFeedSilent(episode.stationId);
            if (silent != null) {
                if (!TRAIN_FEED_SILENT.equals(episode.suppressedKind)) {
                    episode.suppressedKind = TRAIN_FEED_SILENT;
                    decisions.add(
                            decision(
                                    DecisionType.SUPPRESSED,
                                    episode,
                                    now,
                                    silent.reason
                                            + ": the estimate has no departures to rest on, so no"
                                            + " empty train is sent until the train feed is heard"
                                            + " again",
                                    null));
                }
                continue;
            }
            int station = network.indexOf(episode.stationId);
            Direction direction = network.direction(episode.direction);
            Choice choice = bestPool(episode, station, direction, sparesOut, now);
            if (choice != null) {
                sentNow.add(
                        sendTrain(episode, choice, station, direction, sparesOut, now, decisions));
            } else {
                Suppression suppression =
                        suppression(episode, station, direction, sparesOut, sentNow, now);
                // The same reason again is not news: only a new kind is published.
                if (!suppression.kind().stateName.equals(episode.suppressedKind)) {
                    episode.suppressedKind = suppression.kind().stateName;
                    decisions.add(
                            decision(
                                    DecisionType.SUPPRESSED,
                                    episode,
                                    now,
                                    suppression.reason(),
                                    null));
                }
            }
        }
    }

    private static List<Episode> waitingBySeverity(List<Episode> episodes) {
        List<Episode> waiting = new ArrayList<>();
        for (Episode episode : episodes) {
            if (episode.needsTrain) {
                waiting.add(episode);
            }
        }
        waiting.sort(
                Comparator.comparingDouble((Episode e) -> -e.severity)
                        .thenComparing(e -> e.stationId)
                        .thenComparing(e -> e.direction));
        return waiting;
    }

    /** Sends the chosen pool's train to the episode's platform and publishes the decision. */
    private TrainSent sendTrain(
            Episode episode,
            Choice choice,
            int station,
            Direction direction,
            List<SpareOut> sparesOut,
            long now,
            List<DispatchDecision> decisions) {
        EmptyTrainPlan plan =
                plan(choice, station, direction, episode.trainsSent + 1, sparesOut, now);
        sparesOut.add(new SpareOut(choice.pool().id(), plan.spareReturnsAt));
        boolean first = episode.trainsSent == 0;
        // The reason looks at the episode as it was before this train.
        String reason = first ? episode.reason : followUpReason(episode, now);
        episode.trainsSent++;
        episode.lastTrainArrivesAt = plan.arriveAt;
        episode.trainsLeaveAt = Arrays.copyOf(episode.trainsLeaveAt, episode.trainsSent);
        episode.trainsLeaveAt[episode.trainsSent - 1] = plan.leaveAt;
        episode.leftBehindRunAtLastTrain =
                episode.evidence == null ? 0 : episode.evidence.consecutiveLeftBehind;
        episode.needsTrain = false;
        episode.suppressedKind = null;
        decisions.add(
                decision(
                        first ? DecisionType.RAISED : DecisionType.UPDATED,
                        episode,
                        now,
                        reason,
                        plan));
        return new TrainSent(
                choice.pool().id(),
                choice.pool().id()
                        + " to "
                        + episode.stationId
                        + " "
                        + episode.direction
                        + String.format(Locale.ROOT, " (%.2f waiting per m2)", episode.severity));
    }

    /** Why one more empty train goes to a platform that has had one already. */
    private String followUpReason(Episode episode, long now) {
        if (backlogGrowing(episode, now)) {
            return String.format(
                    Locale.ROOT,
                    "%d more departures left passengers behind since empty train %d was sent: %s",
                    episode.evidence.consecutiveLeftBehind - episode.leftBehindRunAtLastTrain,
                    episode.trainsSent,
                    episode.reason);
        }
        return String.format(
                Locale.ROOT,
                "still leaving passengers behind after empty train %d arrived: %s",
                episode.trainsSent,
                episode.reason);
    }

    /** A pool that can send a train to the platform, and when that train would arrive. */
    private record Choice(SparePool pool, long arriveAt) {}

    /** A train sent in this tick: the pool it left, and the words naming where it went. */
    private record TrainSent(String poolId, String description) {}

    /** Why a waiting platform gets no train this tick. */
    private record Suppression(SuppressionKind kind, String reason) {}

    /** The kinds of suppression; an episode remembers the last one (by name) in its state. */
    private enum SuppressionKind {
        /** No depot or siding can reach the platform at all. */
        NO_POOL("no-pool"),
        /** The trains that could have come went to more severe crowding this tick. */
        GIVEN_AWAY("given-away"),
        /** Every train that could come is out. */
        ALL_OUT("all-out"),
        /** The trains that could come are the pools' last, kept for crowding that lasts. */
        RESERVED("reserved");

        /** The name kept in {@link Episode#suppressedKind}, so state stays a plain string. */
        final String stateName;

        SuppressionKind(String stateName) {
            this.stateName = stateName;
        }
    }

    private Choice bestPool(
            Episode episode, int station, Direction direction, List<SpareOut> sparesOut, long now) {
        Choice best = null;
        for (SparePool pool : network.sparePools()) {
            if (!canServe(pool, station, direction) || free(pool, sparesOut) <= 0) {
                continue;
            }
            long arrive =
                    now
                            + pool.preparationSeconds() * 1000L
                            + network.emptyRunSeconds(pool.stationIndex(), station) * 1000L;
            if (best == null || arrive < best.arriveAt()) {
                best = new Choice(pool, arrive);
            }
        }
        // The soonest train is a pool's reserve and this may be a blip: wait one departure and see,
        // rather than send a train from further away that would come later than that one.
        return best == null || reservedFrom(best.pool(), episode, sparesOut) ? null : best;
    }

    /**
     * Whether the pool's free trains are its reserve and the episode may not have them: when spares
     * are scarce, a short blip must not use up the train a long episode later needs. An episode
     * earns the reserve by lasting (passengers left behind on enough departures in a row) or by a
     * backlog the forecast sees holding or growing; a platform crowded without anyone left behind
     * (its waiting area) is no blip.
     */
    private boolean reservedFrom(SparePool pool, Episode episode, List<SpareOut> sparesOut) {
        if (settings.reservedSpares() <= 0 || free(pool, sparesOut) > settings.reservedSpares()) {
            return false;
        }
        CrowdingEvidence evidence = episode.evidence;
        if (evidence == null || evidence.consecutiveLeftBehind == 0) {
            return false;
        }
        boolean lasting =
                evidence.consecutiveLeftBehind >= settings.reserveAfterLeftBehindDepartures();
        boolean growing =
                evidence.forecastLeftBehind > 0
                        && evidence.forecastLeftBehind >= evidence.leftBehind;
        return !lasting && !growing;
    }

    /** Whether a pool lies upstream of (or at) the station in the direction, and serves it. */
    private boolean canServe(SparePool pool, int station, Direction direction) {
        if (!pool.serves(direction)) {
            return false;
        }
        int from = pool.stationIndex();
        return from == station || network.direction(from, station) == direction;
    }

    private static int free(SparePool pool, List<SpareOut> sparesOut) {
        int out = 0;
        for (SpareOut spare : sparesOut) {
            if (spare.poolId.equals(pool.id())) {
                out++;
            }
        }
        return pool.spareTrains() - out;
    }

    private EmptyTrainPlan plan(
            Choice choice,
            int station,
            Direction direction,
            int sequence,
            List<SpareOut> sparesOut,
            long now) {
        SparePool pool = choice.pool();
        int from = pool.stationIndex();
        EmptyTrainPlan plan = new EmptyTrainPlan();
        plan.sequence = sequence;
        plan.poolId = pool.id();
        plan.poolName = pool.name();
        plan.fromStationId = network.station(from).id();
        plan.leaveAt = now + pool.preparationSeconds() * 1000L;
        plan.arriveAt = choice.arriveAt();
        int[] path = network.path(from, station);
        List<String> via = new ArrayList<>();
        for (int i = 1; i < path.length - 1; i++) {
            via.add(network.station(path[i]).id());
        }
        plan.runsEmptyVia = via.toArray(new String[0]);
        plan.startsServiceAt = network.station(station).id();
        int terminus = serviceTerminus(from, station, direction);
        plan.serviceTerminus = network.station(terminus).id();
        long trip =
                terminus == station ? 0 : network.serviceTravelSeconds(station, terminus) * 1000L;
        long back = terminus == from ? 0 : network.emptyRunSeconds(terminus, from) * 1000L;
        plan.spareReturnsAt =
                plan.arriveAt + trip + network.timetable().turnaroundSeconds() * 1000L + back;
        plan.sparesLeftAtPool = free(pool, sparesOut) - 1;
        return plan;
    }

    /** Where the train's trip in service ends: the terminus of a service through both stations. */
    private int serviceTerminus(int from, int station, Direction direction) {
        for (Service service : network.services()) {
            if (service.calls(from) && service.calls(station)) {
                return service.terminus(direction);
            }
        }
        for (Service service : network.services()) {
            if (service.calls(station)) {
                return service.terminus(direction);
            }
        }
        return station;
    }

    /**
     * Why the platform gets no train. Only trains sent this tick from pools that could have served
     * the platform count as given away to more severe crowding.
     */
    private Suppression suppression(
            Episode episode,
            int station,
            Direction direction,
            List<SpareOut> sparesOut,
            List<TrainSent> sentNow,
            long now) {
        List<SparePool> suitable = new ArrayList<>();
        for (SparePool pool : network.sparePools()) {
            if (canServe(pool, station, direction)) {
                suitable.add(pool);
            }
        }
        String platform = network.station(station).id() + " " + network.directionName(direction);
        if (suitable.isEmpty()) {
            return new Suppression(
                    SuppressionKind.NO_POOL,
                    "no depot or siding upstream of " + platform + " can send a train there");
        }
        List<String> reserved = new ArrayList<>();
        for (SparePool pool : suitable) {
            if (free(pool, sparesOut) > 0 && reservedFrom(pool, episode, sparesOut)) {
                reserved.add(pool.id());
            }
        }
        if (!reserved.isEmpty()) {
            return new Suppression(
                    SuppressionKind.RESERVED,
                    String.format(
                            Locale.ROOT,
                            "the last spare trains that could reach %s (%s) are kept for crowding"
                                    + " that lasts: they go when passengers are left behind on %d"
                                    + " departures in a row (%d so far) or the forecast sees the"
                                    + " backlog holding",
                            platform,
                            String.join(", ", reserved),
                            settings.reserveAfterLeftBehindDepartures(),
                            episode.evidence.consecutiveLeftBehind));
        }
        List<String> givenAway = new ArrayList<>();
        for (TrainSent sent : sentNow) {
            for (SparePool pool : suitable) {
                if (pool.id().equals(sent.poolId())) {
                    givenAway.add(sent.description());
                }
            }
        }
        if (!givenAway.isEmpty()) {
            return new Suppression(
                    SuppressionKind.GIVEN_AWAY,
                    "the spare trains that could reach "
                            + platform
                            + " went to more severe crowding: "
                            + String.join("; ", givenAway));
        }
        long firstBack = Long.MAX_VALUE;
        for (SpareOut spare : sparesOut) {
            for (SparePool pool : suitable) {
                if (pool.id().equals(spare.poolId)) {
                    firstBack = Math.min(firstBack, spare.returnsAt);
                }
            }
        }
        String back =
                firstBack == Long.MAX_VALUE
                        ? ""
                        : ", the first is expected back at "
                                + DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
                                        .format(Instant.ofEpochMilli(firstBack).atZone(zone));
        return new Suppression(
                SuppressionKind.ALL_OUT,
                "all spare trains that can reach " + platform + " are out" + back);
    }

    /** The sequence numbers of the episode's empty trains that have not left their pools. */
    private static List<Integer> notLeftYet(Episode episode, long now) {
        List<Integer> sequences = new ArrayList<>();
        for (int i = 0; i < episode.trainsLeaveAt.length; i++) {
            if (episode.trainsLeaveAt[i] > now) {
                sequences.add(i + 1);
            }
        }
        return sequences;
    }

    private DispatchDecision decision(
            DecisionType type, Episode episode, long now, String reason, EmptyTrainPlan plan) {
        DispatchDecision d = new DispatchDecision();
        d.decision = type;
        episode.decisionsPublished++;
        d.decisionId =
                DecisionIds.of(
                        episode.recommendationId, episode.decisionsPublished, type, now, zone);
        d.level = DecisionLevel.of(type, plan != null);
        d.recommendationId = episode.recommendationId;
        d.lineId = network.lineId();
        d.stationId = episode.stationId;
        d.direction = episode.direction;
        d.eventTime = now;
        d.reason = reason;
        d.severity = episode.severity;
        d.trainsSent = episode.trainsSent;
        d.evidence = episode.evidence == null ? null : episode.evidence.copy();
        d.emptyTrain = plan;
        d.degradedFeeds = feeds.degraded(episode.stationId);
        episode.lastDecisionAt = now;
        if (episode.evidence != null) {
            String level = episode.evidence.levelOfService;
            if (episode.worstLevel == null
                    || LevelOfService.parse(level).ordinal()
                            > LevelOfService.parse(episode.worstLevel).ordinal()) {
                episode.worstLevel = level;
            }
            episode.mostLeftBehind = Math.max(episode.mostLeftBehind, episode.evidence.leftBehind);
        }
        return d;
    }

    private static Episode find(List<Episode> episodes, String stationId, String direction) {
        for (Episode episode : episodes) {
            if (episode.stationId.equals(stationId) && episode.direction.equals(direction)) {
                return episode;
            }
        }
        return null;
    }
}
