package org.metrodispatch.job.it;

import org.metrodispatch.contract.cli.LoopbackPorts;
import org.metrodispatch.job.JobEnvironment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Flink that the project starts in its own process (replays, {@code job --kafka}, the demo)
 * listens on loopback only, and its web UI cannot upload or run jars.
 */
class LocalFlinkLoopbackIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void everySocketTheLocalFlinkOpensIsOnLoopbackAndJarUploadIsOff() throws Exception {
        Set<String> before = listeningSockets();
        int port = LoopbackPorts.free();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(
                        JobEnvironment.local(new Configuration(), port));
        env.fromSequence(0, Long.MAX_VALUE)
                .uid("numbers")
                .name("numbers")
                .map(LocalFlinkLoopbackIT::slowly)
                .uid("slowly")
                .name("slowly")
                .sinkTo(new DiscardingSink<>())
                .uid("discard")
                .name("discard");
        JobClient job = env.executeAsync("loopback check");
        try {
            HttpClient http = HttpClient.newHttpClient();
            JsonNode config = get(http, port, "/config");
            assertThat(config.path("features").path("web-submit").asBoolean(true)).isFalse();
            HttpResponse<String> jars =
                    http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jars"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(jars.statusCode()).isEqualTo(404);

            Set<String> opened = new TreeSet<>(listeningSockets());
            opened.removeAll(before);
            assertThat(opened)
                    .as("sockets the local Flink listens on")
                    .isNotEmpty()
                    .anySatisfy(address -> assertThat(address).endsWith(":" + port))
                    .allSatisfy(
                            address -> assertThat(address).matches("(127\\.0\\.0\\.1|::1):\\d+"));
        } finally {
            job.cancel().get();
        }
    }

    private static long slowly(long value) throws InterruptedException {
        Thread.sleep(50);
        return value;
    }

    private static JsonNode get(HttpClient http, int port, String path) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                HttpResponse<String> response =
                        http.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + path))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return new ObjectMapper().readTree(response.body());
                }
            } catch (IOException notYetUp) {
                // The REST endpoint starts with the job; try again until the deadline.
            }
            assertThat(System.nanoTime()).as("REST endpoint up in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** The addresses this process listens on, read from /proc (no network traffic). */
    private static Set<String> listeningSockets() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // A descriptor closed while listing: not a listening socket of interest.
                }
            }
        }
        Set<String> listening = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                // fields: sl, local_address, rem_address, st, ..., inode (10th)
                if ("0A".equals(fields[3]) && inodes.contains(fields[9])) {
                    listening.add(address(fields[1]));
                }
            }
        }
        return listening;
    }

    /** /proc's hex address (little-endian words) as text: 127.0.0.1:8081, ::1:8081, 0.0.0.0:... */
    private static String address(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        if (ip.length() == 8) {
            return ipv4(ip) + ":" + port;
        }
        if (ip.equals("00000000000000000000000001000000")) {
            return "::1:" + port;
        }
        if (ip.startsWith("0000000000000000FFFF0000")) {
            return ipv4(ip.substring(24)) + ":" + port;
        }
        return ip + ":" + port;
    }

    private static String ipv4(String littleEndianHex) {
        StringBuilder text = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            text.append(Integer.parseInt(littleEndianHex.substring(2 * i, 2 * i + 2), 16));
            if (i > 0) {
                text.append('.');
            }
        }
        return text.toString();
    }
}
