package org.metrodispatch.ops.it;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.job.CrowdDispatchMain;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.Replay;
import org.metrodispatch.ops.ClusterLayout;
import org.metrodispatch.ops.DeployCommand;
import org.metrodispatch.ops.FlinkCluster;
import org.metrodispatch.ops.FlinkJobs;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.kafka.CommittedReader;
import org.metrodispatch.simulator.kafka.LocalKafkaBroker;
import org.metrodispatch.simulator.kafka.TopicAdmin;
import org.metrodispatch.simulator.output.EventSink;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.KafkaEventSink;

import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.SubtaskExecutionAttemptDetailsInfo;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Everything a cluster test needs, started for real and stopped in {@link #close()} (by {@link
 * StandaloneClusterExtension}, once per test class): a Kafka broker in this JVM, a standalone Flink
 * cluster of separate processes (1 JobManager, 2 TaskManagers) started through the ops code, the
 * job jar deployed through Flink's REST client, and the simulator writing a morning peak into
 * Kafka.
 *
 * <p>The scenario is the morning peak without very late records, 07:45-08:45 on seed 3 (Nijiaqiao
 * southbound crowds from about 08:05). No record then arrives later than the job's out-of-orderness
 * bound whatever the read interleaving, so the job's decisions are fully determined by the input:
 * whatever happens to the cluster, the recommendations committed to Kafka must equal, one for one
 * and in order, those of a failure-free replay of the same records from files.
 */
final class ClusterScenario implements AutoCloseable {

    static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
    static final Path JOB_CONFIG = CONFIG.resolve("job.yaml");
    static final long SEED = 3;
    static final String FROM = "07:45";
    static final String TO = "08:45";
    static final String GROUP_ID = "cluster-it";
    static final Duration LONG_WAIT = Duration.ofMinutes(3);

    final Path dir;
    final Scenario scenario;
    final KafkaTopics topics;

    /** The reference replay's recommendations, without their emittedAt (the wall clock). */
    final List<String> expectedRecommendations;

    private LocalKafkaBroker broker;
    private FlinkCluster cluster;
    private FlinkJobs jobs;
    private Thread shutdownHook;

    private ClusterScenario(Path dir, Scenario scenario, List<String> expected) {
        this.dir = dir;
        this.scenario = scenario;
        this.topics = KafkaTopics.load(CONFIG.resolve("kafka.yaml"));
        this.expectedRecommendations = expected;
    }

    /**
     * Replays the window from files (the reference), then starts the broker and the cluster.
     * Whatever fails here, the caller's {@code close()} stops what did start.
     */
    static ClusterScenario start(Path dir) throws Exception {
        Path scenarioFile = dir.resolve("no-very-late.yaml");
        Files.writeString(
                scenarioFile,
                "extends: "
                        + CONFIG.resolve("scenarios/weekday-morning-peak.yaml")
                        + "\n"
                        + "feeds: {gate: {veryLate: {share: 0}}}\n");
        Scenario scenario = Scenario.load(scenarioFile);
        Path files = dir.resolve("simulated");
        try (FileEventSink sink = new FileEventSink(files)) {
            simulation(scenario, SimulationOptions.FAST, sink).run();
        }
        Path replay = dir.resolve("replay");
        JobSettings settings = JobSettings.load(JOB_CONFIG);
        Network network = NetworkLoader.load(settings.networkFile);
        Replay.run(settings, network, CrowdDispatchMain.shares(settings, network), files, replay);
        List<String> expected =
                Files.readAllLines(replay.resolve("recommendations.jsonl"), StandardCharsets.UTF_8);
        assertThat(expected)
                .as("the reference replay recommends a train for Nijiaqiao southbound")
                .extracting(OutputJson::readDecision)
                .anyMatch(ClusterScenario::raisedNijiaqiaoSouthbound);
        return new ClusterScenario(dir, scenario, withoutEmittedAt(expected));
    }

    private static boolean raisedNijiaqiaoSouthbound(DispatchDecision d) {
        return d.decision == DecisionType.RAISED
                && d.stationId.equals("nijiaqiao")
                && d.direction.equals("southbound");
    }

