package org.metrodispatch.ops.review;

import org.metrodispatch.contract.decision.CrowdingEvidence;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.EmptyTrainPlan;
import org.metrodispatch.contract.truth.EpisodeRules;
import org.metrodispatch.contract.truth.GroundTruth;
import org.metrodispatch.contract.truth.LevelOfService;
import org.metrodispatch.contract.truth.Platform;
import org.metrodispatch.contract.truth.PlatformHistory;
import org.metrodispatch.contract.truth.TruthEpisode;
import org.metrodispatch.contract.truth.TruthEpisodes;

import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The full story of one crowding episode: the evidence of the windows that raised it, what followed
 * (updates, more empty trains, clearing) and, with the simulator's ground truth of the same run,
 * what really happened on that platform around it.
 */
public final class Explainer {

    /** How far around the episode the ground truth is shown. */
    static final long TRUTH_MARGIN_MILLIS = 10 * 60_000L;

    /** How far before the first decision the job's windows are shown. */
    static final long WINDOWS_BEFORE_MILLIS = 3 * 60_000L;

    private final PrintWriter out;
    private final ZoneOffset offset;

    private Explainer(PrintWriter out, ZoneOffset offset) {
        this.out = out;
        this.offset = offset;
    }

    /**
     * The ground truth to compare with.
     *
     * @param file its file, for the reader
     * @param groundTruth what it says about the episode's platform
     * @param rules when the ground truth counts as crowded: the evaluation's definition
     * @param jobClearHoldMillis how long the job waits for calm before it clears, to explain its
     *     lag
     */
    public record Truth(
            String file, GroundTruth groundTruth, EpisodeRules rules, long jobClearHoldMillis) {}

    /** The job's windows of the platform: their file, and the windows. */
    public record Windows(String file, PlatformWindows platform) {}

    public static void explain(
            Timeline.Episode episode, long logEnd, Windows windows, Truth truth, PrintWriter out) {
        new Explainer(out, episode.first().offset()).story(episode, logEnd, windows, truth);
        out.flush();
    }

    private void story(Timeline.Episode episode, long logEnd, Windows windows, Truth truth) {
        LoggedDecision first = episode.first();
        DispatchDecision d0 = first.decision();
        long start = episode.start();
        long end = episode.end(logEnd);
        boolean cleared = episode.cleared().isPresent();
        out.println(
                "Episode "
                        + episode.id()
                        + ": "
                        + d0.stationId
                        + " "
                        + d0.direction
                        + (d0.lineId == null ? "" : ", line " + d0.lineId));
        Map<DecisionType, Integer> counts = Timeline.countByType(episode.decisions());
        out.println(
                "  "
                        + (d0.decision == DecisionType.SUPPRESSED ? "suppressed " : "raised ")
                        + time(start)
                        + (cleared
                                ? ", cleared "
                                        + time(end)
                                        + ": crowded "
                                        + Times.duration(end - start)
                                : ", still open at the end of the log ("
                                        + time(logEnd)
                                        + "): crowded "
                                        + Times.duration(end - start)
                                        + " so far")
                        + "; "
                        + plural(episode.trains().size(), "empty train")
                        + "; "
                        + plural(episode.decisions().size(), "decision")
                        + " ("
                        + counts.entrySet().stream()
                                .map(e -> e.getValue() + " " + e.getKey())
                                .collect(Collectors.joining(", "))
                        + ")");
        out.println();
        out.println("What raised it: " + headline(first));
        evidence(d0, "  ");
        if (windows != null) {
            List<PlatformWindows.Window> before =
                    windows.platform().endingBetween(start - WINDOWS_BEFORE_MILLIS, start + 30_000);
            out.println();
            if (before.isEmpty()) {
                out.println(
                        "The job's windows (" + windows.file() + "): none around " + time(start));
            } else {
                out.println("The job's windows before it (" + windows.file() + "):");
                windowTable(before);
            }
        }
        out.println();
        if (episode.decisions().size() == 1) {
            out.println("What followed: nothing yet.");
        } else {
            out.println("What followed:");
            for (LoggedDecision d : episode.decisions().subList(1, episode.decisions().size())) {
                out.println("  " + headline(d));
                evidence(d.decision(), "      ");
            }
            if (!cleared) {
                out.println("  (not cleared by the end of the log, " + time(logEnd) + ")");
            }
        }
        if (truth != null) {
            out.println();
            truth(episode, start, end, cleared, windows, truth);
        }
    }

