package org.metrodispatch.ops.it;

import org.metrodispatch.ops.CommittedNotebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The review notebooks executed headless, as {@code metro-dispatch notebooks RUN_DIR} runs them, on
 * a seeded replay: every notebook runs, every figure is written and is not empty. Needs the Debian
 * packages of the README ("Reviewing decisions"). On a machine without them (a fresh machine with
 * only Java and Maven) the test is skipped with a message saying so; {@code .ci/run} installs them
 * and sets {@value #REQUIRE_NOTEBOOKS}, so there it fails instead of skipping.
 */
class NotebooksIT {

    @RegisterExtension static final MiniClusterExtension FLINK = SeededRun.miniCluster();

    static final Path JUPYTER = Path.of("/usr/bin/jupyter");

    /** Set (to 1) where the notebooks must run: CI installs their packages and sets it. */
    static final String REQUIRE_NOTEBOOKS = "METRO_DISPATCH_REQUIRE_NOTEBOOKS";

    static final Path LAUNCHER = SeededRun.PROJECT.resolve("bin/metro-dispatch");

    /** The figures of the default station, Nijiaqiao, and of the Chengdu line's directions. */
    static final List<String> FIGURES =
            List.of(
                    "station-nijiaqiao.png",
                    "line-heatmap-southbound.png",
                    "line-heatmap-northbound.png",
                    "decisions-timeline.png",
                    "decisions-per-station.png");

    static final long MIN_FIGURE_BYTES = 20_000;

    @TempDir Path dir;

    /** Runs the launcher; returns its exit code, its output in {@code log}. */
    private int launch(Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("METRO_"));
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("metro-dispatch notebooks took more than 10 minutes:\n" + Files.readString(log));
        }
        return process.exitValue();
    }

    @Test
    void executesEveryNotebookOnASeededReplayAndWritesItsFigures() throws Exception {
        if (!Files.isExecutable(JUPYTER)) {
            String missing =
                    JUPYTER
                            + " is missing: the notebooks need Debian's Jupyter, pandas and"
                            + " matplotlib. Run .ci/run (it installs them) or: apt-get install -y"
                            + " --no-install-recommends jupyter-nbconvert python3-ipykernel"
                            + " python3-pandas python3-matplotlib python3-nbformat"
                            + " python3-nbclient python3-yaml";
            if ("1".equals(System.getenv(REQUIRE_NOTEBOOKS))) {
                fail(missing);
            }
            // Visible in the build's output, not only in the report files.
            System.err.println("SKIPPED NotebooksIT: " + missing);
            Assumptions.abort("SKIPPED: " + missing);
        }
        Path run = SeededRun.morningPeak(dir);
        Path log = dir.resolve("notebooks.log");

        int exit = launch(log, "notebooks", run.toString());

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("Executed notebooks: " + run.resolve("notebooks"));
        Path figures = run.resolve("notebooks/figures");
        for (String figure : FIGURES) {
            Path png = figures.resolve(figure);
            assertThat(png).as(output).isRegularFile();
            assertThat(Files.size(png)).as(figure).isGreaterThan(MIN_FIGURE_BYTES);
            byte[] magic = new byte[8];
            System.arraycopy(Files.readAllBytes(png), 0, magic, 0, 8);
            assertThat(magic)
                    .as(figure + " is a PNG")
                    .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        }
        // Each executed notebook shows its figures and holds no error.
        ObjectMapper json = new ObjectMapper();
        for (String name : CommittedNotebooks.NAMES) {
            Path executed = run.resolve("notebooks").resolve(name);
            assertThat(executed).isRegularFile();
            int images = 0;
            for (JsonNode cell : json.readTree(executed.toFile()).path("cells")) {
                for (JsonNode o : cell.path("outputs")) {
                    assertThat(o.path("output_type").asText()).as(name).isNotEqualTo("error");
                    images += o.path("data").has("image/png") ? 1 : 0;
                }
            }
            assertThat(images).as(name + " displays its figures").isPositive();
        }
        // The committed notebooks stay clean: executed copies go to the run folder only.
        committedNotebooksCarryNoOutputs();
    }

    @Test
    void committedNotebooksCarryNoOutputs() throws IOException {
        List<String> stale = new ArrayList<>();
        for (Path notebook : CommittedNotebooks.all(CommittedNotebooks.FOLDER)) {
            stale.addAll(CommittedNotebooks.stale(notebook));
        }
        assertThat(stale)
                .as(
                        "clear them: /usr/bin/jupyter nbconvert --clear-output --inplace notebooks/*.ipynb")
                .isEmpty();
    }

    @Test
    void aFolderWithoutJobOutputsIsOneLineAndExitTwo() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path log = dir.resolve("empty.log");

        assertThat(launch(log, "notebooks", empty.toString())).isEqualTo(2);

        assertThat(Files.readAllLines(log))
                .containsExactly(
                        "metro-dispatch notebooks: "
                                + empty
                                + " has no job outputs (decisions.jsonl, station-load.jsonl) in it"
                                + " or in its job/; replay it first: metro-dispatch job --input "
                                + empty
                                + " --out "
                                + empty
                                + "/job");
    }
}
