package org.metrodispatch.ops.review;

import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.ops.OpsMain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code metro-dispatch review} as a user runs it: the three formats, filters, a log with bad
 * lines, following a log, and mistakes that exit with 2.
 */
class ReviewCommandTest {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return run(CommandLines.create(new OpsMain()), args);
    }

    private int run(CommandLine line, String... args) {
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    private Path log(String... lines) throws IOException {
        Path file = dir.resolve("decisions.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static List<String> lines(StringWriter writer) {
        String text = writer.toString();
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    @Test
    void aTableOfTheTimelineThenTheSummary() throws IOException {
        Path file = log(Logs.small());

        assertThat(run("review", "--decisions", file.toString(), "--to", "08:30")).isZero();

        assertThat(err.toString()).isEmpty();
        assertThat(lines(out))
                .containsExactly(
                        "Decisions in "
                                + file
                                + " (00:00-08:30): 4 (1 RAISED, 2 UPDATED, 1 SUPPRESSED)",
                        "",
                        "time      station    direction   decision    waiting  left behind  m² each"
                                + "  LOS  empty train from      arrives   episode",
                        "08:05:30  nijiaqiao  southbound  RAISED           71        71 x2    7.746"
                                + "  A    tianfu-square-siding  08:16:05"
                                + "  nijiaqiao-southbound-20260304-080530",
                        "08:13:25  huayang    northbound  SUPPRESSED       90        90 x2    6.111"
                                + "  A    -                     -         huayang-northbound-20260304-081325",
                        "08:20:29  nijiaqiao  southbound  UPDATED         957       640 x7    0.575"
                                + "  D    -                     -         nijiaqiao-southbound-20260304-080530",
                        "08:21:05  nijiaqiao  southbound  UPDATED         760       700 x8    0.724"
                                + "  C    tianfu-square-siding  08:43:20"
                                + "  nijiaqiao-southbound-20260304-080530",
                        "",
                        "Summary per station and direction:",
                        "station    direction   episodes  crowded  trains  suppressed  worst LOS"
                                + "  max left behind",
                        "nijiaqiao  southbound         1   25 min       2           0  D          "
                                + "            700",
                        "huayang    northbound         1   17 min       0           1  A          "
                                + "             90",
                        "all                           2   41 min       2           1");
    }

    @Test
    void jsonIsTheDecisionLogsOwnSchemaOneRecordALine() throws IOException {
        String[] log = Logs.small();
        Path file = log(log);

        assertThat(run("review", "--decisions", file.toString(), "--format", "json")).isZero();

        assertThat(err.toString()).isEmpty();
        // The records as the job wrote them: the same names, nesting and values, nothing added.
        assertThat(lines(out)).containsExactly(log);

        out.getBuffer().setLength(0);
        assertThat(
                        run(
                                "review",
                                "--decisions",
                                file.toString(),
                                "--format",
                                "json",
                                "--station",
                                "huayang"))
                .isZero();
        assertThat(lines(out)).containsExactly(log[1], log[4]);
        // What the review writes is a decision log again.
        Path again = dir.resolve("again.jsonl");
        Files.writeString(again, out.toString());
        DecisionLogReader.Batch reread = new DecisionLogReader(again).readAll();
        assertThat(reread.problems()).isEmpty();
        assertThat(reread.decisions())
                .extracting(d -> d.decision().decisionId)
                .containsExactly(
                        "huayang-northbound-20260304-081325/1-SUPPRESSED-20260304-081325",
                        "huayang-northbound-20260304-081325/2-CLEARED-20260304-084130");
    }

    @Test
    void jsonSummaryIsOneObjectPerPlatform() throws IOException {
        Path file = log(Logs.small());

        assertThat(run("review", "--decisions", file.toString(), "--format", "json", "--summary"))
                .isZero();

        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines(out)) {
            records.add(mapper.readTree(line));
        }
        assertThat(records)
                .hasSize(3)
                .allSatisfy(r -> assertThat(r.get("record").asText()).isEqualTo("summary"));
        JsonNode open = records.get(2);
        assertThat(open.get("stationId").asText()).isEqualTo("tongzilin");
        assertThat(open.get("crowdedSeconds").asInt()).isEqualTo(600);
        assertThat(open.get("open").asBoolean()).isTrue();
    }

    @Test
    void anOldLogIsReviewedAndWrittenAsItWasAndANewerRecordIsSkippedWithItsReason()
            throws IOException {
        String[] log = Logs.small();
        String old = Logs.version1(log[0]);
        String newer = log[1].replace("\"schemaVersion\":3", "\"schemaVersion\":9");
        Path file = log(old, newer, log[2]);

        assertThat(run("review", "--decisions", file.toString(), "--format", "json")).isZero();

        assertThat(lines(out)).containsExactly(old, log[2]);
        assertThat(lines(err))
                .singleElement()
                .asString()
                .startsWith(
                        "metro-dispatch review: "
                                + file
                                + ": line 2: schemaVersion 9 is newer than this reader knows (3):"
                                + " read it with a newer metro-dispatch [")
                .endsWith("(skipped)");

        out.getBuffer().setLength(0);
        assertThat(run("review", "--decisions", file.toString(), "--summary")).isZero();
        assertThat(lines(out))
                .first()
                .isEqualTo("Decisions in " + file + ": 2 (1 RAISED, 1 UPDATED)");
    }

    @Test
    void csvIsAHeaderAndOneRowPerDecision() throws IOException {
        Path file = log(Logs.small());

        assertThat(
                        run(
                                "review",
                                "--decisions",
                                file.toString(),
                                "--format",
                                "CSV",
                                "--station",
                                "huayang"))
                .isZero();

        assertThat(lines(out))
                .containsExactly(
                        "time,stationId,direction,decision,waitingEstimate,leftBehind,"
                                + "consecutiveLeftBehind,densityM2PerPerson,levelOfService,trainFrom,"
                                + "trainFromStation,trainLeaves,trainArrives,trainsSent,severity,"
                                + "recommendationId,reason",
                        "2026-03-04T08:13:25+08:00,huayang,northbound,SUPPRESSED,90,90,2,6.111,A,,,,,"
                                + "0,0.164,huayang-northbound-20260304-081325,SUPPRESSED for a test",
                        "2026-03-04T08:41:30+08:00,huayang,northbound,CLEARED,187,0,0,2.941,A,,,,,"
                                + "0,0.340,huayang-northbound-20260304-081325,CLEARED for a test");

        out.getBuffer().setLength(0);
        assertThat(run("review", "--decisions", file.toString(), "--format", "csv", "--summary"))
                .isZero();
        assertThat(lines(out))
                .containsExactly(
                        "stationId,direction,episodes,crowdedSeconds,open,trains,suppressed,"
                                + "worstLevelOfService,maxLeftBehind",
                        "nijiaqiao,southbound,1,2370,false,2,0,D,700",
                        "huayang,northbound,1,1685,false,0,1,A,90",
                        "tongzilin,southbound,1,600,true,1,0,E,400");
    }

    @Test
    void csvQuotesFieldsWithCommasAndQuotes() {
        assertThat(ReviewFormat.Csv.line(List.of("a", "b,c", "say \"hi\"", "")))
                .isEqualTo("a,\"b,c\",\"say \"\"hi\"\"\",");
    }

    @Test
    void malformedLinesAreReportedWithTheirNumberAndSkipped() throws IOException {
        String[] good = Logs.small();
        Path file = log(good[0], "{\"decision\":", good[1], "garbage");

        assertThat(run("review", "--decisions", file.toString(), "--format", "csv")).isZero();

        assertThat(lines(err))
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).startsWith("metro-dispatch review: " + file))
                .anySatisfy(line -> assertThat(line).contains(": line 2: malformed JSON"))
                .anySatisfy(line -> assertThat(line).contains(": line 4: malformed JSON"))
                .allSatisfy(line -> assertThat(line).endsWith("(skipped)"));
        assertThat(lines(out)).hasSize(1 + 2);
    }

    @Test
    void aRunFolderFindsItsLogInJob() throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run.resolve("job"));
        Files.writeString(run.resolve("job/decisions.jsonl"), Logs.small()[0] + "\n");

        assertThat(run("review", "--decisions", run.toString(), "--summary")).isZero();
        assertThat(out.toString())
                .startsWith(
                        "Decisions in " + run.resolve("job/decisions.jsonl") + ": 1 (1 RAISED)");
    }

    @Test
    void anUnknownStationSaysWhichStationsHaveDecisions() throws IOException {
        Path file = log(Logs.small());
        assertThat(run("review", "--decisions", file.toString(), "--station", "nijaqiao")).isZero();
        assertThat(err.toString())
                .isEqualTo(
                        "metro-dispatch review: no decisions about station 'nijaqiao' in "
                                + file
                                + " (stations with decisions: huayang, nijiaqiao, tongzilin)\n");
        assertThat(out.toString()).contains("No decisions.");
    }

    @Test
    void mistakesAreOneLineAndExitTwo() throws IOException {
        List<String> decisions = new ArrayList<>(Arrays.asList(Logs.small()));
        decisions.add(
                Logs.lines(
                        Logs.decision(
                                DecisionType.SUPPRESSED,
                                "nijiaqiao",
                                "southbound",
                                "09:25",
                                "09:25",
                                500,
                                100,
                                2,
                                "B"))[0]);
        Path file = log(decisions.toArray(new String[0]));

        assertThat(run("review", "--decisions", dir.resolve("none.jsonl").toString())).isEqualTo(2);
        assertThat(run("review", "--decisions", dir.toString() + "/empty")).isEqualTo(2);
        assertThat(
                        run(
                                "review",
                                "--decisions",
                                file.toString(),
                                "--from",
                                "09:00",
                                "--to",
                                "08:00"))
                .isEqualTo(2);
        assertThat(run("review", "--decisions", file.toString(), "--kafka", "localhost:1"))
                .isEqualTo(2);
        assertThat(run("review", "--decisions", file.toString(), "--format", "xml")).isEqualTo(2);
        assertThat(run("review", "--decisions", file.toString(), "--from", "8h")).isEqualTo(2);
        assertThat(run("review", "explain", "nowhere", "--decisions", file.toString()))
                .isEqualTo(2);
        assertThat(run("review", "explain", "nijiaqiao", "--decisions", file.toString()))
                .isEqualTo(2);

        assertThat(lines(err))
                .containsSubsequence(
                        "metro-dispatch review: no decision log at " + dir.resolve("none.jsonl"),
                        "metro-dispatch review: no decision log at " + dir + "/empty",
                        "metro-dispatch review: --from 09:00 is not before --to 08:00",
                        "metro-dispatch review: --decisions and --kafka exclude each other: give"
                                + " one")
                .contains(
                        "metro-dispatch review explain: no episode 'nowhere' in "
                                + file
                                + "; its episodes: nijiaqiao-southbound-20260304-080530,"
                                + " huayang-northbound-20260304-081325,"
                                + " tongzilin-southbound-20260304-092000,"
                                + " nijiaqiao-southbound-20260304-092500",
                        "metro-dispatch review explain: 'nijiaqiao' is the start of several"
                                + " episodes: nijiaqiao-southbound-20260304-080530,"
                                + " nijiaqiao-southbound-20260304-092500")
                .noneMatch(line -> line.contains("Exception"));
    }

    @Test
    void followPrintsDecisionsAsTheJobAppendsThem() throws IOException {
        String[] lines = Logs.small();
        Path file = log(lines[0]);
        // The job writes: the rest of the log arrives while the review follows it, the last line
        // in two pieces.
        List<String> writes =
                new ArrayList<>(
                        List.of(
                                lines[1] + "\n" + lines[2].substring(0, 30),
                                lines[2].substring(30) + "\nnot a decision\n"));
        ReviewCommand review = new ReviewCommand();
        review.pollMillis = 0;
        review.keepFollowing =
                () -> {
                    if (writes.isEmpty()) {
                        return false;
                    }
                    try {
                        Files.writeString(file, writes.remove(0), StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                    return true;
                };

        assertThat(run(CommandLines.create(review), "--decisions", file.toString(), "--follow"))
                .isZero();

        List<String> printed = lines(out);
        assertThat(printed).hasSize(4);
        assertThat(printed.get(0)).startsWith("time      station");
        assertThat(printed.get(1)).startsWith("08:05:30  nijiaqiao").contains("RAISED");
        assertThat(printed.get(2)).startsWith("08:13:25  huayang").contains("SUPPRESSED");
        assertThat(printed.get(3)).startsWith("08:20:29  nijiaqiao").contains("UPDATED");
        // Fixed widths: rows printed at different times line up.
        assertThat(printed.get(1).indexOf("RAISED")).isEqualTo(printed.get(3).indexOf("UPDATED"));
        assertThat(lines(err))
                .containsExactly(
                        "review: following " + file + " (Ctrl-C to stop)",
                        "review: "
                                + file
                                + ": line 4: malformed JSON: Unrecognized token 'not':"
                                + " was expecting (JSON String, Number, Array, Object or token"
                                + " 'null', 'true' or 'false') [not a decision] (skipped)");
    }
}
