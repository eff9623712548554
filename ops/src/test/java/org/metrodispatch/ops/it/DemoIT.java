package org.metrodispatch.ops.it;

import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.ops.OpsMain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code metro-dispatch demo} on the small example line, fast: the broker, the job with its web UI
 * and the simulator start, run to the end of the window and stop, and the run folder holds the
 * outputs (the closed loop itself is ClosedLoopIT's and EvaluateIT's). The example line is not the
 * job file's network: the demo points the job at the scenario's.
 */
class DemoIT {

    @TempDir Path dir;

    @Test
    void theDemoRunsTheLoopOnAnotherLineAndSumsUp() throws Exception {
        Path run = dir.resolve("demo");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream console = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit =
                    CommandLines.create(new OpsMain())
                            .execute(
                                    "demo",
                                    "--scenario",
                                    SeededRun.CONFIG
                                            .resolve("scenarios/examples/harbour-line-morning.yaml")
                                            .toString(),
                                    "--speed",
                                    "2000",
                                    "--ui-port",
                                    "0",
                                    "--metrics-port",
                                    "0",
                                    "--board-port",
                                    "0",
                                    "--run-dir",
                                    run.toString());
        } finally {
            System.setOut(console);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out)
                .contains("Run folder: " + run.toAbsolutePath())
                .contains("web UI at http://localhost:")
                .containsPattern("line board at http://localhost:[0-9]+/")
                .containsPattern(
                        "metrics at http://localhost:[0-9]+/metrics \\(job\\) and"
                                + " http://localhost:[0-9]+/metrics \\(simulator\\)")
                .contains("Simulating harbour-line-morning (seed 1) at 2000x real time;")
                .contains("Summary: ")
                .doesNotContain("Stopped before the end");
        assertThat(run.resolve("decisions.jsonl")).exists();
        assertThat(run.resolve("station-load.jsonl")).isNotEmptyFile();
        assertThat(run.resolve("ground-truth.jsonl")).isNotEmptyFile();
    }
}
