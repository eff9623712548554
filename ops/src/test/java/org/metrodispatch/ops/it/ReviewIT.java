package org.metrodispatch.ops.it;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.simulator.kafka.LocalKafkaBroker;
import org.metrodispatch.simulator.kafka.TopicAdmin;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code metro-dispatch review} on a real run: the seeded morning peak replayed through the job,
 * its decision log read from the file (also while still being written) and from the recommendations
 * topic of a real broker (read_committed), and the Nijiaqiao episode explained with the run's
 * ground truth.
 */
class ReviewIT {

    @RegisterExtension static final MiniClusterExtension FLINK = SeededRun.miniCluster();

    @TempDir static Path dir;
    private static Path run;
    private static DispatchDecision raised;

    @BeforeAll
    static void replayTheMorningPeak() throws Exception {
        run = SeededRun.morningPeak(dir);
        List<DispatchDecision> decisions = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("job/decisions.jsonl"))) {
            decisions.add(OutputJson.readDecision(line));
        }
        raised =
                decisions.stream()
                        .filter(d -> d.decision == DecisionType.RAISED)
                        .filter(d -> d.stationId.equals("nijiaqiao"))
                        .filter(d -> d.direction.equals("southbound"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("the replay raised no Nijiaqiao"));
    }

    private static OpsCommand review(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "review";
        System.arraycopy(args, 0, all, 1, args.length);
        return OpsCommand.run(all);
    }

    private static String hhmmss(long epochMillis) {
        return LocalTime.ofInstant(
                        java.time.Instant.ofEpochMilli(epochMillis), ZoneId.of("Asia/Shanghai"))
                .toString();
    }

    @Test
    void listsTheNijiaqiaoRaiseAndSumsUpTheStation() {
        OpsCommand result = review("--decisions", run.toString(), "--station", "nijiaqiao");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        String time = hhmmss(raised.eventTime);
        assertThat(result.lines())
                .anySatisfy(
                        line ->
                                assertThat(line)
                                        .startsWith(time + "  nijiaqiao  southbound  RAISED")
                                        .contains(raised.emptyTrain.poolId)
                                        .contains(hhmmss(raised.emptyTrain.arriveAt))
                                        .endsWith(raised.recommendationId))
                .contains("Summary per station and direction:")
                .anySatisfy(line -> assertThat(line).matches("nijiaqiao +southbound +1 +.*"))
                .allSatisfy(line -> assertThat(line).doesNotContain("huayang"));
    }

    @Test
    void explainsTheRaiseWithTheGroundTruthOfTheRun() {
        OpsCommand result =
                review("explain", raised.recommendationId, "--decisions", run.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.lines())
                .startsWith("Episode " + raised.recommendationId + ": nijiaqiao southbound, line 1")
                .contains(
                        "What raised it: " + hhmmss(raised.eventTime) + " RAISED: " + raised.reason,
                        "The job's windows before it ("
                                + run.resolve("job/station-load.jsonl")
                                + "):",
                        "What followed:")
                .anySatisfy(
                        line ->
                                assertThat(line)
                                        .startsWith(
                                                "What really happened ("
                                                        + run.resolve("ground-truth.jsonl")))
                .anySatisfy(
                        line ->
                                assertThat(line)
                                        .startsWith("  crowded from ")
                                        .contains("departures in a row left passengers behind"))
                .anySatisfy(line -> assertThat(line).startsWith("  the job raised it "))
                .anySatisfy(line -> assertThat(line).startsWith("  peak waiting "))
                .anySatisfy(line -> assertThat(line).endsWith("<- RAISED"));
    }

    @Test
    void readsALogThatIsStillBeingWritten() throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("job/decisions.jsonl"));
        assertThat(lines).hasSizeGreaterThan(2);
        Path writing = dir.resolve("writing.jsonl");
        String last = lines.get(lines.size() - 1);
        Files.writeString(
                writing,
                String.join("\n", lines.subList(0, lines.size() - 1))
                        + "\n"
                        + last.substring(0, last.length() / 2),
                StandardCharsets.UTF_8);

        OpsCommand result = review("--decisions", writing.toString(), "--format", "csv");

        assertThat(result.exitCode()).isZero();
        assertThat(result.lines()).hasSize(1 + lines.size() - 1);
        assertThat(result.err())
                .isEqualTo(
                        "metro-dispatch review: "
                                + writing
                                + ": line "
                                + lines.size()
                                + " is incomplete (the job is still writing it?); not read yet\n");
    }

    @Test
    void readsWhatIsCommittedOnTheRecommendationsTopic() throws Exception {
        List<String> recommendations = Files.readAllLines(run.resolve("job/recommendations.jsonl"));
        assertThat(recommendations).isNotEmpty();
        KafkaTopics topics = KafkaTopics.load(SeededRun.CONFIG.resolve("kafka.yaml"));
        String topic = topics.name(KafkaTopics.Role.RECOMMENDATIONS);
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir.resolve("kafka"), 0, 0)) {
            String bootstrap = broker.bootstrapServers();
            TopicAdmin.ensureTopics(bootstrap, topics, KafkaTopics.Role.RECOMMENDATIONS);
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "review-it");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
                producer.initTransactions();
                producer.beginTransaction();
                for (String line : recommendations) {
                    producer.send(new ProducerRecord<>(topic, "nijiaqiao", line));
                }
                producer.send(new ProducerRecord<>(topic, "x", "not a decision"));
                producer.commitTransaction();
                // Never committed: a read_committed reader must not see it.
                producer.beginTransaction();
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                "aborted",
                                recommendations.get(0).replace("nijiaqiao", "aborted-station")));
                producer.flush();
                producer.abortTransaction();
            }

            OpsCommand result = review("--kafka", bootstrap, "--format", "json");

            assertThat(result.exitCode()).as(result.err()).isZero();
            // The records as the job wrote them: the decision log's schema, one a line.
            assertThat(result.lines()).containsExactlyElementsOf(recommendations);
            assertThat(result.out()).doesNotContain("aborted-station");
            assertThat(result.err())
                    .startsWith(
                            "metro-dispatch review: "
                                    + topic
                                    + " on "
                                    + bootstrap
                                    + ": "
                                    + topic
                                    + "/0:"
                                    + recommendations.size()
                                    + ": malformed JSON")
                    .endsWith("(skipped)\n");

            OpsCommand explained =
                    review(
                            "explain",
                            "nijiaqiao-southbound",
                            "--kafka",
                            bootstrap,
                            "--ground-truth",
                            run.resolve("ground-truth.jsonl").toString());
            assertThat(explained.exitCode()).as(explained.err()).isZero();
            assertThat(explained.lines())
                    .startsWith(
                            "Episode " + raised.recommendationId + ": nijiaqiao southbound, line 1")
                    .anySatisfy(line -> assertThat(line).startsWith("  peak waiting "));
        }
    }
}
