package org.metrodispatch.job.it;

import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.JobProgress;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.job.CrowdDispatchJob;
import org.metrodispatch.job.JobEnvironment;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.JobSinkSets;
import org.metrodispatch.job.Replay;
import org.metrodispatch.simulator.kafka.CommittedReader;
import org.metrodispatch.simulator.kafka.LocalKafkaBroker;
import org.metrodispatch.simulator.kafka.LocalKafkaBrokerMain;
import org.metrodispatch.simulator.kafka.TopicAdmin;
import org.metrodispatch.simulator.output.EventSink;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.KafkaEventSink;
import org.metrodispatch.simulator.output.TeeSink;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly once through a broker outage: the Kafka broker goes away mid-stream for longer than
 * several checkpoint intervals and comes back on the same ports and log folder. What the job
 * committed to the recommendations topic then equals, line for line, what a replay of the same
 * records without any failure decides: nothing lost, nothing twice.
 */
class BrokerOutageIT {

    @RegisterExtension static final MiniClusterExtension FLINK = JobTestSupport.miniCluster();

    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    /** Ten checkpoint intervals: the outage the test injects. */
    private static final Duration OUTAGE = CHECKPOINT_INTERVAL.multipliedBy(10);

    private static final Duration WAIT = Duration.ofMinutes(4);

    @TempDir Path dir;

    /** One record as the simulator wrote it. */
    private record Written(EventSink.Stream stream, String stationId, byte[] bytes) {}

    @Test
    void committedRecommendationsAfterABrokerOutageEqualAFailureFreeReplay() throws Exception {
        int port = LocalKafkaBroker.freePort();
        int controllerPort = LocalKafkaBroker.freePort();
        Path kafkaDir = dir.resolve("kafka");
        String bootstrap = "localhost:" + port;
        Process broker = startBroker(kafkaDir, port, controllerPort);
        try {
            KafkaTopics topics = KafkaTopics.load(JobTestSupport.CONFIG.resolve("kafka.yaml"));
            TopicAdmin.ensureTopics(bootstrap, topics, KafkaTopics.Role.values());

            // The morning, recorded once: to files for the reference replay, in memory for Kafka.
            Path files = dir.resolve("simulated");
            List<Written> records = new ArrayList<>();
            try (FileEventSink fileSink = new FileEventSink(files)) {
                JobTestSupport.simulate(
                        Scenario.load(JobTestSupport.MORNING_PEAK),
                        5,
                        "07:30",
                        "09:00",
                        new TeeSink(fileSink, recorder(records)));
            }
            List<String> reference = replay(files);
            assertThat(reference).as("the reference replay recommends something").isNotEmpty();

            JobSettings settings = settings(bootstrap);
            send(bootstrap, topics, records.subList(0, records.size() / 2));
            JobClient job = startJob(settings, topics);
            try {
                // Mid-stream: the job has committed its first transaction.
                waitFor(
                        "a first committed progress mark",
                        () -> !progress(bootstrap, topics).isEmpty());
                stop(broker);
                // The fault itself: the broker stays away for ten checkpoint intervals.
                Thread.sleep(OUTAGE.toMillis());
                broker = startBroker(kafkaDir, port, controllerPort);
                waitFor("every partition led again", () -> allPartitionsLed(bootstrap, topics));
                send(bootstrap, topics, records.subList(records.size() / 2, records.size()));

                long target = endOfMorning(reference, settings);
                waitFor(
                        "the job's committed progress near the end of the morning",
                        () -> lastWatermark(bootstrap, topics) >= target);
            } finally {
                job.cancel().get();
            }

            long decidedUntil = lastWatermark(bootstrap, topics);
            List<String> committed =
                    JobTestSupport.withoutEmittedAt(
                            committedLines(
                                    bootstrap, topics.name(KafkaTopics.Role.RECOMMENDATIONS)));
            // The replay reads the files in one order, the job on Kafka after the outage in
            // another:
            // an exit delivered six minutes late (08:51:48, seed 5) is late in the one, counted in
            // the other. Decisions, estimates and trains must match; window counts may not.
            assertThat(JobTestSupport.withoutWindowCounts(committed))
                    .isEqualTo(
                            JobTestSupport.withoutWindowCounts(
                                    JobTestSupport.withoutEmittedAt(upTo(reference, decidedUntil))))
                    .isNotEmpty();
        } finally {
            stop(broker);
        }
    }