    /** Starts the broker and a cluster of 1 JobManager and 2 TaskManagers (2 slots each). */
    void startBrokerAndCluster() throws Exception {
        broker = LocalKafkaBroker.start(dir.resolve("kafka"), 0, 0);
        TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, KafkaTopics.Role.values());
        ClusterLayout layout = ClusterLayout.ofProject(dir.resolve("flink"));
        cluster = new FlinkCluster(layout);
        // Last resort: should @AfterAll not run, the cluster still ends with this JVM (and the
        // supervisor also watches this JVM's pid).
        shutdownHook = new Thread(this::stopClusterQuietly, "cluster-scenario-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        cluster.start(2, 0, OptionalLong.of(ProcessHandle.current().pid()), Duration.ofMinutes(2));
        jobs =
                FlinkJobs.connect(
                        cluster.runningSettings().orElseThrow().restUrl(), Duration.ofMinutes(2));
    }

    FlinkCluster cluster() {
        return cluster;
    }

    FlinkJobs jobs() {
        return jobs;
    }

    /** Deploys the job jar at this parallelism, from a savepoint or fresh; waits until it runs. */
    String deploy(int parallelism, String savepoint) throws Exception {
        List<String> args =
                DeployCommand.programArgs(
                        broker.bootstrapServers(),
                        parallelism,
                        cluster.layout().checkpointDir().toUri().toString(),
                        List.of(
                                "--config",
                                JOB_CONFIG.toString(),
                                "--group-id",
                                GROUP_ID,
                                "--start-from",
                                "earliest"));
        String jobId = jobs.deploy(jobJar(), args, parallelism, savepoint);
        jobs.awaitRunning(jobId, LONG_WAIT);
        return jobId;
    }

    /** Deploys with these job arguments after the usual ones; what the attempt threw, or null. */
    Throwable deployFailure(String... jobArgs) {
        List<String> args =
                DeployCommand.programArgs(
                        broker.bootstrapServers(),
                        2,
                        cluster.layout().checkpointDir().toUri().toString(),
                        List.of(jobArgs));
        return catchThrowable(() -> jobs.deploy(jobJar(), args, 2, null));
    }

    /**
     * Writes the window into Kafka in the background; {@code speed} times real time, or {@link
     * SimulationOptions#FAST}.
     */
    CompletableFuture<Void> simulateIntoKafka(double speed) {
        return CompletableFuture.runAsync(
                () -> {
                    try (KafkaEventSink sink =
                            new KafkaEventSink(broker.bootstrapServers(), topics)) {
                        simulation(scenario, speed, sink).run();
                    } catch (IOException e) {
                        throw new IllegalStateException("the simulation into Kafka failed", e);
                    }
                });
    }

    private static Simulation simulation(Scenario scenario, double speed, EventSink sink) {
        return new Simulation(
                scenario,
                new SimulationOptions(SEED, scenario.date(), seconds(FROM), seconds(TO), speed),
                sink);
    }

    private static int seconds(String hhmm) {
        String[] parts = hhmm.split(":");
        return Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60;
    }

    /** Records the job's consumer group committed so far (with its checkpoints). */
    long committedInput() throws Exception {
        long total = 0;
        for (OffsetAndMetadata offset : committedOffsets().values()) {
            total += offset == null ? 0 : offset.offset();
        }
        return total;
    }

