package org.metrodispatch.job.it;

import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.truth.Platform;
import org.metrodispatch.job.CrowdDispatchJob;
import org.metrodispatch.job.JobEnvironment;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.JobSinkSets;
import org.metrodispatch.job.JobSinks;
import org.metrodispatch.job.io.JsonEncoder;
import org.metrodispatch.job.io.JsonLinesFileSink;
import org.metrodispatch.job.io.PartFiles;
import org.metrodispatch.job.io.TransactionTimeouts;
import org.metrodispatch.simulator.kafka.LocalKafkaBroker;
import org.metrodispatch.simulator.kafka.TopicAdmin;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.KafkaEventSink;
import org.metrodispatch.simulator.output.TeeSink;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * End to end with a real broker started by the test: the simulator writes a morning peak to Kafka,
 * the job reads it on a MiniCluster and writes its recommendations to Kafka in transactions; a
 * read_committed reader sees exactly the job's actionable decisions, and Nijiaqiao gets its train.
 */
class KafkaEndToEndIT {

    @RegisterExtension static final MiniClusterExtension FLINK = JobTestSupport.miniCluster();

    @TempDir static Path dir;
    private static LocalKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = LocalKafkaBroker.start(dir.resolve("kafka"), 0, 0);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void morningPeakThroughKafkaRaisesNijiaqiaoAndCommitsEachRecommendationOnce() throws Exception {
        KafkaTopics topics = KafkaTopics.load(JobTestSupport.CONFIG.resolve("kafka.yaml"));
        TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, KafkaTopics.Role.values());
        Scenario scenario = Scenario.load(JobTestSupport.MORNING_PEAK);
        Path files = dir.resolve("simulated");
        try (FileEventSink fileSink = new FileEventSink(files);
                KafkaEventSink kafkaSink = new KafkaEventSink(broker.bootstrapServers(), topics)) {
            JobTestSupport.simulate(
                    scenario, 5, "06:00", "10:30", new TeeSink(fileSink, kafkaSink));
        }

        JobSettings settings = JobTestSupport.settings();
        JobTestSupport.onKafka(settings, broker.bootstrapServers(), "end-to-end-test", dir);
        Network network = JobTestSupport.network(settings);
        Path out = dir.resolve("out");
        JobSinks sinks = JobSinkSets.kafka(settings, topics, network.timeZone());
        sinks.decisionLog(
                new JsonLinesFileSink<>(
                        out, JobSinkSets.DECISIONS, JsonEncoder.DECISIONS, network.timeZone()));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        JobEnvironment.configuration(settings, true));
        new CrowdDispatchJob(settings, network, JobTestSupport.shares(settings, network))
                .defineOnKafka(env, topics, true, sinks);
        env.execute("end-to-end test");
        PartFiles.merge(out, JobSinkSets.DECISIONS, (a, b) -> 0);

        List<String> decisionLines = Files.readAllLines(out.resolve("decisions.jsonl"));
        List<String> actionable =
                JobTestSupport.withoutEmittedAt(
                        decisionLines.stream()
                                .filter(
                                        line ->
                                                CrowdDispatchJob.isRecommendation(
                                                        JobTestSupport.decision(line)))
                                .collect(Collectors.toList()));
        assertThat(
                        JobTestSupport.withoutEmittedAt(
                                JobTestSupport.readCommitted(
                                        broker.bootstrapServers(),
                                        topics.name(KafkaTopics.Role.RECOMMENDATIONS))))
                .isEqualTo(actionable);

        long onset =
                JobTestSupport.truthEpisodes(
                                files.resolve("ground-truth.jsonl"),
                                new Platform("nijiaqiao", "southbound"))
                        .get(0)
                        .onset();
        DispatchDecision raised =
                JobTestSupport.decisions(out.resolve("decisions.jsonl")).stream()
                        .filter(
                                d ->
                                        d.decision == DecisionType.RAISED
                                                && d.stationId.equals("nijiaqiao"))
                        .findFirst()
                        .orElseThrow();
        assertThat(raised.direction).isEqualTo("southbound");
        assertThat(raised.eventTime).isLessThanOrEqualTo(onset + 5 * 60_000);
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersMaximumIsRefusedBeforeTheJobStarts() throws Exception {
        Properties admin = new Properties();
        admin.setProperty("bootstrap.servers", broker.bootstrapServers());
        // The broker's default maximum is 15 minutes.
        TransactionTimeouts.checkAgainstBroker(admin, Duration.ofMinutes(10));
        assertThatThrownBy(
                        () -> TransactionTimeouts.checkAgainstBroker(admin, Duration.ofMinutes(20)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("900 s");
    }
}
