package org.metrodispatch.ops.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TaskManager running the recommendations sink is SIGKILLed while the morning peak streams in
 * (the simulator paced, at least one checkpoint done) and while recommendations sit in an open
 * Kafka transaction. The job restarts from its last checkpoint on the surviving slots, the
 * supervisor brings the killed TaskManager back, and the recommendations committed to Kafka still
 * equal the failure-free replay: nothing lost, nothing duplicated. (A read_uncommitted reader does
 * see the aborted copies: the failure really hits output in flight.)
 */
class TaskManagerFailureIT {

    /** 60 simulated minutes in about 40 s. */
    private static final double SPEED = 90;

    @RegisterExtension
    static final StandaloneClusterExtension CLUSTER = new StandaloneClusterExtension();

    @Test
    void killedTaskManagerLosesAndDuplicatesNothing() throws Exception {
        ClusterScenario scenario = CLUSTER.scenario();
        String jobId = scenario.deploy(2, null);
        CompletableFuture<Void> simulation = scenario.simulateIntoKafka(SPEED);

        scenario.awaitMidStreamWithOutputInFlight(jobId, simulation);
        // The TaskManager that owns the open transaction: killed, it cannot abort it itself.
        int victim = scenario.taskManagerRunning(jobId, "Recommendations");
        ProcessHandle killed = scenario.taskManager(victim).orElseThrow();
        assertThat(simulation).as("the stream is still flowing").isNotDone();
        assertThat(killed.destroyForcibly()).as("SIGKILL sent").isTrue();
        killed.onExit().get(30, TimeUnit.SECONDS);

        ClusterScenario.await(
                "the job to fail over",
                () -> {
                    try {
                        return scenario.jobs()
                                        .checkpoints(jobId)
                                        .getCounts()
                                        .getNumberRestoredCheckpoints()
                                >= 1;
                    } catch (Exception e) {
                        return false;
                    }
                });
        ClusterScenario.await(
                "the job to run again",
                () -> {
                    try {
                        return scenario.jobs().fullyRunning(jobId);
                    } catch (Exception e) {
                        return false;
                    }
                });
        ClusterScenario.await(
                "the supervisor to restart the killed TaskManager",
                () -> {
                    try {
                        return scenario.taskManager(victim)
                                        .filter(p -> p.pid() != killed.pid())
                                        .isPresent()
                                && scenario.registeredTaskManagers() == 2;
                    } catch (Exception e) {
                        return false;
                    }
                });

        simulation.get(3, TimeUnit.MINUTES);
        scenario.awaitInputConsumed();
        scenario.jobs().stopWithSavepoint(jobId, true, null, Duration.ofMinutes(2));

        assertThat(scenario.jobs().state(jobId)).isEqualTo("FINISHED");
        assertThat(scenario.committedRecommendations())
                .containsExactlyElementsOf(scenario.expectedRecommendations);
    }
}