    /**
     * Waits until the job's checkpoints committed every input record: all of gate and train events
     * are then in the job's state and outputs.
     */
    void awaitInputConsumed() throws Exception {
        Map<TopicPartition, Long> end = endOffsets();
        await(
                "the job to consume all input",
                () -> {
                    try {
                        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
                        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                            OffsetAndMetadata c = committed.get(e.getKey());
                            if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
                                return false;
                            }
                        }
                        return true;
                    } catch (Exception ex) {
                        return false;
                    }
                });
    }

    private List<TopicPartition> inputPartitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (KafkaTopics.Role role :
                List.of(KafkaTopics.Role.GATE_EVENTS, KafkaTopics.Role.TRAIN_EVENTS)) {
            for (int p = 0; p < topics.partitions(role); p++) {
                partitions.add(new TopicPartition(topics.name(role), p));
            }
        }
        return partitions;
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartition tp : inputPartitions()) {
            request.put(tp, OffsetSpec.latest());
        }
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> end = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                    admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
                end.put(e.getKey(), e.getValue().offset());
            }
            return end;
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets() throws Exception {
        try (Admin admin = admin()) {
            return admin.listConsumerGroupOffsets(GROUP_ID)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return Admin.create(props);
    }

    /**
     * Whether recommendations sit in a Kafka transaction not committed yet: the topic's end offset
     * is beyond its last stable offset. A failure or a savepoint now hits output in flight.
     */
    boolean recommendationsInFlight() {
        TopicPartition partition =
                new TopicPartition(topics.name(KafkaTopics.Role.RECOMMENDATIONS), 0);
        return endOffset(partition, "read_uncommitted") > endOffset(partition, "read_committed");
    }

    private long endOffset(TopicPartition partition, String isolation) {
        Properties props = CommittedReader.properties(broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    /**
     * Waits, while the stream flows, until a checkpoint completed with input in it and
     * recommendations are in flight: the moment a failure or an upgrade is most likely to lose or
     * repeat output.
     */
    void awaitMidStreamWithOutputInFlight(String jobId, CompletableFuture<Void> simulation)
            throws InterruptedException {
        await(
                "a completed checkpoint, then recommendations in an open transaction",
                () -> {
                    if (simulation.isDone()) {
                        throw new AssertionError(
                                "the stream ended before recommendations were in flight");
                    }
                    try {
                        return jobs.completedCheckpoints(jobId) >= 1
                                && committedInput() > 0
                                && recommendationsInFlight();
                    } catch (Exception e) {
                        return false;
                    }
                });
    }

    /** Decision lines without their emittedAt: what runs of the same input agree on. */
    static List<String> withoutEmittedAt(List<String> lines) {
        List<String> comparable = new ArrayList<>();
        for (String line : lines) {
            comparable.add(OutputJson.withoutEmittedAt(line));
        }
        return comparable;
    }

    /**
     * Everything committed to the recommendations topic (one partition), in order, without
     * emittedAt: comparable with {@link #expectedRecommendations}.
     */
    List<String> committedRecommendations() {
        Properties props = CommittedReader.properties(broker.bootstrapServers());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition =
                    new TopicPartition(topics.name(KafkaTopics.Role.RECOMMENDATIONS), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            // For read_committed the end offset is the last stable offset: all that is committed.
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return withoutEmittedAt(values);
    }

    /**
     * The TaskManager (1-based index) that runs the job's task whose name contains {@code task},
     * e.g. the recommendations sink.
     */
    int taskManagerRunning(String jobId, String task) throws IOException {
        for (JobDetailsInfo.JobVertexDetailsInfo vertex : jobs.details(jobId).getJobVertexInfos()) {
            if (!vertex.getName().contains(task)) {
                continue;
            }
            for (SubtaskExecutionAttemptDetailsInfo subtask :
                    jobs.vertex(jobId, vertex.getJobVertexID()).getSubtasks()) {
                if (subtask.getStatus() == ExecutionState.RUNNING) {
                    // Resource ids are taskmanager-<index>-<incarnation>.
                    return Integer.parseInt(subtask.getTaskmanagerId().split("-")[1]);
                }
            }
        }
        throw new IllegalStateException("no TaskManager runs a task named like '" + task + "'");
    }

    /** How many TaskManagers the JobManager has registered. */
    int registeredTaskManagers() throws IOException {
        return jobs.overview().getNumTaskManagersConnected();
    }

    Optional<ProcessHandle> taskManager(int index) {
        return cluster.taskManager(index);
    }

    /** Polls a condition until it holds, failing after {@link #LONG_WAIT}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LONG_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + LONG_WAIT.toSeconds() + " s waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** The shaded job jar the build made (the jobs module is packaged before this one). */
    static Path jobJar() throws IOException {
        Path target = Path.of("..", "jobs", "target");
        try (DirectoryStream<Path> jars =
                Files.newDirectoryStream(target, "metro-dispatch-jobs-*-job.jar")) {
            for (Path jar : jars) {
                return jar.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException(
                "no job jar in jobs/target/: package the jobs module first");
    }

    private void stopClusterQuietly() {
        try {
            if (cluster != null) {
                cluster.stop(Duration.ofSeconds(30));
            }
        } catch (Exception | Error e) {
            // Nothing more to do at JVM exit.
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (jobs != null) {
                jobs.close();
            }
            if (cluster != null) {
                cluster.stop(Duration.ofSeconds(60));
            }
        } finally {
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // The JVM is shutting down already.
                }
            }
            if (broker != null) {
                broker.close();
            }
        }
    }
}
