package org.metrodispatch.job;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.FeedAlertKind;
import org.metrodispatch.contract.decision.FeedAlertState;
import org.metrodispatch.contract.run.RunRecord;
import org.metrodispatch.job.io.ReplayIterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay read and what became of it, counted from its input and output files: records per
 * feed, dead letters by reason, late events, decisions by type. It also says when the replay could
 * not do its job (nothing to read, most records rejected, no train feed), so the command can fail
 * loudly instead of reporting "done".
 *
 * @param gateRecords lines in the gate feed
 * @param trainRecords lines in the train feed
 * @param deadLettersByReason dead letters per reason, sorted by reason
 * @param lateEvents events that came later than the watermark allowed
 * @param decisionsByType decisions per type
 * @param feedAlertsRaised feed alerts raised, per kind
 */
public record ReplaySummary(
        long gateRecords,
        long trainRecords,
        Map<String, Long> deadLettersByReason,
        long lateEvents,
        Map<DecisionType, Long> decisionsByType,
        Map<FeedAlertKind, Long> feedAlertsRaised) {

    /** The share of rejected records above which a replay has not done its job. */
    public static final double DEFAULT_MAX_REJECTED_SHARE = 0.5;

    private static final ObjectMapper JSON = new ObjectMapper();

    public ReplaySummary {
        deadLettersByReason = Collections.unmodifiableMap(new TreeMap<>(deadLettersByReason));
        decisionsByType = Collections.unmodifiableMap(new EnumMap<>(decisionsByType));
        feedAlertsRaised =
                Collections.unmodifiableMap(
                        feedAlertsRaised.isEmpty()
                                ? new EnumMap<>(FeedAlertKind.class)
                                : new EnumMap<>(feedAlertsRaised));
    }

    /** Counts a replay of {@code input} whose outputs are in {@code out}. */
    public static ReplaySummary read(Path input, Path out) throws IOException {
        Map<String, Long> reasons = new TreeMap<>();
        forEachLine(
                out.resolve(JobSinkSets.DEAD_LETTERS + ".jsonl"),
                line -> reasons.merge(field(line, "reason"), 1L, Long::sum));
        Map<DecisionType, Long> decisions = new EnumMap<>(DecisionType.class);
        forEachLine(
                out.resolve(JobSinkSets.DECISIONS + ".jsonl"),
                line ->
                        decisions.merge(
                                DecisionType.valueOf(field(line, "decision")), 1L, Long::sum));
        Map<FeedAlertKind, Long> alerts = new EnumMap<>(FeedAlertKind.class);
        forEachLine(
                out.resolve(JobSinkSets.FEED_HEALTH + ".jsonl"),
                line -> {
                    if (FeedAlertState.RAISED.name().equals(field(line, "feedAlert"))) {
                        alerts.merge(FeedAlertKind.valueOf(field(line, "kind")), 1L, Long::sum);
                    }
                });
        return new ReplaySummary(
                lines(input.resolve(ReplayIterator.GATE_FILE)),
                lines(input.resolve(ReplayIterator.TRAIN_FILE)),
                reasons,
                lines(out.resolve(JobSinkSets.LATE_EVENTS + ".jsonl")),
                decisions,
                alerts);
    }

    /** Puts the counts into a run record's outcome. */
    public void addTo(RunRecord record) {
        record.outcome("records", records())
                .outcome("gateRecords", gateRecords)
                .outcome("trainRecords", trainRecords)
                .outcome("deadLetters", deadLetters())
                .outcome("deadLettersByReason", deadLettersByReason)
                .outcome("lateEvents", lateEvents)
                .outcome("feedAlertsRaised", feedAlertsRaised)
                .outcome("decisions", decisionsByType);
    }

    public long records() {
        return gateRecords + trainRecords;
    }

    public long deadLetters() {
        long total = 0;
        for (long count : deadLettersByReason.values()) {
            total += count;
        }
        return total;
    }

    /**
     * Why the replay could not do its job; empty when it could.
     *
     * @param maxRejectedShare the share of dead letters above which the input was mostly rejected
     */
    public List<String> problems(double maxRejectedShare) {
        return problems(maxRejectedShare, false);
    }

    /**
     * Why the replay could not do its job; empty when it could.
     *
     * @param gatesOnly whether the input was declared to have no train feed (gate-only mode): then
     *     its absence is expected, not a failure
     */
    public List<String> problems(double maxRejectedShare, boolean gatesOnly) {
        List<String> problems = new ArrayList<>();
        if (records() == 0) {
            problems.add("the input holds no records");
            return problems;
        }
        if (deadLetters() > maxRejectedShare * records()) {
            problems.add(
                    String.format(
                            Locale.ROOT,
                            "%,d of %,d records (%.0f %%) were rejected, most as \"%s\": is the"
                                    + " input for this network?",
                            deadLetters(),
                            records(),
                            100.0 * deadLetters() / records(),
                            commonestReason()));
        }
        if (trainRecords == 0 && !gatesOnly) {
            problems.add(
                    "the input has no train feed ("
                            + ReplayIterator.TRAIN_FILE
                            + " missing or empty): without train loads nobody can be counted as"
                            + " left behind (--gates-only decides from the gates and the"
                            + " timetable alone, and says so in every decision)");
        }
        return problems;
    }

    /** A few lines for a person. */
    public String text() {
        StringBuilder text = new StringBuilder();
        text.append(
                String.format(
                        Locale.ROOT,
                        "Records read: %,d (gate feed %,d, train feed %,d)%n",
                        records(),
                        gateRecords,
                        trainRecords));
        text.append(String.format(Locale.ROOT, "Dead letters: %,d%n", deadLetters()));
        for (Map.Entry<String, Long> reason : deadLettersByReason.entrySet()) {
            text.append(
                    String.format(
                            Locale.ROOT, "  %,10d  %s%n", reason.getValue(), reason.getKey()));
        }
        text.append(String.format(Locale.ROOT, "Late events: %,d%n", lateEvents));
        text.append("Feed alerts raised:");
        if (feedAlertsRaised.isEmpty()) {
            text.append(" none");
        }
        for (Map.Entry<FeedAlertKind, Long> kind : feedAlertsRaised.entrySet()) {
            text.append(String.format(Locale.ROOT, " %s %,d", kind.getKey(), kind.getValue()));
        }
        text.append(System.lineSeparator());
        text.append("Decisions:");
        if (decisionsByType.isEmpty()) {
            text.append(" none");
        }
        for (Map.Entry<DecisionType, Long> type : decisionsByType.entrySet()) {
            text.append(String.format(Locale.ROOT, " %s %,d", type.getKey(), type.getValue()));
        }
        return text.append(System.lineSeparator()).toString();
    }

    private String commonestReason() {
        String commonest = "";
        long most = -1;
        for (Map.Entry<String, Long> reason : deadLettersByReason.entrySet()) {
            if (reason.getValue() > most) {
                most = reason.getValue();
                commonest = reason.getKey();
            }
        }
        return commonest;
    }

    private static String field(String line, String name) throws IOException {
        JsonNode node = JSON.readTree(line);
        return node.path(name).asText("");
    }

    /** Lines of a file; 0 when it does not exist. */
    private static long lines(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        long lines = 0;
        boolean pending = false;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                        pending = false;
                    } else {
                        pending = true;
                    }
                }
            }
        }
        return pending ? lines + 1 : lines;
    }

    private interface LineAction {
        void accept(String line) throws IOException;
    }

    private static void forEachLine(Path file, LineAction action) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    action.accept(line);
                }
            }
        }
    }
}
