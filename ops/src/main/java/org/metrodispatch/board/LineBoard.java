package org.metrodispatch.board;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.EmptyTrainPlan;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.SparePool;
import org.metrodispatch.contract.network.Station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the live line board shows, built from the job's outputs as they come: each platform's latest
 * estimate, the decisions, the empty trains on their way, the spares left per depot or siding, the
 * feed alerts in force, and each train's latest report. Reading the same lines twice (a file
 * re-read, a topic re-consumed) changes nothing. Thread-safe: the feed's reader applies, the web
 * server's threads take snapshots.
 */
public final class LineBoard {

    /** Decisions kept for the board's list, newest first. */
    public static final int DEFAULT_RECENT_DECISIONS = 100;

    /** Ids remembered to drop repeats: far more than a day's decisions and alerts. */
    private static final int REMEMBERED_IDS = 200_000;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Network network;
    private final int recentDecisions;
    private final DateTimeFormatter clock;

    private long now;
    private long version;
    private long lastChangeWallMillis;
    private long unreadable;
    private String lastProblem;

    private final Map<String, PlatformView> platforms = new HashMap<>();
    private final Deque<DispatchDecision> decisions = new ArrayDeque<>();
    private final Map<DecisionType, Integer> decisionCounts = new EnumMap<>(DecisionType.class);
    private final EmptyTrains trains = new EmptyTrains();
    private final Map<String, FeedAlertView> alertsInForce = new TreeMap<>();
    private int alertsRaised;
    private final Map<String, TrainReport> vehicles = new TreeMap<>();
    private final Map<String, Boolean> seen =
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_IDS;
                }
            };

    /** A platform's latest estimate. */
    public record PlatformView(
            long windowEnd,
            long waiting,
            double densityM2PerPerson,
            String levelOfService,
            int leftBehind,
            int consecutiveLeftBehind,
            boolean crowded) {}

    /** A feed alert in force. */
    public record FeedAlertView(
            String kind,
            String stationId,
            String feed,
            long since,
            long eventTime,
            String reason) {}

    /** A train's latest report: where it is and what it carries. */
    public record TrainReport(
            String trainId,
            String serviceId,
            String direction,
            String stationId,
            String type,
            long eventTime,
            int load,
            int capacity,
            int ratedCapacity) {}

    public LineBoard(Network network) {
        this(network, DEFAULT_RECENT_DECISIONS);
    }

    public LineBoard(Network network, int recentDecisions) {
        this.network = network;
        this.recentDecisions = recentDecisions;
        this.clock =
                DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(network.timeZone());
    }

    public Network network() {
        return network;
    }

    /**
     * Takes one output line. A line that cannot be read is counted (the board says how many), not
     * thrown: the board shows what it can.
     *
     * @return whether the board changed
     */
    public synchronized boolean apply(BoardRecord record) {
        boolean changed;
        try {
            // A decision is read by the contract's own reader; the rest by their fields here.
            changed =
                    record.kind() == BoardRecord.Kind.DECISION
                            ? applyDecision(OutputJson.readDecision(record.json()))
                            : applyFields(record.kind(), object(record.json()));
        } catch (IOException | RuntimeException e) {
            unreadable++;
            lastProblem = record.kind() + ": " + e.getMessage();
            changed = true;
        }
        if (changed) {
            version++;
            lastChangeWallMillis = System.currentTimeMillis();
        }
        return changed;
    }

    private boolean applyFields(BoardRecord.Kind kind, JsonNode node) throws IOException {
        return switch (kind) {
            case STATION_LOAD -> applyStationLoad(node);
            case FEED_ALERT -> applyFeedAlert(node);
            case PROGRESS -> advance(time(node, "watermark"));
            case TRAIN -> applyTrain(node);
            case DECISION -> throw new IllegalArgumentException("a decision has its own reader");
        };
    }

    private static JsonNode object(String json) throws IOException {
        JsonNode node = MAPPER.readTree(json);
        if (node == null || !node.isObject()) {
            throw new IOException("not a JSON object");
        }
        return node;
    }

    private boolean applyDecision(DispatchDecision d) {
        String id =
                d.decisionId != null
                        ? d.decisionId
                        : d.recommendationId + "/" + d.decision + "/" + d.eventTime;
        if (seen.put("decision " + id, Boolean.TRUE) != null) {
            return false;
        }
        decisions.addFirst(d);
        while (decisions.size() > recentDecisions) {
            decisions.removeLast();
        }
        decisionCounts.merge(d.decision, 1, Integer::sum);
        trains.apply(d);
        advance(d.eventTime);
        // A board runs for days: trains back at their pools are of no more interest.
        trains.forgetBefore(now);
        return true;
    }

    private boolean applyStationLoad(JsonNode node) throws IOException {
        String stationId = text(node, "stationId");
        long windowEnd = time(node, "windowEnd");
        boolean changed = false;
        for (JsonNode p : node.path("platforms")) {
            String key = stationId + "/" + text(p, "direction");
            PlatformView before = platforms.get(key);
            if (before != null && before.windowEnd() >= windowEnd) {
                continue;
            }
            platforms.put(
                    key,
                    new PlatformView(
                            windowEnd,
                            p.path("waitingEstimate").asLong(),
                            p.path("densityM2PerPerson").asDouble(),
                            p.path("levelOfService").asText(""),
                            p.path("leftBehind").asInt(),
                            p.path("consecutiveLeftBehind").asInt(),
                            p.path("crowded").asBoolean()));
            changed = true;
        }
        return advance(windowEnd) || changed;
    }

    private boolean applyFeedAlert(JsonNode node) throws IOException {
        String state = text(node, "feedAlert");
        String kind = text(node, "kind");
        String stationId =
                node.path("stationId").isTextual() ? node.get("stationId").asText() : null;
        String feed = node.path("feed").asText("");
        long eventTime = node.hasNonNull("eventTime") ? time(node, "eventTime") : 0;
        String key = kind + "|" + stationId + "|" + feed;
        if (seen.put("alert " + key + "|" + state + "|" + eventTime, Boolean.TRUE) != null) {
            return false;
        }
        if ("RAISED".equals(state)) {
            long since = node.hasNonNull("since") ? time(node, "since") : eventTime;
            alertsInForce.put(
                    key,
                    new FeedAlertView(
                            kind, stationId, feed, since, eventTime, node.path("reason").asText()));
            alertsRaised++;
        } else if ("CLEARED".equals(state)) {
            FeedAlertView raised = alertsInForce.get(key);
            // A clear older than the raise in force belongs to an earlier episode of the feed.
            if (raised != null && raised.eventTime() <= eventTime) {
                alertsInForce.remove(key);
            }
        } else {
            throw new IOException("feedAlert is neither RAISED nor CLEARED: " + state);
        }
        advance(eventTime);
        return true;
    }

    private boolean applyTrain(JsonNode node) throws IOException {
        if (!"train".equals(node.path("kind").asText())) {
            // The train feed's signalling heartbeats: nothing to show.
            return false;
        }
        TrainReport report =
                new TrainReport(
                        text(node, "trainId"),
                        node.path("serviceId").asText(null),
                        text(node, "direction"),
                        text(node, "stationId"),
                        text(node, "type"),
                        time(node, "eventTime"),
                        node.path("load").asInt(),
                        node.path("capacity").asInt(),
                        node.path("ratedCapacity").asInt());
        TrainReport before = vehicles.get(report.trainId());
        if (before != null && before.eventTime() > report.eventTime()) {
            return false;
        }
        vehicles.put(report.trainId(), report);
        return true;
    }

    private boolean advance(long eventTime) {
        if (eventTime > now) {
            now = eventTime;
            return true;
        }
        return false;
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("no " + field);
        }
        return value.asText();
    }

    private static long time(JsonNode node, String field) throws IOException {
        String text = text(node, field);
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IOException(field + " is not a time: " + text);
        }
    }

    public synchronized long version() {
        return version;
    }

    /** The latest event time the outputs reached. */
    public synchronized long now() {
        return now;
    }

    public synchronized List<EmptyTrains.Train> emptyTrains() {
        return trains.all();
    }

    public synchronized List<TrainReport> vehicles() {
        return new ArrayList<>(vehicles.values());
    }

    public synchronized List<DispatchDecision> recentDecisions() {
        return new ArrayList<>(decisions);
    }

    public synchronized Map<String, FeedAlertView> alertsInForce() {
        return new TreeMap<>(alertsInForce);
    }

    public synchronized PlatformView platform(String stationId, String direction) {
        return platforms.get(stationId + "/" + direction);
    }

    /** The network as the page draws it: stations in order with their parents, the pools. */
    public ObjectNode networkJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", network.id()).put("name", network.name()).put("lineId", network.lineId());
        root.put("timeZone", network.timeZone().getId());
        ArrayNode directions = root.putArray("directions");
        for (Direction direction : Direction.values()) {
            directions.add(network.directionName(direction));
        }
        ArrayNode stations = root.putArray("stations");
        for (Station s : network.stations()) {
            ObjectNode station = stations.addObject();
            station.put("id", s.id()).put("name", s.name()).put("parent", s.parentIndex());
            if (s.nameLocal() != null) {
                station.put("nameLocal", s.nameLocal());
            }
        }
        ArrayNode pools = root.putArray("pools");
        for (SparePool pool : network.sparePools()) {
            pools.addObject()
                    .put("id", pool.id())
                    .put("name", pool.name())
                    .put("stationId", network.station(pool.stationIndex()).id())
                    .put("spareTrains", pool.spareTrains());
        }
        return root;
    }

    /** Everything the page shows now, as JSON: what a page that (re)connects starts from. */
    public synchronized ObjectNode snapshot() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", version);
        root.put("now", now);
        root.put("nowText", now == 0 ? "" : clock(now));
        root.put("lastChangeWallMillis", lastChangeWallMillis);
        root.put("unreadable", unreadable);
        if (lastProblem != null) {
            root.put("lastProblem", lastProblem);
        }
        ObjectNode platformsJson = root.putObject("platforms");
        for (Station s : network.stations()) {
            ObjectNode station = platformsJson.putObject(s.id());
            for (Direction direction : Direction.values()) {
                String name = network.directionName(direction);
                PlatformView p = platforms.get(s.id() + "/" + name);
                if (p != null) {
                    station.putObject(name)
                            .put("waiting", p.waiting())
                            .put("levelOfService", p.levelOfService())
                            .put("density", p.densityM2PerPerson())
                            .put("leftBehind", p.leftBehind())
                            .put("consecutiveLeftBehind", p.consecutiveLeftBehind())
                            .put("crowded", p.crowded())
                            .put("at", clock(p.windowEnd()));
                }
            }
        }
        ObjectNode counts = root.putObject("decisionCounts");
        for (DecisionType type : DecisionType.values()) {
            counts.put(type.name(), decisionCounts.getOrDefault(type, 0));
        }
        ArrayNode decisionsJson = root.putArray("decisions");
        for (DispatchDecision d : decisions) {
            ObjectNode json =
                    decisionsJson
                            .addObject()
                            .put("decisionId", d.decisionId)
                            .put("decision", d.decision.name())
                            .put("stationId", d.stationId)
                            .put("stationName", stationName(d.stationId))
                            .put("direction", d.direction)
                            .put("at", clock(d.eventTime))
                            .put("reason", d.reason)
                            .put("trainsSent", d.trainsSent);
            if (d.emptyTrain != null) {
                json.put("tripId", EmptyTrains.tripId(d));
            }
        }
        ArrayNode trainsJson = root.putArray("emptyTrains");
        for (EmptyTrains.Train train : trains.current(now)) {
            EmptyTrainPlan plan = train.plan();
            trainsJson
                    .addObject()
                    .put("tripId", train.tripId())
                    .put("status", train.status(now).name())
                    .put("poolName", plan.poolName)
                    .put("from", stationName(plan.fromStationId))
                    .put("to", stationName(plan.startsServiceAt))
                    .put("toStationId", plan.startsServiceAt)
                    .put("direction", train.sentBy().direction)
                    .put("leaveAt", clock(plan.leaveAt))
                    .put("arriveAt", clock(plan.arriveAt))
                    .put("minutesToArrival", Math.max(0, (plan.arriveAt - now) / 60_000))
                    .put("serviceTerminus", stationName(plan.serviceTerminus))
                    .put("backAt", clock(plan.spareReturnsAt));
        }
        ArrayNode pools = root.putArray("pools");
        Map<String, Integer> out = trains.sparesOut(now);
        for (SparePool pool : network.sparePools()) {
            int away = out.getOrDefault(pool.id(), 0);
            ObjectNode json =
                    pools.addObject()
                            .put("id", pool.id())
                            .put("name", pool.name())
                            .put("spareTrains", pool.spareTrains())
                            .put("out", away)
                            .put("left", Math.max(0, pool.spareTrains() - away));
            long back = trains.nextBack(pool.id(), now);
            if (back != 0) {
                json.put("nextBackAt", clock(back));
            }
        }
        ObjectNode feeds = root.putObject("feeds");
        feeds.put("alertsRaised", alertsRaised);
        ArrayNode inForce = feeds.putArray("inForce");
        for (FeedAlertView alert : alertsInForce.values()) {
            inForce.addObject()
                    .put("kind", alert.kind())
                    .put("stationId", alert.stationId())
                    .put(
                            "stationName",
                            alert.stationId() == null
                                    ? "whole line"
                                    : stationName(alert.stationId()))
                    .put("feed", alert.feed())
                    .put("since", clock(alert.since()))
                    .put("reason", alert.reason());
        }
        return root;
    }

    private String stationName(String stationId) {
        if (stationId == null) {
            return "";
        }
        int index = network.indexOf(stationId);
        return index < 0 ? stationId : network.station(index).name();
    }

    private String clock(long epochMillis) {
        return clock.format(Instant.ofEpochMilli(epochMillis));
    }
}
