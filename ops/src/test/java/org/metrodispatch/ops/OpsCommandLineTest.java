package org.metrodispatch.ops;

import org.metrodispatch.contract.cli.CommandLines;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * User mistakes with the cluster commands give one clear line and exit code 2; asking about a
 * cluster that does not run is not an error. No cluster is started here.
 */
class OpsCommandLineTest {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine line = CommandLines.create(new OpsMain());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void statusOfAClusterThatDoesNotRun() {
        assertThat(run("cluster", "status", "--state-dir", dir.toString())).isEqualTo(3);
        assertThat(out.toString()).startsWith("No Flink cluster running");
    }

    @Test
    void stoppingAClusterThatDoesNotRunIsFine() {
        assertThat(run("cluster", "stop", "--state-dir", dir.toString())).isZero();
        assertThat(out.toString()).startsWith("No Flink cluster was running");
    }

    @Test
    void startOnATakenPortSaysSo() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(
                            run(
                                    "cluster",
                                    "start",
                                    "--port",
                                    Integer.toString(port),
                                    "--state-dir",
                                    dir.toString()))
                    .isEqualTo(2);
            assertThat(lines(err))
                    .endsWith(
                            "metro-dispatch cluster start: port "
                                    + port
                                    + " for the Flink web UI is already in use; another Flink, or"
                                    + " 'metro-dispatch job'? Choose another with --port");
        }
    }

    @Test
    void deployWithoutTheJarTellsHowToBuildIt() throws IOException {
        assertThat(run("deploy", "--jar", dir.resolve("missing.jar").toString())).isEqualTo(2);
        assertThat(lines(err))
                .containsExactly(
                        "metro-dispatch deploy: no job jar at " + dir.resolve("missing.jar"));
        assertThat(DeployCommand.defaultJar().toString()).endsWith("-job.jar");
    }

    @Test
    void deployWithoutAClusterSaysHowToStartOne() throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        assertThat(run("deploy", "--jar", jar.toString(), "--state-dir", dir.toString()))
                .isEqualTo(2);
        assertThat(lines(err))
                .containsExactly(
                        "metro-dispatch deploy: no Flink cluster running (start one with"
                                + " 'metro-dispatch cluster start', or name one with --jobmanager"
                                + " HOST:PORT)");
    }

    @Test
    void savepointAgainstNothingSaysNothingAnswers() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertThat(run("savepoint", "--jobmanager", "localhost:" + closed)).isEqualTo(2);
        assertThat(lines(err))
                .containsExactly(
                        "metro-dispatch savepoint: no Flink REST API answers at http://localhost:"
                                + closed);
    }

    @Test
    void deployFromASavepointThatDoesNotExist() throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        assertThat(
                        run(
                                "deploy",
                                "--jar",
                                jar.toString(),
                                "--from-savepoint",
                                dir.resolve("nope").toString()))
                .isEqualTo(2);
        assertThat(lines(err))
                .containsExactly("metro-dispatch deploy: no savepoint at " + dir.resolve("nope"));
    }

    @Test
    void jobArgumentsComeAfterKafkaParallelismAndCheckpoints() {
        assertThat(DeployCommand.programArgs("k:9092", 2, "file:///c", List.of("--group-id", "g")))
                .containsExactly(
                        "--kafka",
                        "k:9092",
                        "--parallelism",
                        "2",
                        "--checkpoint-dir",
                        "file:///c",
                        "--group-id",
                        "g");
    }

    private static String[] lines(StringWriter writer) {
        return writer.toString().strip().split("\n");
    }
}
