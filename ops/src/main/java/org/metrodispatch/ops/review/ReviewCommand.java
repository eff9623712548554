package org.metrodispatch.ops.review;

import org.metrodispatch.contract.cli.TimeOfDay;
import org.metrodispatch.contract.cli.TimeWindowOptions;
import org.metrodispatch.contract.cli.UserError;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** {@code metro-dispatch review}: the timeline of the dispatch decisions and a summary. */
@Command(
        name = "review",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        subcommands = ExplainCommand.class,
        description = {
            "Review the dispatch decisions: a timeline, one line per decision (time, platform,"
                    + " decision, estimated waiting, left behind by the last train and how many"
                    + " departures in a row, density and level of service, the depot or siding the"
                    + " empty train comes from and when it arrives, the episode), then a summary per"
                    + " station and direction (episodes, how long crowded, empty trains,"
                    + " SUPPRESSED decisions).",
            "Reads the decision log as the job writes it, also while it is being written; a line"
                    + " that is not a decision is reported with its line number and skipped.",
            "'review explain ID' tells the full story of one episode."
        },
        footer = {
            "",
            "Examples:",
            "  metro-dispatch review --decisions runs/peak/job/decisions.jsonl",
            "  metro-dispatch review --decisions runs/peak --station nijiaqiao --to 09:00",
            "  metro-dispatch review --kafka localhost:9092 --format json",
            "  metro-dispatch review --follow",
            "  metro-dispatch review explain nijiaqiao-southbound --decisions runs/peak"
        })
public final class ReviewCommand implements Callable<Integer> {

    @Mixin DecisionSource source = new DecisionSource();

    @Option(
            names = "--station",
            paramLabel = "ID",
            description = "Only this station's decisions (a station id, e.g. nijiaqiao).")
    String station;

    @Mixin TimeWindowOptions window = new TimeWindowOptions();

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            converter = ReviewFormat.Converter.class,
            description =
                    "table (default; the timeline, then the summary), json (the decisions as the"
                            + " decision log has them, one a line; with --summary the summary) or"
                            + " csv (the timeline; with --summary the summary).")
    ReviewFormat format = ReviewFormat.TABLE;

    @Option(names = "--summary", description = "Only the summary per station and direction.")
    boolean summaryOnly;

    @Option(
            names = "--follow",
            description =
                    "Keep reading the decision log as the job appends to it and print each new"
                            + " decision (no summary); stop with Ctrl-C.")
    boolean follow;

    @Option(
            names = "--poll",
            paramLabel = "MILLIS",
            defaultValue = "1000",
            hidden = true,
            description = "How often --follow looks at the log.")
    long pollMillis = 1000;

    @Spec CommandSpec spec;

    /** Tests stop a follow with this; null: until the process ends. */
    BooleanSupplier keepFollowing;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Timeline.Filter filter = filter();
        if (follow) {
            return follow(filter, out, err);
        }
        DecisionLogReader.Batch batch = source.read();
        report(batch, err);
        Timeline timeline = Timeline.of(batch.decisions());
        if (timeline.duplicates() > 0) {
            err.println(
                    name()
                            + ": "
                            + timeline.duplicates()
                            + " decisions appear twice in the log (written again after a failover,"
                            + " or the same run logged twice?);"
                            + " shown once");
        }
        List<LoggedDecision> rows = timeline.rows(filter);
        if (station != null && !timeline.stations().contains(station)) {
            err.println(
                    name()
                            + ": no decisions about station '"
                            + station
                            + "' in "
                            + source.describe()
                            + (timeline.stations().isEmpty()
                                    ? ""
                                    : " (stations with decisions: "
                                            + String.join(", ", timeline.stations())
                                            + ")"));
        }
        List<Timeline.PlatformSummary> summary = timeline.summary(filter);
        if (format == ReviewFormat.TABLE) {
            out.println(heading(rows, timeline));
            if (!summaryOnly) {
                out.println();
                format.timeline(rows, out);
                out.println();
            }
            out.println("Summary per station and direction:");
            format.summary(summary, out);
        } else if (summaryOnly) {
            format.summary(summary, out);
        } else {
            format.timeline(rows, out);
        }
        out.flush();
        return 0;
    }

    private String heading(List<LoggedDecision> rows, Timeline timeline) {
        StringBuilder heading = new StringBuilder("Decisions in " + source.describe());
        if (station != null || window.given()) {
            heading.append(" (");
            heading.append(station == null ? "" : "station " + station);
            if (window.given()) {
                heading.append(station == null ? "" : ", ")
                        .append(TimeOfDay.format(window.fromOr(0)))
                        .append("-")
                        .append(TimeOfDay.format(window.toOr(86_400)));
            }
            heading.append(")");
        }
        heading.append(": ").append(rows.size());
        if (!rows.isEmpty()) {
            heading.append(" (")
                    .append(
                            Timeline.countByType(rows).entrySet().stream()
                                    .map(e -> e.getValue() + " " + e.getKey())
                                    .collect(Collectors.joining(", ")))
                    .append(")");
        }
        return heading.toString();
    }

    private Timeline.Filter filter() {
        int fromSecond = window.fromOr(0);
        int toSecond = window.toOr(86_400);
        if (fromSecond >= toSecond) {
            throw new UserError(
                    "--from "
                            + TimeOfDay.format(fromSecond)
                            + " is not before --to "
                            + TimeOfDay.format(toSecond));
        }
        return new Timeline.Filter(station, fromSecond, toSecond);
    }

    private int follow(Timeline.Filter filter, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        source.check();
        if (source.isKafka()) {
            throw new UserError("--follow reads a decision log file, not --kafka");
        }
        if (summaryOnly) {
            throw new UserError("--follow prints decisions as they come, not a --summary");
        }
        DecisionLogReader reader = new DecisionLogReader(source.file());
        err.println(name() + ": following " + reader.file() + " (Ctrl-C to stop)");
        format.timelineHeader(out);
        boolean header = true;
        while (true) {
            DecisionLogReader.Batch batch = reader.readNew();
            report(batch, err);
            List<LoggedDecision> rows = Timeline.of(batch.decisions()).rows(filter);
            if (!rows.isEmpty()) {
                format.timelineRows(rows, out, header);
                header = false;
            }
            if (keepFollowing != null && !keepFollowing.getAsBoolean()) {
                return 0;
            }
            Thread.sleep(pollMillis);
        }
    }

    private void report(DecisionLogReader.Batch batch, PrintWriter err) {
        String where = source.describe();
        for (String note : batch.notes()) {
            err.println(name() + ": " + where + ": " + note);
        }
        for (LogProblem problem : batch.problems()) {
            err.println(name() + ": " + where + ": " + problem + " (skipped)");
        }
        err.flush();
    }

    private String name() {
        return spec.qualifiedName();
    }
}
