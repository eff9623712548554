package org.metrodispatch.ops.review;

import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.contract.run.RunRecord;
import org.metrodispatch.contract.truth.LevelOfService;
import org.metrodispatch.ops.OpsMain;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code review explain}: the story of the Nijiaqiao episode of {@link Logs#small()}, with a small
 * hand-made ground truth and station load in a run folder laid out as a replay writes it.
 */
class ExplainTest {

    static final String ID = "nijiaqiao-southbound-20260304-080530";

    /** Nijiaqiao southbound (waiting area 550 m²): minutes and departures. */
    static final String[] TRUTH = {
        platform("nijiaqiao", "southbound", "08:00", 200),
        departure("nijiaqiao", "southbound", "07:58:00", "T004", 35),
        departure("nijiaqiao", "southbound", "08:00:30", "T017", 0),
        departure("nijiaqiao", "southbound", "08:03:00", "T053", 186),
        platform("nijiaqiao", "southbound", "08:05", 400),
        departure("nijiaqiao", "southbound", "08:05:30", "T029", 68),
        departure("nijiaqiao", "southbound", "08:08:00", "T020", 263),
        platform("nijiaqiao", "southbound", "08:10", 800),
        platform("nijiaqiao", "southbound", "08:15", 1437),
        platform("nijiaqiao", "southbound", "08:20", 900),
        departure("nijiaqiao", "southbound", "08:20:30", "T026", 613),
        departure("nijiaqiao", "southbound", "08:23:00", "T012", 0),
        platform("nijiaqiao", "southbound", "08:25", 300),
        departure("nijiaqiao", "southbound", "08:25:30", "T028", 0),
        departure("nijiaqiao", "southbound", "08:28:00", "T039", 0),
        platform("nijiaqiao", "southbound", "08:30", 100),
        departure("nijiaqiao", "southbound", "08:31:00", "T040", 0),
        platform("nijiaqiao", "southbound", "08:40", 50),
        // Not this platform: the other side, another station, a broken line.
        platform("nijiaqiao", "northbound", "08:15", 3000),
        departure("nijiaqiao", "northbound", "08:15:00", "T100", 999),
        platform("tongzilin", "southbound", "08:15", 3000),
        "{\"kind\":\"platform\",\"stationId\":\"nijiaqiao\",\"direction\":\"southbound\",",
    };

    @TempDir Path dir;
    private Path run;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    static String platform(String station, String direction, String minute, int waiting) {
        double density = 550.0 / Math.max(1, waiting);
        return String.format(
                Locale.ROOT,
                "{\"kind\":\"platform\",\"stationId\":\"%s\",\"direction\":\"%s\","
                        + "\"minute\":\"2026-03-04T%s:00+08:00\",\"waiting\":%d,"
                        + "\"densityM2PerPerson\":%.3f,\"los\":\"%s\"}",
                station,
                direction,
                minute,
                waiting,
                density,
                LevelOfService.of(density));
    }

    static String departure(
            String station, String direction, String time, String train, int leftBehind) {
        return String.format(
                "{\"kind\":\"departure\",\"stationId\":\"%s\",\"direction\":\"%s\","
                        + "\"trainId\":\"%s\",\"eventTime\":\"2026-03-04T%s+08:00\","
                        + "\"alighted\":12,\"boarded\":300,\"leftBehind\":%d,\"load\":%d,"
                        + "\"capacity\":1880}",
                station, direction, train, time, leftBehind, leftBehind > 0 ? 1880 : 1500);
    }

    static String window(String start, String end, int waiting, int leftBehind, int inARow) {
        double density = 550.0 / Math.max(1, waiting);
        return String.format(
                Locale.ROOT,
                "{\"stationId\":\"nijiaqiao\",\"windowStart\":\"2026-03-04T%s+08:00\","
                        + "\"windowEnd\":\"2026-03-04T%s+08:00\",\"entries\":1000,\"exits\":50,"
                        + "\"heartbeats\":80,\"platforms\":[{\"direction\":\"southbound\","
                        + "\"waitingEstimate\":%d,\"densityM2PerPerson\":%.3f,"
                        + "\"levelOfService\":\"%s\",\"leftBehind\":%d,"
                        + "\"consecutiveLeftBehind\":%d,\"crowded\":%b},"
                        + "{\"direction\":\"northbound\",\"waitingEstimate\":5,"
                        + "\"densityM2PerPerson\":110.000,\"levelOfService\":\"A\","
                        + "\"leftBehind\":0,\"consecutiveLeftBehind\":0,\"crowded\":false}]}",
                start,
                end,
                waiting,
                density,
                LevelOfService.of(density),
                leftBehind,
                inARow,
                inARow >= 2);
    }

    @BeforeEach
    void aRunFolder() throws IOException {
        run = dir.resolve("peak");
        Files.createDirectories(run.resolve("job"));
        Files.writeString(run.resolve("ground-truth.jsonl"), String.join("\n", TRUTH) + "\n");
        Files.writeString(
                run.resolve("job/decisions.jsonl"), String.join("\n", Logs.small()) + "\n");
        Files.writeString(
                run.resolve("job/station-load.jsonl"),
                String.join(
                                "\n",
                                window("07:55:00", "08:00:00", 150, 0, 0),
                                window("08:00:00", "08:05:00", 430, 170, 1),
                                window("08:00:30", "08:05:30", 500, 170, 1),
                                window("08:01:00", "08:06:00", 128, 71, 2),
                                window("08:10:00", "08:15:00", 1380, 640, 7),
                                window("08:10:30", "08:15:30", 1400, 640, 7))
                        + "\n");
        // The run records of a simulation and of its replay.
        RunRecord.begin(run, "simulate", List.of("metro-dispatch", "simulate")).finish(0);
        RunRecord.begin(run.resolve("job"), "job", List.of("metro-dispatch", "job"))
                .input(run)
                .finish(0);
    }

    private int run(String... args) {
        CommandLine line = CommandLines.create(new OpsMain());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    private List<String> lines() {
        return List.of(out.toString().split("\n"));
    }

    @Test
    void tellsTheStoryWithTheGroundTruthOfTheRun() {
        assertThat(run("review", "explain", ID, "--decisions", run.resolve("job").toString()))
                .isZero();
        assertThat(err.toString()).isEmpty();

        assertThat(lines())
                .startsWith(
                        "Episode " + ID + ": nijiaqiao southbound, line 1",
                        "  raised 08:05:30, cleared 08:45:00: crowded 40 min; 2 empty trains;"
                                + " 4 decisions (1 RAISED, 2 UPDATED, 1 CLEARED)",
                        "",
                        "What raised it: 08:05:30 RAISED: RAISED for a test",
                        "  window 08:01:00-08:06:00: 900 entries, 50 exits at the station",
                        "  about 71 waiting; 71 left behind by T029 (left 08:05:30 with 1880 of"
                                + " 1880), 2 departures in a row left passengers behind",
                        "  7.746 m² per waiting person (LOS A); severity 0.129 waiting per m²",
                        "  empty train 1: from Tianfu Square turnback siding"
                                + " (tianfu-square-siding), leaves tianfu-square 08:09:30, runs"
                                + " empty via jinjiang-hotel, huaxiba, sichuan-gymnasium, arrives"
                                + " 08:16:05 and serves nijiaqiao to science-city",
                        "    the spare train is back at its pool 10:16:05; 0 spares left there",
                        "",
                        "The job's windows before it ("
                                + run.resolve("job/station-load.jsonl")
                                + "):",
                        "  window             entries  exits  waiting  left behind  m² each  LOS"
                                + "  crowded",
                        "  08:00:00-08:05:00     1000     50      430       170 x1    1.279  A  "
                                + "  no",
                        "  08:00:30-08:05:30     1000     50      500       170 x1    1.100  B  "
                                + "  no",
                        "  08:01:00-08:06:00     1000     50      128        71 x2    4.297  A  "
                                + "  yes",
                        "",
                        "What followed:",
                        "  08:20:29 UPDATED: UPDATED for a test");
        assertThat(lines())
                .contains(
                        "  08:45:00 CLEARED: CLEARED for a test",
                        "What really happened ("
                                + run.resolve("ground-truth.jsonl")
                                + ", 07:55:30-08:55:00):",
                        "  crowded from 08:05:30 (2 departures in a row left passengers behind,"
                                + " 20 or more each) until 08:23:00",
                        "  the job raised it at the same second and cleared it 22 min later"
                                + " (it waits for 3 min of calm)",
                        "  peak waiting 1437 at 08:15:00: 0.383 m² per person, level of service D;"
                                + " the job estimated 1380 then",
                        "  level of service D in 3 minutes between 08:10:00 and 08:20:00",
                        "  departures: 10, 5 of them left 1165 passengers behind in all",
                        "    left at   train  alighted  boarded  left behind       load",
                        "    07:58:00  T004         12      300           35  1880/1880",
                        "    08:05:30  T029         12      300           68  1880/1880  <- RAISED",
                        "    08:20:30  T026         12      300          613  1880/1880  <- empty"
                                + " train 1 due 08:16:05, UPDATED",
                        "    08:31:00  T040         12      300            0  1500/1880",
                        "  (1 unreadable line skipped)")
                .noneMatch(line -> line.contains("T100") || line.contains("3000"));
    }

    @Test
    void withoutAGroundTruthItSaysHowToGiveOne() throws IOException {
        Files.delete(run.resolve("ground-truth.jsonl"));
        assertThat(
                        run(
                                "review",
                                "--decisions",
                                run.resolve("job/decisions.jsonl").toString(),
                                "explain",
                                "huayang"))
                .isZero();
        assertThat(lines())
                .startsWith(
                        "Episode huayang-northbound-20260304-081325: huayang northbound, line 1",
                        "  suppressed 08:13:25, cleared 08:41:30: crowded 28 min; 0 empty trains;"
                                + " 2 decisions (1 CLEARED, 1 SUPPRESSED)")
                .endsWith(
                        "No ground truth to compare with: give the simulator's ground-truth.jsonl"
                                + " of the same run with --ground-truth FILE.");
    }

    @Test
    void anOpenEpisodeEndsAtTheLog() {
        assertThat(
                        run(
                                "review",
                                "explain",
                                "tongzilin",
                                "--decisions",
                                run.resolve("job").toString(),
                                "--ground-truth",
                                run.resolve("ground-truth.jsonl").toString()))
                .isZero();
        assertThat(lines())
                .contains(
                        "  raised 09:20:00, still open at the end of the log (09:30:00): crowded"
                                + " 10 min so far; 1 empty train; 2 decisions (1 RAISED, 1"
                                + " UPDATED)",
                        "  (not cleared by the end of the log, 09:30:00)",
                        "  the ground truth has no minute of this time (another run?)");
    }

    @Test
    void refusesTheGroundTruthOfAnotherRun() throws IOException {
        String replayed = RunRecord.read(run).orElseThrow().runId();
        // The folder simulated again (simulate --force) after the replay.
        RunRecord again = RunRecord.begin(run, "simulate", List.of("metro-dispatch", "simulate"));
        again.finish(0);

        assertThat(run("review", "explain", ID, "--decisions", run.toString()))
                .isEqualTo(CommandLines.USER_ERROR);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .isEqualTo(
                        "metro-dispatch review explain: the decisions "
                                + run.resolve("job/decisions.jsonl")
                                + " are of run "
                                + replayed
                                + " (replayed from "
                                + run.toAbsolutePath()
                                + "), but the ground truth "
                                + run.resolve("ground-truth.jsonl")
                                + " is of run "
                                + again.runId()
                                + ": not the same run; replay it again (metro-dispatch job --input "
                                + run.toAbsolutePath()
                                + " --out "
                                + run.resolve("job").toAbsolutePath()
                                + "), or give the ground truth of "
                                + replayed
                                + " with --ground-truth FILE\n");
    }

    @Test
    void withoutRunRecordsItWarnsAndGoesOn() throws IOException {
        Files.delete(run.resolve("run.json"));
        Files.delete(run.resolve("job/run.json"));

        assertThat(run("review", "explain", ID, "--decisions", run.toString())).isZero();
        assertThat(lines()).first().isEqualTo("Episode " + ID + ": nijiaqiao southbound, line 1");
        assertThat(err.toString())
                .isEqualTo(
                        "metro-dispatch review explain: warning: no run.json next to the decision"
                                + " log (in "
                                + run.resolve("job").toAbsolutePath()
                                + "; a folder from before run records): cannot check that the"
                                + " decisions and the ground truth are of the same run\n"
                                + "metro-dispatch review explain: warning: no run.json next to the"
                                + " ground truth (in "
                                + run.toAbsolutePath()
                                + "; a folder from before run records): cannot check that the"
                                + " decisions and the ground truth are of the same run\n");
    }

    @Test
    void aReplayOfAFolderWithoutARecordIsWarnedAbout() throws IOException {
        Files.delete(run.resolve("run.json"));
        RunRecord.begin(run.resolve("job"), "job", List.of("metro-dispatch", "job"))
                .input(run)
                .finish(0);
        RunRecord.begin(run, "simulate", List.of("metro-dispatch", "simulate")).finish(0);

        assertThat(run("review", "explain", ID, "--decisions", run.toString())).isZero();
        assertThat(err.toString())
                .startsWith("metro-dispatch review explain: warning: ")
                .contains("names no input run (its input " + run.toAbsolutePath());
    }

    @Test
    void aDemoFolderHoldsBothSidesOfOneRun() throws IOException {
        Files.move(run.resolve("job/decisions.jsonl"), run.resolve("decisions.jsonl"));
        Files.move(run.resolve("job/station-load.jsonl"), run.resolve("station-load.jsonl"));
        RunRecord.begin(run, "demo", List.of("metro-dispatch", "demo")).finish(0);

        assertThat(run("review", "explain", ID, "--decisions", run.toString())).isZero();
        assertThat(err.toString()).isEmpty();
    }
}
