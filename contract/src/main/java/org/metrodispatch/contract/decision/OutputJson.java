package org.metrodispatch.contract.decision;

import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.time.IsoTime;
import org.metrodispatch.contract.time.TimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of the job's outputs (documented in {@code docs/event-contract.md}): dispatch
 * decisions (one schema for the decision log, the recommendations topic and the review's JSON),
 * station load and rejected records. Written with a fixed field order; decisions and station load
 * can be read back by the review tools and the closed-loop simulator.
 */
public final class OutputJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** How emittedAt follows the field before it in a decision line. */
    private static final String EMITTED_AT = ",\"emittedAt\":\"";

    private OutputJson() {}

    /**
     * Writes a decision as it is emitted now: {@code emittedAt} is the wall clock, unless the
     * decision carries one already (read back from a log). Sinks call this as they write the
     * record, so the planner stays free of the wall clock.
     */
    public static JsonBytes write(JsonBytes out, DispatchDecision d, TimeFormatter time) {
        return write(out, d, d.emittedAt != 0 ? d.emittedAt : System.currentTimeMillis(), time);
    }

    /**
     * Writes a decision emitted at {@code emittedAt} (epoch milliseconds): decision, schemaVersion,
     * decisionId, level, recommendationId, stationId, direction, eventTime, emittedAt first.
     */
    public static JsonBytes write(
            JsonBytes out, DispatchDecision d, long emittedAt, TimeFormatter time) {
        out.beginObject()
                .field("decision", d.decision.name())
                .field("schemaVersion", d.schemaVersion)
                .field("decisionId", d.decisionId)
                .field("level", d.level == null ? null : d.level.name())
                .field("recommendationId", d.recommendationId)
                .field("stationId", d.stationId)
                .field("direction", d.direction)
                .timeField("eventTime", d.eventTime, time)
                .timeField("emittedAt", emittedAt, time)
                .field("lineId", d.lineId)
                .field("reason", d.reason)
                .field("severity", d.severity, 3)
                .field("trainsSent", d.trainsSent);
        if (d.evidence != null) {
            CrowdingEvidence e = d.evidence;
            out.beginObject("evidence")
                    .timeField("windowStart", e.windowStart, time)
                    .timeField("windowEnd", e.windowEnd, time)
                    .field("windowEntries", e.windowEntries)
                    .field("windowExits", e.windowExits)
                    .field("waitingEstimate", Math.round(e.waitingEstimate))
                    .field("leftBehind", e.leftBehind)
                    .field("consecutiveLeftBehind", e.consecutiveLeftBehind)
                    .field("densityM2PerPerson", e.densityM2PerPerson, 3)
                    .field("levelOfService", e.levelOfService)
                    .field("basis", e.basis)
                    .field("lastTrainId", e.lastTrainId);
            if (e.lastDepartureTime > 0) {
                out.timeField("lastDepartureTime", e.lastDepartureTime, time);
            } else {
                out.nullField("lastDepartureTime");
            }
            out.field("lastTrainLoad", e.lastTrainLoad)
                    .field("lastTrainCapacity", e.lastTrainCapacity);
            if (e.forecastLeftBehind >= 0) {
                out.field("forecastLeftBehind", e.forecastLeftBehind);
            }
            out.endObject();
        }
        if (d.emptyTrain != null) {
            EmptyTrainPlan t = d.emptyTrain;
            out.beginObject("emptyTrain")
                    .field("scheduleRelationship", "NEW")
                    .field("tripId", DecisionIds.emptyTrainTripId(d.recommendationId, t.sequence))
                    .field("sequence", t.sequence)
                    .field("poolId", t.poolId)
                    .field("poolName", t.poolName)
                    .field("fromStationId", t.fromStationId)
                    .timeField("leaveAt", t.leaveAt, time)
                    .timeField("arriveAt", t.arriveAt, time)
                    .beginArray("runsEmptyVia");
            for (String station : t.runsEmptyVia) {
                out.element(station);
            }
            out.endArray()
                    .field("startsServiceAt", t.startsServiceAt)
                    .field("serviceTerminus", t.serviceTerminus)
                    .timeField("spareReturnsAt", t.spareReturnsAt, time)
                    .field("sparesLeftAtPool", t.sparesLeftAtPool)
                    .endObject();
        }
        if (d.degradedFeeds != null) {
            out.field("degradedFeeds", d.degradedFeeds);
        }
        if (d.standsDown != null && d.standsDown.length > 0) {
            out.beginArray("standsDown");
            for (String trip : d.standsDown) {
                out.element(trip);
            }
            out.endArray();
        }
        return out.endObject();
    }

    public static JsonBytes write(JsonBytes out, StationLoad load, TimeFormatter time) {
        out.beginObject()
                .field("stationId", load.stationId)
                .timeField("windowStart", load.windowStart, time)
                .timeField("windowEnd", load.windowEnd, time)
                .field("entries", load.entries)
                .field("exits", load.exits)
                .field("heartbeats", load.heartbeats)
                .beginArray("platforms");
        for (PlatformEstimate p : load.platforms) {
            out.beginObject()
                    .field("direction", p.direction)
                    .field("waitingEstimate", Math.round(p.waitingEstimate))
                    .field("densityM2PerPerson", p.densityM2PerPerson, 3)
                    .field("levelOfService", p.levelOfService)
                    .field("leftBehind", p.leftBehind)
                    .field("consecutiveLeftBehind", p.consecutiveLeftBehind)
                    .field("crowded", p.crowded)
                    .endObject();
        }
        return out.endArray().endObject();
    }

    /**
     * Writes a rejected record: source, reason, eventTime and watermark when known, the record's
     * size and SHA-256, its prefix as text ({@code rawTruncated} when that is not all of it), and
     * the prefix's bytes in Base64 when they are not valid UTF-8.
     */
    public static JsonBytes write(JsonBytes out, FeedAlert a, TimeFormatter time) {
        return write(out, a, System.currentTimeMillis(), time);
    }

    /**
     * Writes a feed alert emitted at {@code emittedAt} (epoch milliseconds), with what log
     * pipelines read in every line of the decision log: a schema version, a level (WARN when
     * raised, INFO when cleared) and the time it was written.
     */
    public static JsonBytes write(JsonBytes out, FeedAlert a, long emittedAt, TimeFormatter time) {
        out.beginObject()
                .field("feedAlert", a.state.name())
                .field("schemaVersion", FeedAlert.SCHEMA_VERSION)
                .field("level", a.level().name())
                .field("kind", a.kind.name())
                .field("lineId", a.lineId)
                .field("stationId", a.stationId)
                .field("feed", a.feed);
        if (a.eventTime != 0) {
            out.timeField("eventTime", a.eventTime, time);
        }
        out.timeField("emittedAt", emittedAt, time);
        if (a.since != 0) {
            out.timeField("since", a.since, time);
        }
        out.field("reason", a.reason);
        if (a.kind == FeedAlertKind.TAPS_LOST || a.kind == FeedAlertKind.LATE_ARRIVALS) {
            out.field("expected", a.expected).field("received", a.received);
        }
        return out.endObject();
    }

    public static JsonBytes write(JsonBytes out, RejectedRecord r, TimeFormatter time) {
        out.beginObject().field("source", r.source).field("reason", r.reason);
        if (r.eventTime != 0) {
            out.timeField("eventTime", r.eventTime, time);
        }
        if (r.watermark != 0) {
            out.timeField("watermark", r.watermark, time);
        }
        if (r.rawSize >= 0) {
            out.field("rawSize", r.rawSize);
        }
        if (r.rawSha256 != null) {
            out.field("rawSha256", r.rawSha256);
        }
        if (r.raw != null) {
            out.field("raw", r.raw);
            if (r.rawTruncated()) {
                out.field("rawTruncated", true);
            }
        }
        if (r.rawBase64 != null) {
            out.field("rawBase64", r.rawBase64);
        }
        return out.endObject();
    }

    /** Writes the job's progress: the watermark and the recommendations published so far. */
    public static JsonBytes write(JsonBytes out, JobProgress progress, TimeFormatter time) {
        return out.beginObject()
                .field("kind", "progress")
                .timeField("watermark", progress.watermark, time)
                .field("recommendations", progress.recommendations)
                .endObject();
    }

    /** Reads a progress record as the job writes it. */
    public static JobProgress readProgress(String line) throws IOException {
        JsonNode node = MAPPER.readTree(line);
        if (node == null || !node.isObject() || !"progress".equals(node.path("kind").asText())) {
            throw new IOException("not a progress record");
        }
        return new JobProgress(time(node, "watermark"), node.path("recommendations").asLong());
    }

    /**
     * A decision line without its {@code emittedAt}: what two runs of the same input write alike,
     * for comparing runs. The line as it is when it has none.
     */
    public static String withoutEmittedAt(String line) {
        // The writer escapes quotes in strings, so the field's name cannot occur inside a value.
        int start = line.indexOf(EMITTED_AT);
        if (start < 0) {
            return line;
        }
        int end = line.indexOf('"', start + EMITTED_AT.length());
        return end < 0 ? line : line.substring(0, start) + line.substring(end + 1);
    }

    /**
     * Reads a decision line as the job writes it, of any schema version up to {@link
     * DispatchDecision#SCHEMA_VERSION}: a line without {@code schemaVersion} is version 1, whose
     * level follows from its decision (there is no decision id nor emittedAt in it). A newer
     * version is refused with a reason, not guessed at.
     */
    public static DispatchDecision readDecision(String line) throws IOException {
        JsonNode node = MAPPER.readTree(line);
        if (node == null || !node.isObject()) {
            throw new IOException("not a JSON object");
        }
        DispatchDecision d = new DispatchDecision();
        d.schemaVersion = schemaVersion(node);
        try {
            d.decision = DecisionType.valueOf(text(node, "decision"));
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown decision '" + node.path("decision").asText() + "'");
        }
        if (d.schemaVersion > DispatchDecision.FIRST_SCHEMA_VERSION) {
            d.decisionId = text(node, "decisionId");
            try {
                d.level = DecisionLevel.valueOf(text(node, "level"));
            } catch (IllegalArgumentException e) {
                throw new IOException("unknown level '" + node.path("level").asText() + "'");
            }
            d.emittedAt = time(node, "emittedAt");
        }
        d.recommendationId = text(node, "recommendationId");
        d.stationId = text(node, "stationId");
        d.direction = text(node, "direction");
        d.eventTime = time(node, "eventTime");
        d.lineId = node.path("lineId").asText(null);
        d.reason = node.path("reason").asText(null);
        d.severity = node.path("severity").asDouble();
        d.trainsSent = node.path("trainsSent").asInt();
        JsonNode e = node.get("evidence");
        if (e != null && e.isObject()) {
            CrowdingEvidence evidence = new CrowdingEvidence();
            evidence.windowStart = optionalTime(e, "windowStart");
            evidence.windowEnd = optionalTime(e, "windowEnd");
            evidence.windowEntries = e.path("windowEntries").asInt();
            evidence.windowExits = e.path("windowExits").asInt();
            evidence.waitingEstimate = e.path("waitingEstimate").asDouble();
            evidence.leftBehind = e.path("leftBehind").asInt();
            evidence.consecutiveLeftBehind = e.path("consecutiveLeftBehind").asInt();
            evidence.densityM2PerPerson = e.path("densityM2PerPerson").asDouble();
            evidence.levelOfService = e.path("levelOfService").asText(null);
            evidence.lastTrainId = e.path("lastTrainId").asText(null);
            evidence.lastDepartureTime = optionalTime(e, "lastDepartureTime");
            evidence.lastTrainLoad = e.path("lastTrainLoad").asInt();
            evidence.lastTrainCapacity = e.path("lastTrainCapacity").asInt();
            evidence.basis = e.path("basis").asText(CrowdingEvidence.TRAIN_REPORTS);
            evidence.forecastLeftBehind = e.path("forecastLeftBehind").asInt(-1);
            d.evidence = evidence;
        }
        JsonNode t = node.get("emptyTrain");
        if (t != null && t.isObject()) {
            EmptyTrainPlan plan = new EmptyTrainPlan();
            plan.sequence = t.path("sequence").asInt();
            plan.poolId = t.path("poolId").asText(null);
            plan.poolName = t.path("poolName").asText(null);
            plan.fromStationId = t.path("fromStationId").asText(null);
            plan.leaveAt = time(t, "leaveAt");
            plan.arriveAt = time(t, "arriveAt");
            List<String> via = new ArrayList<>();
            t.path("runsEmptyVia").forEach(v -> via.add(v.asText()));
            plan.runsEmptyVia = via.toArray(new String[0]);
            plan.startsServiceAt = t.path("startsServiceAt").asText(null);
            plan.serviceTerminus = t.path("serviceTerminus").asText(null);
            plan.spareReturnsAt = optionalTime(t, "spareReturnsAt");
            plan.sparesLeftAtPool = t.path("sparesLeftAtPool").asInt();
            d.emptyTrain = plan;
        }
        d.degradedFeeds = node.path("degradedFeeds").asText(null);
        List<String> standsDown = new ArrayList<>();
        node.path("standsDown").forEach(trip -> standsDown.add(trip.asText()));
        d.standsDown = standsDown.toArray(new String[0]);
        if (d.level == null) {
            d.level = DecisionLevel.of(d.decision, d.emptyTrain != null);
        }
        return d;
    }

    private static int schemaVersion(JsonNode node) throws IOException {
        JsonNode value = node.get("schemaVersion");
        if (value == null) {
            return DispatchDecision.FIRST_SCHEMA_VERSION;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IOException("schemaVersion is not a whole number: " + value);
        }
        int version = value.intValue();
        if (version > DispatchDecision.SCHEMA_VERSION) {
            throw new IOException(
                    "schemaVersion "
                            + version
                            + " is newer than this reader knows ("
                            + DispatchDecision.SCHEMA_VERSION
                            + "): read it with a newer metro-dispatch");
        }
        if (version < DispatchDecision.FIRST_SCHEMA_VERSION) {
            throw new IOException("schemaVersion " + version + " does not exist");
        }
        return version;
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IOException("missing field " + field);
        }
        return value.asText();
    }

    private static long time(JsonNode node, String field) throws IOException {
        try {
            return IsoTime.parseMillis(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new IOException(field + " is " + e.getMessage());
        }
    }

    private static long optionalTime(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? 0 : time(node, field);
    }
}
