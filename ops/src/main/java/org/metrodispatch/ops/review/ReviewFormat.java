package org.metrodispatch.ops.review;

import org.metrodispatch.contract.decision.CrowdingEvidence;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.EmptyTrainPlan;
import org.metrodispatch.contract.json.JsonBytes;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the review prints: an aligned table for people (local times HH:MM:SS), JSON lines or CSV (a
 * header, then rows) for other tools. JSON is the decision log's own schema: each decision is
 * written as the record the job wrote, one a line; the summary's objects ({@code
 * "record":"summary"}) come only with {@code --summary}.
 */
public enum ReviewFormat {
    TABLE,
    JSON,
    CSV;

    /** Reads {@code table}, {@code json} or {@code csv}, in any case. */
    public static final class Converter implements CommandLine.ITypeConverter<ReviewFormat> {
        @Override
        public ReviewFormat convert(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a format: table, json or csv");
            }
        }
    }

    static final String[] TIMELINE_COLUMNS = {
        "time",
        "stationId",
        "direction",
        "decision",
        "waitingEstimate",
        "leftBehind",
        "consecutiveLeftBehind",
        "densityM2PerPerson",
        "levelOfService",
        "trainFrom",
        "trainFromStation",
        "trainLeaves",
        "trainArrives",
        "trainsSent",
        "severity",
        "recommendationId",
        "reason"
    };

    static final String[] SUMMARY_COLUMNS = {
        "stationId",
        "direction",
        "episodes",
        "crowdedSeconds",
        "open",
        "trains",
        "suppressed",
        "worstLevelOfService",
        "maxLeftBehind"
    };

    private static final Table.Column[] TABLE_TIMELINE = {
        new Table.Column("time", false, 8),
        new Table.Column("station", false, 23),
        new Table.Column("direction", false, 10),
        new Table.Column("decision", false, 10),
        new Table.Column("waiting", true, 7),
        new Table.Column("left behind", true, 11),
        new Table.Column("m² each", true, 7),
        new Table.Column("LOS", false, 3),
        new Table.Column("empty train from", false, 24),
        new Table.Column("arrives", false, 8),
        new Table.Column("episode", false, 0)
    };

    private static final Table.Column[] TABLE_SUMMARY = {
        new Table.Column("station", false, 0),
        new Table.Column("direction", false, 0),
        new Table.Column("episodes", true, 0),
        new Table.Column("crowded", true, 0),
        new Table.Column("trains", true, 0),
        new Table.Column("suppressed", true, 0),
        new Table.Column("worst LOS", false, 0),
        new Table.Column("max left behind", true, 0)
    };

    /** Writes the header of the timeline, if the format has one. */
    void timelineHeader(PrintWriter out) {
        if (this == CSV) {
            out.println(Csv.line(Arrays.asList(TIMELINE_COLUMNS)));
        }
    }

    /** Writes timeline rows one by one as they come (following a log): fixed table widths. */
    void timelineRows(List<LoggedDecision> rows, PrintWriter out, boolean withTableHeader) {
        if (this == TABLE) {
            Table table = new Table(TABLE_TIMELINE, false);
            for (LoggedDecision d : rows) {
                table.add(tableRow(d));
            }
            table.print(out, withTableHeader);
        } else {
            for (LoggedDecision d : rows) {
                // JSON: the record as the job wrote it, so the review has one schema with the log.
                out.println(this == JSON ? d.record() : Csv.line(values(d)));
            }
        }
        out.flush();
    }

    /** Writes a whole timeline: header, rows (a table fitted to them). */
    void timeline(List<LoggedDecision> rows, PrintWriter out) {
        if (this == TABLE) {
            if (rows.isEmpty()) {
                out.println("No decisions.");
                return;
            }
            Table table = new Table(TABLE_TIMELINE, true);
            for (LoggedDecision d : rows) {
                table.add(tableRow(d));
            }
            table.print(out, true);
        } else {
            timelineHeader(out);
            timelineRows(rows, out, false);
        }
        out.flush();
    }

    /** Writes the summary per platform (CSV: with its own header, as a table of its own). */
    void summary(List<Timeline.PlatformSummary> summary, PrintWriter out) {
        switch (this) {
            case TABLE:
                if (summary.isEmpty()) {
                    out.println("No crowding episodes.");
                    break;
                }
                Table table = new Table(TABLE_SUMMARY, true);
                int episodes = 0;
                long crowded = 0;
                boolean open = false;
                int trains = 0;
                int suppressed = 0;
                for (Timeline.PlatformSummary s : summary) {
                    table.add(
                            s.stationId(),
                            s.direction(),
                            Integer.toString(s.episodes()),
                            crowded(s.crowdedMillis(), s.open()),
                            Integer.toString(s.trains()),
                            Integer.toString(s.suppressed()),
                            s.worstLevelOfService(),
                            Integer.toString(s.maxLeftBehind()));
                    episodes += s.episodes();
                    crowded += s.crowdedMillis();
                    open |= s.open();
                    trains += s.trains();
                    suppressed += s.suppressed();
                }
                if (summary.size() > 1) {
                    table.add(
                            "all",
                            "",
                            Integer.toString(episodes),
                            crowded(crowded, open),
                            Integer.toString(trains),
                            Integer.toString(suppressed),
                            "",
                            "");
                }
                table.print(out, true);
                break;
            case JSON:
                for (Timeline.PlatformSummary s : summary) {
                    out.println(
                            new JsonBytes()
                                    .beginObject()
                                    .field("record", "summary")
                                    .field("stationId", s.stationId())
                                    .field("direction", s.direction())
                                    .field("episodes", s.episodes())
                                    .field("crowdedSeconds", Math.round(s.crowdedMillis() / 1000.0))
                                    .field("open", s.open())
                                    .field("trains", s.trains())
                                    .field("suppressed", s.suppressed())
                                    .field("worstLevelOfService", s.worstLevelOfService())
                                    .field("maxLeftBehind", s.maxLeftBehind())
                                    .endObject());
                }
                break;
            case CSV:
                out.println(Csv.line(Arrays.asList(SUMMARY_COLUMNS)));
                for (Timeline.PlatformSummary s : summary) {
                    out.println(
                            Csv.line(
                                    List.of(
                                            s.stationId(),
                                            s.direction(),
                                            Integer.toString(s.episodes()),
                                            Long.toString(Math.round(s.crowdedMillis() / 1000.0)),
                                            Boolean.toString(s.open()),
                                            Integer.toString(s.trains()),
                                            Integer.toString(s.suppressed()),
                                            s.worstLevelOfService(),
                                            Integer.toString(s.maxLeftBehind()))));
                }
                break;
            default:
                throw new IllegalStateException(name());
        }
        out.flush();
    }

    private static String crowded(long millis, boolean open) {
        return open ? Times.duration(millis) + "+ (open)" : Times.duration(millis);
    }

    private static String[] tableRow(LoggedDecision logged) {
        DispatchDecision d = logged.decision();
        CrowdingEvidence e = d.evidence;
        EmptyTrainPlan t = d.emptyTrain;
        return new String[] {
            Times.hhmmss(d.eventTime, logged.offset()),
            d.stationId,
            d.direction,
            d.decision.name(),
            e == null ? "-" : Long.toString(Math.round(e.waitingEstimate)),
            e == null ? "-" : e.leftBehind + " x" + e.consecutiveLeftBehind,
            e == null ? "-" : String.format(Locale.ROOT, "%.3f", e.densityM2PerPerson),
            e == null || e.levelOfService == null ? "-" : e.levelOfService,
            t == null ? "-" : t.poolId,
            t == null ? "-" : Times.hhmmss(t.arriveAt, logged.offset()),
            d.recommendationId
        };
    }

    /** The timeline columns of a decision, as CSV writes them. */
    static List<String> values(LoggedDecision logged) {
        DispatchDecision d = logged.decision();
        CrowdingEvidence e = d.evidence;
        EmptyTrainPlan t = d.emptyTrain;
        List<String> v = new ArrayList<>();
        v.add(Times.iso(d.eventTime, logged.offset()));
        v.add(d.stationId);
        v.add(d.direction);
        v.add(d.decision.name());
        v.add(e == null ? "" : Long.toString(Math.round(e.waitingEstimate)));
        v.add(e == null ? "" : Integer.toString(e.leftBehind));
        v.add(e == null ? "" : Integer.toString(e.consecutiveLeftBehind));
        v.add(e == null ? "" : String.format(Locale.ROOT, "%.3f", e.densityM2PerPerson));
        v.add(e == null || e.levelOfService == null ? "" : e.levelOfService);
        v.add(t == null ? "" : t.poolId);
        v.add(t == null ? "" : t.fromStationId);
        v.add(t == null ? "" : Times.iso(t.leaveAt, logged.offset()));
        v.add(t == null ? "" : Times.iso(t.arriveAt, logged.offset()));
        v.add(Integer.toString(d.trainsSent));
        v.add(String.format(Locale.ROOT, "%.3f", d.severity));
        v.add(d.recommendationId);
        v.add(d.reason == null ? "" : d.reason);
        return v;
    }

    /** RFC 4180 fields: quoted when they hold a comma, a quote or a line end. */
    static final class Csv {
        private Csv() {}

        static String line(List<String> values) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                String v = values.get(i) == null ? "" : values.get(i);
                if (v.indexOf(',') >= 0
                        || v.indexOf('"') >= 0
                        || v.indexOf('\n') >= 0
                        || v.indexOf('\r') >= 0) {
                    line.append('"').append(v.replace("\"", "\"\"")).append('"');
                } else {
                    line.append(v);
                }
            }
            return line.toString();
        }
    }

    /** An aligned text table: columns as wide as their widest cell (or a fixed minimum). */
    static final class Table {
        record Column(String header, boolean right, int minWidth) {}

        private final Column[] columns;
        private final boolean fit;
        private final List<String[]> rows = new ArrayList<>();

        /**
         * @param fit widen columns to their content; else keep the minimum widths, so rows printed
         *     at different times (a followed log) line up
         */
        Table(Column[] columns, boolean fit) {
            this.columns = columns;
            this.fit = fit;
        }

        void add(String... cells) {
            rows.add(cells);
        }

        void print(PrintWriter out, boolean header) {
            int[] widths = new int[columns.length];
            for (int c = 0; c < columns.length; c++) {
                widths[c] = Math.max(columns[c].minWidth(), columns[c].header().length());
                if (fit) {
                    widths[c] = columns[c].header().length();
                    for (String[] row : rows) {
                        widths[c] = Math.max(widths[c], row[c].length());
                    }
                }
            }
            if (header) {
                String[] headers = new String[columns.length];
                for (int c = 0; c < columns.length; c++) {
                    headers[c] = columns[c].header();
                }
                out.println(line(headers, widths));
            }
            for (String[] row : rows) {
                out.println(line(row, widths));
            }
        }

        private String line(String[] cells, int[] widths) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns.length; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String cell = cells[c];
                int pad = Math.max(0, widths[c] - cell.length());
                if (columns[c].right()) {
                    line.append(" ".repeat(pad)).append(cell);
                } else if (c == columns.length - 1) {
                    line.append(cell);
                } else {
                    line.append(cell).append(" ".repeat(pad));
                }
            }
            return line.toString().stripTrailing();
        }
    }
}
