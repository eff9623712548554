package org.metrodispatch.ops.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upgrade in the middle of the morning peak: the job at parallelism 2 is stopped with a
 * savepoint (no drain: pending windows and timers stay in the state) while the simulator keeps
 * writing, then redeployed from that savepoint at parallelism 1; it finishes the stream and is
 * drained. The recommendations committed to Kafka across both runs equal the replay's, one for one
 * and in order.
 */
class SavepointUpgradeIT {

    /** 60 simulated minutes in about 40 s. */
    private static final double SPEED = 90;

    @TempDir static Path dir;
    private static ClusterScenario scenario;

    @BeforeAll
    static void startEverything() throws Exception {
        scenario = ClusterScenario.start(dir);
        scenario.startBrokerAndCluster();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void upgradeFromSavepointAtAnotherParallelismKeepsEveryRecommendationOnce() throws Exception {
        String first = scenario.deploy(2, null);
        CompletableFuture<Void> simulation = scenario.simulateIntoKafka(SPEED);
        scenario.awaitMidStreamWithOutputInFlight(first, simulation);

        String savepoint =
                scenario.jobs().stopWithSavepoint(first, false, null, Duration.ofMinutes(2));
        assertThat(simulation).as("the stream is still flowing").isNotDone();
        assertThat(scenario.jobs().state(first)).isEqualTo("FINISHED");

        String second = scenario.deploy(1, savepoint);
        JsonNode restored =
                scenario.jobs()
                        .rest()
                        .get("/jobs/" + second + "/checkpoints")
                        .path("latest")
                        .path("restored");
        assertThat(restored.path("is_savepoint").asBoolean()).isTrue();
        assertThat(restored.path("external_path").asText()).isEqualTo(savepoint);
        assertThat(
                        scenario.jobs()
                                .rest()
                                .get("/jobs/" + second)
                                .path("vertices")
                                .get(0)
                                .path("parallelism")
                                .asInt())
                .as("the source runs at the new parallelism")
                .isEqualTo(1);

        simulation.get(3, TimeUnit.MINUTES);
        scenario.awaitInputConsumed();
        scenario.jobs().stopWithSavepoint(second, true, null, Duration.ofMinutes(2));

        assertThat(scenario.committedRecommendations())
                .containsExactlyElementsOf(scenario.expectedRecommendations);
    }
}
