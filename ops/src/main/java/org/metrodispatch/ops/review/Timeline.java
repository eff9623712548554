package org.metrodispatch.ops.review;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.truth.LevelOfService;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The decisions of a log in order, grouped into crowding episodes, and what to show of them: the
 * decisions of one station, of a time of day, and a summary per platform (station and direction).
 */
public final class Timeline {

    /** Which decisions to show: a station, and a time of day [from, to) in seconds. */
    public record Filter(String stationId, int fromSecond, int toSecond) {

        public static final Filter ALL = new Filter(null, 0, 86_400);

        boolean station(LoggedDecision d) {
            return stationId == null || stationId.equals(d.decision().stationId);
        }

        boolean time(int secondOfDay) {
            return secondOfDay >= fromSecond && secondOfDay < toSecond;
        }

        boolean matches(LoggedDecision d) {
            return station(d) && time(d.secondOfDay());
        }
    }

    /** One crowding episode: the decisions that carry one recommendation id, in order. */
    public record Episode(String id, List<LoggedDecision> decisions) {

        public LoggedDecision first() {
            return decisions.get(0);
        }

        public String stationId() {
            return first().decision().stationId;
        }

        public String direction() {
            return first().decision().direction;
        }

        public long start() {
            return first().decision().eventTime;
        }

        /** The CLEARED decision, if the episode is over. */
        public Optional<LoggedDecision> cleared() {
            return decisions.stream()
                    .filter(d -> d.decision().decision == DecisionType.CLEARED)
                    .findFirst();
        }

        /** When it ended: cleared, else (still open) the log's latest decision time. */
        public long end(long logEnd) {
            return cleared().map(d -> d.decision().eventTime).orElse(Math.max(logEnd, start()));
        }

        /** The decisions that sent an empty train. */
        public List<LoggedDecision> trains() {
            List<LoggedDecision> trains = new ArrayList<>();
            for (LoggedDecision d : decisions) {
                if (d.decision().emptyTrain != null) {
                    trains.add(d);
                }
            }
            return trains;
        }
    }

    /** The summary of one platform over the shown time. */
    public record PlatformSummary(
            String stationId,
            String direction,
            int episodes,
            long crowdedMillis,
            boolean open,
            int trains,
            int suppressed,
            String worstLevelOfService,
            int maxLeftBehind) {}

    private final List<LoggedDecision> decisions;
    private final Map<String, Episode> episodes;
    private final int duplicates;
    private final long logEnd;

    private Timeline(
            List<LoggedDecision> decisions,
            Map<String, Episode> episodes,
            int duplicates,
            long logEnd) {
        this.decisions = decisions;
        this.episodes = episodes;
        this.duplicates = duplicates;
        this.logEnd = logEnd;
    }

    /**
     * The decisions in the order they were logged. A decision logged twice (the same decision id: a
     * replay after a failover, or a log that holds the same run twice) is kept once; records of
     * schema version 1 have no id, and are the same decision with the same episode, decision, time
     * and trains.
     */
    public static Timeline of(List<LoggedDecision> logged) {
        List<LoggedDecision> decisions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        long logEnd = 0;
        for (LoggedDecision d : logged) {
            DispatchDecision x = d.decision();
            String key =
                    x.decisionId != null
                            ? x.decisionId
                            : x.recommendationId
                                    + " "
                                    + x.decision
                                    + " "
                                    + x.eventTime
                                    + " "
                                    + x.trainsSent;
            if (!seen.add(key)) {
                duplicates++;
                continue;
            }
            decisions.add(d);
            logEnd = Math.max(logEnd, x.eventTime);
        }
        Map<String, List<LoggedDecision>> byId = new LinkedHashMap<>();
        for (LoggedDecision d : decisions) {
            byId.computeIfAbsent(d.decision().recommendationId, id -> new ArrayList<>()).add(d);
        }
        Map<String, Episode> episodes = new LinkedHashMap<>();
        byId.forEach((id, list) -> episodes.put(id, new Episode(id, List.copyOf(list))));
        return new Timeline(Collections.unmodifiableList(decisions), episodes, duplicates, logEnd);
    }

    /** Every decision, in log order, without repeats. */
    public List<LoggedDecision> decisions() {
        return decisions;
    }

    /** Decisions left out because the log had them already. */
    public int duplicates() {
        return duplicates;
    }

    /** The latest decision time in the log: the end of episodes that are still open. */
    public long logEnd() {
        return logEnd;
    }

