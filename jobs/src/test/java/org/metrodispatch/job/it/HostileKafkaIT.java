package org.metrodispatch.job.it;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.job.CrowdDispatchJob;
import org.metrodispatch.job.JobEnvironment;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.JobSinkSets;
import org.metrodispatch.job.Replay;
import org.metrodispatch.simulator.kafka.LocalKafkaBroker;
import org.metrodispatch.simulator.kafka.TopicAdmin;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.KafkaEventSink;
import org.metrodispatch.simulator.output.TeeSink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile morning ({@code config/scenarios/examples/hostile-morning.yaml}: a gate an hour
 * ahead, a station half an hour behind, a silent gate, a silent train feed, lost taps) through a
 * real broker, eight partitions per input topic read by two subtasks: event time follows the
 * healthy feeds per partition as it does in a replay, so the empty trains committed to Kafka are a
 * replay's of the same records, the skewed clocks are dead letters naming them, and the feed alerts
 * reach their topic.
 */
class HostileKafkaIT {

    @RegisterExtension static final MiniClusterExtension FLINK = JobTestSupport.miniCluster();

    private static final ObjectMapper JSON = new ObjectMapper();

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
    void theHostileMorningOnKafkaDecidesAsItsReplayAndNamesEveryFault() throws Exception {
        KafkaTopics topics = KafkaTopics.load(JobTestSupport.CONFIG.resolve("kafka.yaml"));
        TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, KafkaTopics.Role.values());
        Scenario hostile =
                Scenario.load(
                        JobTestSupport.CONFIG.resolve("scenarios/examples/hostile-morning.yaml"));
        Path files = dir.resolve("simulated");
        try (FileEventSink fileSink = new FileEventSink(files);
                KafkaEventSink kafkaSink = new KafkaEventSink(broker.bootstrapServers(), topics)) {
            JobTestSupport.simulate(hostile, 5, "07:30", "09:00", new TeeSink(fileSink, kafkaSink));
        }

        JobSettings settings = JobTestSupport.settings();
        Network network = JobTestSupport.network(settings);
        FlowShares shares = JobTestSupport.shares(settings, network);
        Path replay = dir.resolve("replay");
        Replay.run(settings, network, shares, files, replay);

        JobTestSupport.onKafka(settings, broker.bootstrapServers(), "hostile-kafka-test", dir);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        JobEnvironment.configuration(settings, true));
        new CrowdDispatchJob(settings, network, shares)
                .defineOnKafka(
                        env, topics, true, JobSinkSets.kafka(settings, topics, network.timeZone()));
        env.execute("hostile morning on Kafka");

        String bootstrap = broker.bootstrapServers();
        // The same empty trains, at the same moments, from the same pools. (Counts in between may
        // differ by a passenger or two: on Kafka each partition has its own clock, so a tap at the
        // edge of the out-of-orderness can be late in one run and not in the other.)
        assertThat(
                        trainsSent(
                                JobTestSupport.readCommitted(
                                        bootstrap, topics.name(KafkaTopics.Role.RECOMMENDATIONS))))
                .isNotEmpty()
                .isEqualTo(trainsSent(Files.readAllLines(replay.resolve("recommendations.jsonl"))));

        List<String> reasons = new ArrayList<>();
        for (String line :
                JobTestSupport.readCommitted(
                        bootstrap, topics.name(KafkaTopics.Role.DEAD_LETTERS))) {
            reasons.add(JSON.readTree(line).get("reason").asText());
        }
        assertThat(reasons)
                .contains("clock ahead by ~1 h: gate shengxian-lake-g02")
                .anyMatch(r -> r.matches("clock behind by ~3[01] min: (gate|station) luomashi.*"))
                .allMatch(r -> r.startsWith("clock "));

        List<String> alerts = new ArrayList<>();
        for (String line :
                JobTestSupport.readCommitted(
                        bootstrap, topics.name(KafkaTopics.Role.FEED_HEALTH))) {
            JsonNode alert = JSON.readTree(line);
            alerts.add(
                    alert.get("feedAlert").asText()
                            + " "
                            + alert.get("kind").asText()
                            + " "
                            + alert.get("feed").asText());
        }
        assertThat(alerts)
                .contains(
                        "RAISED CLOCK_SKEWED gate shengxian-lake-g02",
                        "RAISED GATES_SILENT north-railway-station-g05",
                        "CLEARED GATES_SILENT north-railway-station-g05",
                        "RAISED TRAIN_FEED_SILENT train feed",
                        "CLEARED TRAIN_FEED_SILENT train feed")
                .anyMatch(a -> a.startsWith("RAISED TAPS_LOST tianfu-square-g"));
    }

    /** The empty trains the decisions send: episode, time, train number and pool. */
    private static List<String> trainsSent(List<String> decisions) throws IOException {
        List<String> trains = new ArrayList<>();
        for (String line : decisions) {
            JsonNode decision = JSON.readTree(line);
            JsonNode train = decision.get("emptyTrain");
            if (train != null) {
                trains.add(
                        decision.get("recommendationId").asText()
                                + " at "
                                + decision.get("eventTime").asText()
                                + ": train "
                                + train.get("sequence").asInt()
                                + " from "
                                + train.get("poolId").asText());
            }
        }
        return trains;
    }
}