    /**
     * The broker as a process of its own, as {@code metro-dispatch kafka start} runs it: stopping
     * it is a real outage (connections refused), and it comes back on the same ports and log
     * folder. Returns once it accepts connections.
     */
    private Process startBroker(Path kafkaDir, int port, int controllerPort) throws Exception {
        Path log = dir.resolve("broker-" + System.nanoTime() + ".log");
        Process process =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                LocalKafkaBrokerMain.class.getName(),
                                kafkaDir.toString(),
                                Integer.toString(port),
                                Integer.toString(controllerPort))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        waitFor(
                "the broker process to listen",
                () -> {
                    try {
                        return !process.isAlive()
                                || Files.readString(log).contains("broker listening on");
                    } catch (IOException notYet) {
                        return false;
                    }
                });
        assertThat(process.isAlive())
                .as("broker process, log:%n%s", Files.readString(log))
                .isTrue();
        return process;
    }

    /** Whether every partition of the project's topics has a leader (the broker took them up). */
    private static boolean allPartitionsLed(String bootstrap, KafkaTopics topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        List<String> names = new ArrayList<>();
        for (KafkaTopics.Role role : KafkaTopics.Role.values()) {
            names.add(topics.name(role));
        }
        try (Admin admin = Admin.create(props)) {
            for (TopicDescription topic :
                    admin.describeTopics(names)
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS)
                            .values()) {
                for (TopicPartitionInfo partition : topic.partitions()) {
                    if (partition.leader() == null || partition.leader().isEmpty()) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Exception notYet) {
            // The broker is still starting: ask again.
            return false;
        }
    }

    /** Stops the broker process (SIGTERM: a clean shutdown) and waits for it to end. */
    private static void stop(Process broker) throws InterruptedException {
        broker.destroy();
        if (!broker.waitFor(60, TimeUnit.SECONDS)) {
            broker.destroyForcibly().waitFor();
        }
    }

    private static EventSink recorder(List<Written> records) {
        return new EventSink() {
            @Override
            public void write(
                    Stream stream, String stationId, byte[] record, int offset, int length) {
                records.add(
                        new Written(
                                stream,
                                stationId,
                                Arrays.copyOfRange(record, offset, offset + length)));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
    }

    private static void send(String bootstrap, KafkaTopics topics, List<Written> records)
            throws IOException {
        try (KafkaEventSink sink = new KafkaEventSink(bootstrap, topics)) {
            for (Written record : records) {
                sink.write(
                        record.stream(),
                        record.stationId(),
                        record.bytes(),
                        0,
                        record.bytes().length);
            }
            sink.flush();
        }
    }

    private List<String> replay(Path files) throws Exception {
        JobSettings settings = JobTestSupport.settings();
        Network network = JobTestSupport.network(settings);
        Path out = dir.resolve("replay");
        Replay.run(settings, network, JobTestSupport.shares(settings, network), files, out);
        return Files.readAllLines(out.resolve(JobSinkSets.RECOMMENDATIONS + ".jsonl"));
    }

    private JobSettings settings(String bootstrap) {
        JobSettings settings = JobTestSupport.settings();
        settings.bootstrapServers = bootstrap;
        settings.groupId = "broker-outage-test";
        settings.startFrom = "earliest";
        settings.checkpointInterval = CHECKPOINT_INTERVAL;
        settings.checkpointMinPause = Duration.ZERO;
        settings.checkpointDirectory = dir.resolve("checkpoints").toUri().toString();
        return settings;
    }

    private static JobClient startJob(JobSettings settings, KafkaTopics topics) throws Exception {
        Network network = JobTestSupport.network(settings);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        JobEnvironment.configuration(settings, true));
        new CrowdDispatchJob(settings, network, JobTestSupport.shares(settings, network))
                .defineOnKafka(
                        env,
                        topics,
                        false,
                        JobSinkSets.kafka(settings, topics, network.timeZone()));
        return env.executeAsync("broker outage test");
    }

    /**
     * How far the job gets on this input: the last reference recommendation, or five minutes before
     * the morning's end when that is earlier (an unbounded source never sees the end of its input,
     * so the job's clock stays a little behind it).
     */
    private static long endOfMorning(List<String> reference, JobSettings settings)
            throws IOException {
        Scenario scenario = Scenario.load(JobTestSupport.MORNING_PEAK);
        long end =
                scenario.date()
                        .atTime(LocalTime.of(9, 0))
                        .atZone(JobTestSupport.network(settings).timeZone())
                        .toInstant()
                        .minus(Duration.ofMinutes(5))
                        .toEpochMilli();
        long last = Long.MIN_VALUE;
        for (String line : reference) {
            last = Math.max(last, decision(line).eventTime);
        }
        return Math.min(last, end);
    }

    private static List<String> upTo(List<String> reference, long decidedUntil) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : reference) {
            if (decision(line).eventTime <= decidedUntil) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static DispatchDecision decision(String line) throws IOException {
        return OutputJson.readDecision(line);
    }

    private static List<JobProgress> progress(String bootstrap, KafkaTopics topics) {
        List<JobProgress> marks = new ArrayList<>();
        for (String line : committedLines(bootstrap, topics.name(KafkaTopics.Role.JOB_PROGRESS))) {
            try {
                marks.add(OutputJson.readProgress(line));
            } catch (IOException e) {
                throw new IllegalStateException("unreadable progress mark: " + line, e);
            }
        }
        return marks;
    }

    private static long lastWatermark(String bootstrap, KafkaTopics topics) {
        long last = Long.MIN_VALUE;
        for (JobProgress mark : progress(bootstrap, topics)) {
            last = Math.max(last, mark.watermark);
        }
        return last;
    }

    /** Everything committed to a one-partition topic now, in order. */
    private static List<String> committedLines(String bootstrap, String topic) {
        List<String> lines = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(CommittedReader.properties(bootstrap))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Map<TopicPartition, Long> ends = consumer.endOffsets(List.of(partition));
            long end = ends.get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    lines.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        } catch (RuntimeException brokerAway) {
            // While the broker restarts a read may fail: the caller asks again.
            return lines;
        }
        return lines;
    }

    private static void waitFor(String what, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
