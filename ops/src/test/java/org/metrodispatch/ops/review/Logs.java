package org.metrodispatch.ops.review;

import org.metrodispatch.contract.decision.CrowdingEvidence;
import org.metrodispatch.contract.decision.DecisionIds;
import org.metrodispatch.contract.decision.DecisionLevel;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.EmptyTrainPlan;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.time.TimeFormatter;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Hand-made decisions, written as the job writes them, on 2026-03-04 in Chengdu (+08:00). */
final class Logs {

    static final ZoneOffset CHENGDU = ZoneOffset.ofHours(8);
    static final TimeFormatter TIME = new TimeFormatter(ZoneId.of("Asia/Shanghai"));
    static final LocalDate DAY = LocalDate.of(2026, 3, 4);

    private Logs() {}

    /** Epoch milliseconds of a local time of day, HH:MM or HH:MM:SS. */
    static long at(String time) {
        return LocalTime.parse(time).atDate(DAY).toInstant(CHENGDU).toEpochMilli();
    }

    /** The id the job gives an episode raised at a time. */
    static String id(String station, String direction, String raisedAt) {
        return station
                + "-"
                + direction
                + "-20260304-"
                + LocalTime.parse(raisedAt).toString().replace(":", "")
                + (raisedAt.length() == 5 ? "00" : "");
    }

    /** A decision with its evidence; the episode is raised at {@code raisedAt}. */
    static DispatchDecision decision(
            DecisionType type,
            String station,
            String direction,
            String raisedAt,
            String time,
            int waiting,
            int leftBehind,
            int inARow,
            String los) {
        DispatchDecision d = new DispatchDecision();
        d.decision = type;
        d.recommendationId = id(station, direction, raisedAt);
        d.lineId = "1";
        d.stationId = station;
        d.direction = direction;
        d.eventTime = at(time);
        d.reason = type + " for a test";
        d.severity = waiting / 550.0;
        CrowdingEvidence e = new CrowdingEvidence();
        e.windowEnd = d.eventTime + 30_000;
        e.windowStart = e.windowEnd - 300_000;
        e.windowEntries = 900;
        e.windowExits = 50;
        e.waitingEstimate = waiting;
        e.leftBehind = leftBehind;
        e.consecutiveLeftBehind = inARow;
        e.densityM2PerPerson = 550.0 / Math.max(1, waiting);
        e.levelOfService = los;
        e.lastTrainId = "T029";
        e.lastDepartureTime = d.eventTime;
        e.lastTrainLoad = 1880;
        e.lastTrainCapacity = 1880;
        d.evidence = e;
        return d;
    }

    /** Adds an empty train from the Tianfu Square siding that arrives at a time. */
    static DispatchDecision withTrain(DispatchDecision d, int sequence, String arrives) {
        EmptyTrainPlan t = new EmptyTrainPlan();
        t.sequence = sequence;
        t.poolId = "tianfu-square-siding";
        t.poolName = "Tianfu Square turnback siding";
        t.fromStationId = "tianfu-square";
        t.leaveAt = d.eventTime + 240_000;
        t.arriveAt = at(arrives);
        t.runsEmptyVia = new String[] {"jinjiang-hotel", "huaxiba", "sichuan-gymnasium"};
        t.startsServiceAt = d.stationId;
        t.serviceTerminus = "science-city";
        t.spareReturnsAt = t.arriveAt + 7_200_000;
        t.sparesLeftAtPool = 0;
        d.emptyTrain = t;
        d.trainsSent = sequence;
        return d;
    }

    /**
     * A line as the job wrote it before the decision schema had a version (version 1): without
     * schemaVersion, decisionId, level and emittedAt.
     */
    static String version1(String line) {
        return line.replaceFirst(
                        ",\"schemaVersion\":\\d+,\"decisionId\":\"[^\"]*\",\"level\":\"[A-Z]+\"",
                        "")
                .replaceFirst(",\"emittedAt\":\"[^\"]*\"", "");
    }

    /** Written a day after the decisions, as a log shipped later would have it. */
    static final long EMITTED_AT = at("08:00") + 86_400_000L;

    /** A decision line, emitted at {@link #EMITTED_AT}. */
    static String line(DispatchDecision d) {
        return OutputJson.write(new JsonBytes(), d, EMITTED_AT, TIME).toString();
    }

    /**
     * The lines of decisions in the order given, each with its id and level as the job gives them
     * (its episode's decisions numbered from 1).
     */
    static String[] lines(DispatchDecision... decisions) {
        Map<String, Integer> published = new HashMap<>();
        String[] lines = new String[decisions.length];
        for (int i = 0; i < decisions.length; i++) {
            DispatchDecision d = decisions[i];
            int sequence = published.merge(d.recommendationId, 1, Integer::sum);
            d.decisionId =
                    DecisionIds.of(d.recommendationId, sequence, d.decision, d.eventTime, CHENGDU);
            d.level = DecisionLevel.of(d.decision, d.emptyTrain != null);
            lines[i] = line(d);
        }
        return lines;
    }

    /**
     * A small log: Nijiaqiao southbound raised 08:05:30 with a train, updated, a second train,
     * cleared 08:45:00; Huayang northbound suppressed 08:13:25, cleared 08:41:30; Tongzilin
     * southbound raised 09:20 and still open at 09:30 (the end of the log).
     */
    static String[] small() {
        return lines(
                (withTrain(
                        decision(
                                DecisionType.RAISED,
                                "nijiaqiao",
                                "southbound",
                                "08:05:30",
                                "08:05:30",
                                71,
                                71,
                                2,
                                "A"),
                        1,
                        "08:16:05")),
                (decision(
                        DecisionType.SUPPRESSED,
                        "huayang",
                        "northbound",
                        "08:13:25",
                        "08:13:25",
                        90,
                        90,
                        2,
                        "A")),
                (trains(
                        decision(
                                DecisionType.UPDATED,
                                "nijiaqiao",
                                "southbound",
                                "08:05:30",
                                "08:20:29",
                                957,
                                640,
                                7,
                                "D"),
                        1)),
                (withTrain(
                        decision(
                                DecisionType.UPDATED,
                                "nijiaqiao",
                                "southbound",
                                "08:05:30",
                                "08:21:05",
                                760,
                                700,
                                8,
                                "C"),
                        2,
                        "08:43:20")),
                (decision(
                        DecisionType.CLEARED,
                        "huayang",
                        "northbound",
                        "08:13:25",
                        "08:41:30",
                        187,
                        0,
                        0,
                        "A")),
                (trains(
                        decision(
                                DecisionType.CLEARED,
                                "nijiaqiao",
                                "southbound",
                                "08:05:30",
                                "08:45:00",
                                24,
                                0,
                                0,
                                "A"),
                        2)),
                (withTrain(
                        decision(
                                DecisionType.RAISED,
                                "tongzilin",
                                "southbound",
                                "09:20",
                                "09:20",
                                300,
                                120,
                                2,
                                "B"),
                        1,
                        "09:31:00")),
                (trains(
                        decision(
                                DecisionType.UPDATED,
                                "tongzilin",
                                "southbound",
                                "09:20",
                                "09:30",
                                1900,
                                400,
                                5,
                                "E"),
                        1)));
    }

    private static DispatchDecision trains(DispatchDecision d, int trainsSent) {
        d.trainsSent = trainsSent;
        return d;
    }
}
