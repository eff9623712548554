package org.metrodispatch.ops.it;

import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatistics.RestoredCheckpointStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @RegisterExtension
    static final StandaloneClusterExtension CLUSTER = new StandaloneClusterExtension();

    @Test
    void upgradeFromSavepointAtAnotherParallelismKeepsEveryRecommendationOnce() throws Exception {
        ClusterScenario scenario = CLUSTER.scenario();
        String first = scenario.deploy(2, null);
        CompletableFuture<Void> simulation = scenario.simulateIntoKafka(SPEED);
        scenario.awaitMidStreamWithOutputInFlight(first, simulation);

        String savepoint =
                scenario.jobs().stopWithSavepoint(first, false, null, Duration.ofMinutes(2));
        assertThat(simulation).as("the stream is still flowing").isNotDone();
        assertThat(scenario.jobs().state(first)).isEqualTo("FINISHED");

        String second = scenario.deploy(1, savepoint);
        RestoredCheckpointStatistics restored =
                scenario.jobs()
                        .checkpoints(second)
                        .getLatestCheckpoints()
                        .getRestoredCheckpointStatistics();
        assertThat(restored.isSavepoint()).isTrue();
        assertThat(restored.getExternalPath()).isEqualTo(savepoint);
        assertThat(
                        scenario.jobs()
                                .details(second)
                                .getJobVertexInfos()
                                .iterator()
                                .next()
                                .getParallelism())
                .as("the source runs at the new parallelism")
                .isEqualTo(1);

        simulation.get(3, TimeUnit.MINUTES);
        scenario.awaitInputConsumed();
        scenario.jobs().stopWithSavepoint(second, true, null, Duration.ofMinutes(2));

        assertThat(scenario.committedRecommendations())
                .containsExactlyElementsOf(scenario.expectedRecommendations);
    }
}
