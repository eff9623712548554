package org.metrodispatch.ops.it;

import org.metrodispatch.contract.metrics.PrometheusScrape;
import org.metrodispatch.ops.FlinkJobs;
import org.metrodispatch.simulator.engine.SimulationOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job jar on a real standalone cluster (1 JobManager and 2 TaskManagers as processes, started
 * by the ops code, web submission off), deployed as a job graph over REST at parallelism 2, reading
 * a morning peak from a real broker: once all input is consumed, stop-with-savepoint and drain
 * flushes every pending decision, and the recommendations committed to Kafka equal the replay's,
 * one for one and in order. The decision log lands in the log folder of the TaskManager that ran
 * it.
 */
class ClusterDeployIT {

    @RegisterExtension
    static final StandaloneClusterExtension CLUSTER = new StandaloneClusterExtension();

    /** The ports config/flink/config.yaml gives the cluster's Prometheus reporters. */
    private static final int FIRST_METRICS_PORT = 9250;

    private static final int LAST_METRICS_PORT = 9260;

    /** The job's eventsIn summed over every process that reports on the cluster's ports. */
    private static double eventsInOnTheReporters() {
        double total = 0;
        for (int port = FIRST_METRICS_PORT; port <= LAST_METRICS_PORT; port++) {
            try {
                total += PrometheusScrape.of(port).map(s -> s.sum("eventsIn")).orElse(0.0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return total;
    }

    @Test
    void deployedJobCommitsExactlyTheReplaysRecommendations() throws Exception {
        ClusterScenario scenario = CLUSTER.scenario();
        // Web submission is off: the jar endpoints are not there, and deploy needs none of them.
        HttpResponse<String> jars =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(scenario.jobs().restUrl() + "/jars"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(jars.statusCode()).isEqualTo(404);
        // A mistake in the job's arguments is main()'s own line, from the graph built here.
        Throwable refused = scenario.deployFailure("--start-from", "nowhere");
        assertThat(refused)
                .isInstanceOf(FlinkJobs.ProgramFailed.class)
                .hasMessageContaining("--start-from must be committed, earliest or latest");

        scenario.simulateIntoKafka(SimulationOptions.FAST).get(2, TimeUnit.MINUTES);
        String jobId = scenario.deploy(2, null);

        scenario.awaitInputConsumed();
        // The cluster's Prometheus reporters: the TaskManagers counted every record in.
        long input = scenario.committedInput();
        ClusterScenario.await(
                "the TaskManagers' metrics to count all input",
                () -> eventsInOnTheReporters() == input);
        String savepoint =
                scenario.jobs().stopWithSavepoint(jobId, true, null, Duration.ofMinutes(2));

        assertThat(scenario.jobs().state(jobId)).isEqualTo("FINISHED");
        assertThat(Path.of(URI.create(savepoint)))
                .startsWith(scenario.cluster().layout().savepointDir())
                .isDirectory();
        List<String> committed = scenario.committedRecommendations();
        assertThat(committed).containsExactlyElementsOf(scenario.expectedRecommendations);

        // The decision log: one JSON line per decision, in one TaskManager's log folder.
        Path logs = scenario.cluster().layout().logDir();
        Path decisions = null;
        for (int i = 1; i <= 2; i++) {
            Path candidate = logs.resolve("taskmanager-" + i).resolve("decisions.jsonl");
            if (Files.exists(candidate)) {
                decisions = candidate;
            }
        }
        assertThat(decisions).as("a TaskManager's decisions.jsonl").isNotNull();
        List<String> lines = Files.readAllLines(decisions);
        assertThat(ClusterScenario.withoutEmittedAt(lines))
                .containsAll(scenario.expectedRecommendations);
        assertThat(lines).allMatch(line -> line.startsWith("{\"decision\":\""));
        assertThat(Files.readString(decisions.resolveSibling("taskmanager.log")))
                .as("decisions stay out of the normal log")
                .doesNotContain("\"recommendationId\"");
    }
}