    public List<Episode> episodes() {
        return List.copyOf(episodes.values());
    }

    public Optional<Episode> episode(String id) {
        return Optional.ofNullable(episodes.get(id));
    }

    /** Episode ids that start with a prefix. */
    public List<String> episodeIdsStartingWith(String prefix) {
        List<String> ids = new ArrayList<>();
        for (String id : episodes.keySet()) {
            if (id.startsWith(prefix)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The stations that have decisions. */
    public Set<String> stations() {
        Set<String> stations = new TreeSet<>();
        for (LoggedDecision d : decisions) {
            stations.add(d.decision().stationId);
        }
        return stations;
    }

    /** The decisions to show, in log order. */
    public List<LoggedDecision> rows(Filter filter) {
        List<LoggedDecision> rows = new ArrayList<>();
        for (LoggedDecision d : decisions) {
            if (filter.matches(d)) {
                rows.add(d);
            }
        }
        return rows;
    }

    /**
     * A summary per platform over the filter's time of day, in the order the platforms first
     * crowded: episodes that overlap the time, how long the platform was crowded in it (from the
     * first decision of an episode to its CLEARED, or to the end of the log when still open), the
     * empty trains sent, the SUPPRESSED decisions, the worst level of service and the most
     * passengers left behind by one train that the decisions reported.
     */
    public List<PlatformSummary> summary(Filter filter) {
        Map<String, Accumulator> platforms = new LinkedHashMap<>();
        for (Episode episode : episodes.values()) {
            if (!filter.station(episode.first())) {
                continue;
            }
            int start = episode.first().secondOfDay();
            long startMillis = episode.start();
            long endMillis = episode.end(logEnd);
            // Times of day without wrapping at midnight: the end as seconds after the start's day.
            long end = start + (endMillis - startMillis) / 1000;
            long overlap =
                    Math.max(
                            0,
                            Math.min(end, filter.toSecond())
                                    - Math.max(start, filter.fromSecond()));
            boolean decidedInTime = false;
            for (LoggedDecision d : episode.decisions()) {
                decidedInTime |= filter.time(d.secondOfDay());
            }
            if (overlap == 0 && !decidedInTime) {
                continue;
            }
            Accumulator a =
                    platforms.computeIfAbsent(
                            episode.first().platform(),
                            p -> new Accumulator(episode.stationId(), episode.direction()));
            a.episodes++;
            a.crowdedMillis += overlap * 1000;
            a.open |= episode.cleared().isEmpty();
            for (LoggedDecision logged : episode.decisions()) {
                if (!filter.time(logged.secondOfDay())) {
                    continue;
                }
                DispatchDecision d = logged.decision();
                if (d.emptyTrain != null) {
                    a.trains++;
                }
                if (d.decision == DecisionType.SUPPRESSED) {
                    a.suppressed++;
                }
                if (d.evidence != null) {
                    a.maxLeftBehind = Math.max(a.maxLeftBehind, d.evidence.leftBehind);
                    a.worse(d.evidence.levelOfService);
                }
            }
        }
        List<PlatformSummary> summary = new ArrayList<>();
        for (Accumulator a : platforms.values()) {
            summary.add(
                    new PlatformSummary(
                            a.stationId,
                            a.direction,
                            a.episodes,
                            a.crowdedMillis,
                            a.open,
                            a.trains,
                            a.suppressed,
                            a.worst == null ? "-" : a.worst.name(),
                            a.maxLeftBehind));
        }
        return summary;
    }

    /** Decisions per type, for a one-line count. */
    public static Map<DecisionType, Integer> countByType(List<LoggedDecision> rows) {
        Map<DecisionType, Integer> counts = new TreeMap<>();
        for (LoggedDecision d : rows) {
            counts.merge(d.decision().decision, 1, Integer::sum);
        }
        return counts;
    }

    private static final class Accumulator {
        final String stationId;
        final String direction;
        int episodes;
        long crowdedMillis;
        boolean open;
        int trains;
        int suppressed;
        LevelOfService worst;
        int maxLeftBehind;

        Accumulator(String stationId, String direction) {
            this.stationId = stationId;
            this.direction = direction;
        }

        void worse(String level) {
            if (level == null) {
                return;
            }
            try {
                LevelOfService los = LevelOfService.parse(level);
                if (worst == null || los.atLeastAsBadAs(worst)) {
                    worst = los;
                }
            } catch (IllegalArgumentException e) {
                // An unknown level in a hand-written log: not worth failing the summary.
            }
        }
    }
}