    private String headline(LoggedDecision logged) {
        DispatchDecision d = logged.decision();
        return time(d.eventTime)
                + " "
                + d.decision
                + ": "
                + (d.reason == null ? "(no reason given)" : d.reason);
    }

    private void evidence(DispatchDecision d, String indent) {
        CrowdingEvidence e = d.evidence;
        if (e != null) {
            out.println(
                    indent
                            + "window "
                            + time(e.windowStart)
                            + "-"
                            + time(e.windowEnd)
                            + ": "
                            + e.windowEntries
                            + " entries, "
                            + e.windowExits
                            + " exits at the station");
            String lastTrain =
                    e.lastTrainId == null
                            ? "no train yet"
                            : e.lastTrainId
                                    + " (left "
                                    + time(e.lastDepartureTime)
                                    + " with "
                                    + e.lastTrainLoad
                                    + " of "
                                    + e.lastTrainCapacity
                                    + ")";
            out.println(
                    indent
                            + "about "
                            + Math.round(e.waitingEstimate)
                            + " waiting; "
                            + e.leftBehind
                            + " left behind by "
                            + lastTrain
                            + ", "
                            + plural(e.consecutiveLeftBehind, "departure")
                            + " in a row left passengers behind");
            out.println(
                    indent
                            + String.format(Locale.ROOT, "%.3f", e.densityM2PerPerson)
                            + " m² per waiting person (LOS "
                            + e.levelOfService
                            + "); severity "
                            + String.format(Locale.ROOT, "%.3f", d.severity)
                            + " waiting per m²");
        }
        EmptyTrainPlan t = d.emptyTrain;
        if (t != null) {
            out.println(
                    indent
                            + "empty train "
                            + t.sequence
                            + ": from "
                            + (t.poolName == null ? t.poolId : t.poolName + " (" + t.poolId + ")")
                            + ", leaves "
                            + t.fromStationId
                            + " "
                            + time(t.leaveAt)
                            + (t.runsEmptyVia.length == 0
                                    ? ""
                                    : ", runs empty via " + String.join(", ", t.runsEmptyVia))
                            + ", arrives "
                            + time(t.arriveAt)
                            + " and serves "
                            + t.startsServiceAt
                            + " to "
                            + t.serviceTerminus);
            out.println(
                    indent
                            + "  the spare train is back at its pool "
                            + time(t.spareReturnsAt)
                            + "; "
                            + plural(t.sparesLeftAtPool, "spare")
                            + " left there");
        }
    }

    private void windowTable(List<PlatformWindows.Window> windows) {
        ReviewFormat.Table table =
                new ReviewFormat.Table(
                        new ReviewFormat.Table.Column[] {
                            new ReviewFormat.Table.Column("  window", false, 0),
                            new ReviewFormat.Table.Column("entries", true, 0),
                            new ReviewFormat.Table.Column("exits", true, 0),
                            new ReviewFormat.Table.Column("waiting", true, 0),
                            new ReviewFormat.Table.Column("left behind", true, 0),
                            new ReviewFormat.Table.Column("m² each", true, 0),
                            new ReviewFormat.Table.Column("LOS", false, 0),
                            new ReviewFormat.Table.Column("crowded", false, 0)
                        },
                        true);
        for (PlatformWindows.Window w : windows) {
            table.add(
                    "  " + time(w.start()) + "-" + time(w.end()),
                    Integer.toString(w.entries()),
                    Integer.toString(w.exits()),
                    Long.toString(w.waiting()),
                    w.leftBehind() + " x" + w.consecutiveLeftBehind(),
                    String.format(Locale.ROOT, "%.3f", w.density()),
                    w.los(),
                    w.crowded() ? "yes" : "no");
        }
        table.print(out, true);
    }

