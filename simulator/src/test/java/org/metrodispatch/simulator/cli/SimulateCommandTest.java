package org.metrodispatch.simulator.cli;

import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.contract.run.RunRecord;
import org.metrodispatch.simulator.TestScenarios;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mistakes in arguments or configuration give one clear line and exit code 2; a run folder gets its
 * run record, and one that holds a run already is not written over without --force.
 */
class SimulateCommandTest {

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        var line = CommandLines.create(new SimulatorMain());
        line.setErr(new PrintWriter(err, true));
        line.setOut(new PrintWriter(out, true));
        return line.execute(args);
    }

    private String scenario() {
        return TestScenarios.MORNING_PEAK.toString();
    }

    @Test
    void writesTheThreeFilesForAValidRun(@TempDir Path dir) {
        int code =
                run(
                        "simulate",
                        "--scenario",
                        scenario(),
                        "--from",
                        "08:00",
                        "--to",
                        "08:02",
                        "--fast",
                        "--out",
                        dir.toString(),
                        "--quiet");
        assertThat(code).isZero();
        assertThat(dir.resolve("gate-events.jsonl")).isNotEmptyFile();
        assertThat(dir.resolve("train-events.jsonl")).isNotEmptyFile();
        assertThat(dir.resolve("ground-truth.jsonl")).isNotEmptyFile();
    }

    private int simulateInto(Path dir, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "simulate",
                                "--scenario",
                                scenario(),
                                "--seed",
                                "4",
                                "--from",
                                "08:00",
                                "--to",
                                "08:01",
                                "--fast",
                                "--out",
                                dir.toString(),
                                "--quiet"));
        args.addAll(List.of(more));
        return run(args.toArray(new String[0]));
    }

    @Test
    void recordsTheRunInRunJson(@TempDir Path dir) throws IOException {
        assertThat(simulateInto(dir)).isZero();
        RunRecord record = RunRecord.read(dir).orElseThrow();
        assertThat(record.command()).isEqualTo("simulate");
        assertThat(record.status()).isEqualTo(RunRecord.Status.DONE);
        assertThat(record.exitCode()).isZero();
        assertThat(record.commandLine())
                .startsWith("metro-dispatch simulate --scenario " + scenario() + " --seed 4");
        assertThat(record.seed()).isEqualTo(4L);
        assertThat(record.scenario()).isEqualTo(TestScenarios.MORNING_PEAK.toString());
        assertThat(record.network().id()).isEqualTo("chengdu-line1");
        assertThat(record.network().sha256())
                .isEqualTo(RunRecord.sha256(Path.of(record.network().path())));
        assertThat(record.files())
                .extracting(RunRecord.FileHash::role)
                .containsExactly("scenario", "scenario (extended)", "network");
        assertThat(record.parameters())
                .containsEntry("from", "08:00")
                .containsEntry("to", "08:01")
                .containsEntry("speed", "fast");
        assertThat(record.outcome()).containsKeys("gateTaps", "trainEvents", "groundTruthLines");
        assertThat(record.startedAt()).isNotNull();
        assertThat(record.endedAt()).isNotNull();
    }

    @Test
    void refusesToWriteOverARunWithoutForce(@TempDir Path dir) throws IOException {
        assertThat(simulateInto(dir)).isZero();
        String first = RunRecord.read(dir).orElseThrow().runId();

        assertUserError(
                simulateInto(dir),
                dir
                        + " already holds a run (run.json, gate-events.jsonl, train-events.jsonl,"
                        + " ground-truth.jsonl): choose another folder, or give --force to write"
                        + " over it");
        assertThat(RunRecord.read(dir).orElseThrow().runId()).isEqualTo(first);

        assertThat(simulateInto(dir, "--force")).isZero();
        assertThat(RunRecord.read(dir).orElseThrow().runId()).isNotEqualTo(first);
    }

    @Test
    void aFolderFromBeforeRunRecordsIsARunToo(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ground-truth.jsonl"), "");
        assertUserError(
                simulateInto(dir),
                dir
                        + " already holds a run (ground-truth.jsonl): choose another folder, or give"
                        + " --force");
        assertThat(dir.resolve("run.json")).doesNotExist();
    }

    @Test
    void missingScenarioFileIsAUserError(@TempDir Path dir) {
        assertUserError(
                run("simulate", "--scenario", "no/such.yaml", "--fast", "--out", dir.toString()),
                "no/such.yaml: no such file");
    }

    @Test
    void badTimeOfDayIsAUserError(@TempDir Path dir) {
        assertUserError(
                run(
                        "simulate",
                        "--scenario",
                        scenario(),
                        "--from",
                        "25:99",
                        "--fast",
                        "--out",
                        dir.toString()),
                "'25:99' is not a time of day HH:MM");
    }

    @Test
    void endBeforeStartIsAUserError(@TempDir Path dir) {
        assertUserError(
                run(
                        "simulate",
                        "--scenario",
                        scenario(),
                        "--from",
                        "09:00",
                        "--to",
                        "08:00",
                        "--fast",
                        "--out",
                        dir.toString()),
                "--to must be after --from");
    }

    @Test
    void paceAndTargetAreEachRequiredOnce(@TempDir Path dir) {
        assertUserError(
                run(
                        "simulate",
                        "--scenario",
                        scenario(),
                        "--fast",
                        "--speed",
                        "10",
                        "--out",
                        dir.toString()),
                "mutually exclusive");
        assertUserError(
                run("simulate", "--scenario", scenario(), "--fast"), "Missing required argument");
    }

    @Test
    void nonPositiveSpeedIsAUserError(@TempDir Path dir) {
        assertUserError(
                run("simulate", "--scenario", scenario(), "--speed", "0", "--out", dir.toString()),
                "--speed must be a positive number");
    }

    @Test
    void invalidScenarioNamesFileKeyAndProblem(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(
                broken,
                "extends: "
                        + TestScenarios.FULL_DAY
                        + "\n"
                        + "id: broken\n"
                        + "stations:\n"
                        + "  nijiaqiao: {dailyEntries: -5, role: residential}\n");
        assertUserError(
                run(
                        "simulate",
                        "--scenario",
                        broken.toString(),
                        "--fast",
                        "--out",
                        dir.resolve("out").toString()),
                "broken.yaml: stations.nijiaqiao.dailyEntries: must be between 0 and 10000000, got -5");
    }

    @Test
    void unreachableBrokerIsAUserError() {
        assertUserError(
                run(
                        "simulate",
                        "--scenario",
                        scenario(),
                        "--fast",
                        "--kafka",
                        "localhost:1",
                        "--from",
                        "08:00",
                        "--to",
                        "08:01"),
                "no Kafka broker answers at localhost:1");
    }

    @Test
    void aTakenMetricsPortIsAUserError(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertUserError(
                    simulateInto(dir, "--metrics-port", Integer.toString(port)),
                    "port "
                            + port
                            + " for the simulator's metrics is already in use; choose another with"
                            + " --metrics-port");
            // Refused before anything was written.
            assertThat(dir.resolve("run.json")).doesNotExist();
        }
    }

    private void assertUserError(int code, String message) {
        assertThat(code).isEqualTo(CommandLines.USER_ERROR);
        assertThat(err.toString())
                .contains(message)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }
}