    /**
     * What really happened around the episode: when the platform was crowded by the evaluation's
     * definition and how the job compares, the peak, and every departure.
     */
    private void truth(
            Timeline.Episode episode,
            long start,
            long end,
            boolean cleared,
            Windows windows,
            Truth truth) {
        long from = start - TRUTH_MARGIN_MILLIS;
        long to = end + TRUTH_MARGIN_MILLIS;
        out.println(
                "What really happened ("
                        + truth.file()
                        + ", "
                        + time(from)
                        + "-"
                        + time(to)
                        + "):");
        Platform platform = new Platform(episode.stationId(), episode.direction());
        PlatformHistory history = truth.groundTruth().platform(platform);
        if (history.isEmpty()) {
            out.println("  nothing about " + platform + " in the ground truth (another run?)");
            return;
        }
        List<PlatformHistory.Minute> minutes = history.minutesBetween(from, to);
        List<PlatformHistory.Departure> departures = history.departuresBetween(from, to);
        if (minutes.isEmpty() && departures.isEmpty()) {
            out.println("  the ground truth has no minute of this time (another run?)");
            return;
        }
        List<TruthEpisode> crowding = crowdedEpisodes(platform, history, from, to, truth.rules());
        if (!crowding.isEmpty()) {
            jobAgainstTruth(episode, start, end, cleared, crowding.get(0), truth);
        }
        peak(minutes, windows);
        departures(episode, departures);
        if (!departures.isEmpty() && truth.groundTruth().unreadableLines() > 0) {
            out.println(
                    "  ("
                            + plural(truth.groundTruth().unreadableLines(), "unreadable line")
                            + " skipped)");
        }
    }

    /**
     * Prints and returns the ground-truth episodes of the platform that overlap {@code [from, to]}.
     * The whole history counts, so an episode that began earlier is seen.
     */
    private List<TruthEpisode> crowdedEpisodes(
            Platform platform, PlatformHistory history, long from, long to, EpisodeRules rules) {
        List<TruthEpisode> crowding = new ArrayList<>();
        for (TruthEpisode e : new TruthEpisodes(rules).find(platform, history)) {
            if (e.onset() <= to && e.end() >= from) {
                crowding.add(e);
            }
        }
        if (crowding.isEmpty()) {
            out.println(
                    "  not crowded by the evaluation's definition ("
                            + rules.minLeftBehind()
                            + " or more passengers left behind on "
                            + rules.leftBehindDepartures()
                            + " departures in a row, or level of service "
                            + rules.losAtOrWorse()
                            + " or worse for "
                            + plural(rules.losMinutes(), "minute")
                            + " in a row)");
        }
        for (TruthEpisode e : crowding) {
            String why =
                    e.byLeftBehind()
                            ? rules.leftBehindDepartures()
                                    + " departures in a row left passengers behind, "
                                    + rules.minLeftBehind()
                                    + " or more each"
                            : plural(rules.losMinutes(), "minute")
                                    + " in a row at level of service "
                                    + rules.losAtOrWorse()
                                    + " or worse";
            out.println(
                    "  crowded from "
                            + time(e.onset())
                            + " ("
                            + why
                            + ")"
                            + (e.end() == TruthEpisodes.END_OF_HISTORY
                                    ? ", still at the end of the ground truth"
                                    : " until " + time(e.end())));
        }
        return crowding;
    }

    /** When the job raised and cleared the episode, against the first ground-truth episode. */
    private void jobAgainstTruth(
            Timeline.Episode episode,
            long start,
            long end,
            boolean cleared,
            TruthEpisode crowded,
            Truth truth) {
        String raised =
                (episode.first().decision().decision == DecisionType.SUPPRESSED
                                ? "  the job saw it "
                                : "  the job raised it ")
                        + Times.difference(start - crowded.onset());
        if (cleared && crowded.end() != TruthEpisodes.END_OF_HISTORY) {
            raised +=
                    " and cleared it "
                            + Times.difference(end - crowded.end())
                            + " (it waits for "
                            + Times.duration(truth.jobClearHoldMillis())
                            + " of calm)";
        }
        out.println(raised);
    }

    /** The most waiting in the time shown, with the job's estimate then. */
    private void peak(List<PlatformHistory.Minute> minutes, Windows windows) {
        PlatformHistory.Minute peak = null;
        for (PlatformHistory.Minute m : minutes) {
            if (peak == null || m.waiting() > peak.waiting()) {
                peak = m;
            }
        }
        if (peak == null) {
            return;
        }
        String estimate = "";
        if (windows != null) {
            PlatformWindows.Window w = windows.platform().at(peak.time());
            if (w != null) {
                estimate = "; the job estimated " + w.waiting() + " then";
            }
        }
        // The area is fixed: the most waiting is the worst density and level of service.
        out.println(
                "  peak waiting "
                        + peak.waiting()
                        + " at "
                        + time(peak.time())
                        + ": "
                        + String.format(Locale.ROOT, "%.3f", peak.densityM2PerPerson())
                        + " m² per person, level of service "
                        + peak.los()
                        + estimate);
        out.println("  " + levelMinutes(minutes, peak.los()));
    }

    /** Every departure in the time shown, whom it left behind, and the decisions beside it. */
    private void departures(Timeline.Episode episode, List<PlatformHistory.Departure> departures) {
        if (departures.isEmpty()) {
            out.println("  no departures in this time");
            return;
        }
        int total = 0;
        int withLeftBehind = 0;
        for (PlatformHistory.Departure d : departures) {
            total += d.leftBehind();
            withLeftBehind += d.leftBehind() > 0 ? 1 : 0;
        }
        out.println(
                "  departures: "
                        + departures.size()
                        + ", "
                        + withLeftBehind
                        + " of them left "
                        + total
                        + " passengers behind in all");
        ReviewFormat.Table table =
                new ReviewFormat.Table(
                        new ReviewFormat.Table.Column[] {
                            new ReviewFormat.Table.Column("    left at", false, 0),
                            new ReviewFormat.Table.Column("train", false, 0),
                            new ReviewFormat.Table.Column("alighted", true, 0),
                            new ReviewFormat.Table.Column("boarded", true, 0),
                            new ReviewFormat.Table.Column("left behind", true, 0),
                            new ReviewFormat.Table.Column("load", true, 0),
                            new ReviewFormat.Table.Column("", false, 0)
                        },
                        true);
        long previous = departures.get(0).time() - 150_000; // about one headway
        for (PlatformHistory.Departure d : departures) {
            table.add(
                    "    " + time(d.time()),
                    d.trainId(),
                    Integer.toString(d.alighted()),
                    Integer.toString(d.boarded()),
                    Integer.toString(d.leftBehind()),
                    d.load() + "/" + d.capacity(),
                    marks(episode, previous, d.time()));
            previous = d.time();
        }
        table.print(out, true);
    }

    /** How long the platform was at its worst level, and between which minutes. */
    private String levelMinutes(List<PlatformHistory.Minute> minutes, LevelOfService worst) {
        long first = 0;
        long last = 0;
        int count = 0;
        for (PlatformHistory.Minute m : minutes) {
            if (m.los() == worst) {
                if (count == 0) {
                    first = m.time();
                }
                last = m.time();
                count++;
            }
        }
        String level = "level of service " + worst + " in " + plural(count, "minute");
        return count == 1
                ? level + " (" + time(first) + ")"
                : level + " between " + time(first) + " and " + time(last);
    }

    /** Notes beside a departure: the decisions and empty trains since the previous one. */
    private String marks(Timeline.Episode episode, long previous, long departure) {
        StringBuilder marks = new StringBuilder();
        for (LoggedDecision logged : episode.decisions()) {
            DispatchDecision d = logged.decision();
            if (d.eventTime > previous && d.eventTime <= departure) {
                marks.append(marks.length() == 0 ? "" : ", ").append(d.decision);
            }
            if (d.emptyTrain != null
                    && d.emptyTrain.arriveAt > previous
                    && d.emptyTrain.arriveAt <= departure) {
                marks.append(marks.length() == 0 ? "" : ", ")
                        .append("empty train ")
                        .append(d.emptyTrain.sequence)
                        .append(" due ")
                        .append(time(d.emptyTrain.arriveAt));
            }
        }
        return marks.length() == 0 ? "" : "<- " + marks;
    }

    private String time(long epochMillis) {
        return Times.hhmmss(epochMillis, offset);
    }

    private static String plural(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }
}
