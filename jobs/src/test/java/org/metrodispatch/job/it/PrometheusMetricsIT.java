package org.metrodispatch.job.it;

import org.metrodispatch.contract.cli.LoopbackPorts;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.metrics.PrometheusScrape;
import org.metrodispatch.contract.metrics.PrometheusScrape.Sample;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.SparePool;
import org.metrodispatch.job.CrowdDispatchJob;
import org.metrodispatch.job.JobEnvironment;
import org.metrodispatch.job.JobMetrics;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.JobSinkSets;
import org.metrodispatch.job.JobSinks;
import org.metrodispatch.simulator.kafka.LocalKafkaBroker;
import org.metrodispatch.simulator.kafka.TopicAdmin;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.KafkaEventSink;
import org.metrodispatch.simulator.output.TeeSink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metrodispatch.contract.metrics.PrometheusScrape.labelled;

/**
 * Flink's Prometheus reporter during a real run: the simulator writes a morning to a broker the
 * test starts, the job reads it on a MiniCluster that exports its metrics, and the test scrapes
 * {@code /metrics} while the job runs, checking the values against what the run put in and out. The
 * Grafana dashboard's queries must name metrics the scrape shows.
 */
class PrometheusMetricsIT {

    private static final Path DASHBOARD =
            Path.of("..", "config", "grafana", "metro-dispatch-line.json");

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

    /** Records in a file of JSON lines; malformed ones need not be UTF-8. */
    private static long lines(Path folder, String file) throws IOException {
        long lines = 0;
        for (byte b : Files.readAllBytes(folder.resolve(file))) {
            lines += b == '\n' ? 1 : 0;
        }
        return lines;
    }

    @Test
    void aRunsMetricsAgreeWithItsInputAndOutputsAndTheDashboardAsksOnlyForThem() throws Exception {
        KafkaTopics topics = KafkaTopics.load(JobTestSupport.CONFIG.resolve("kafka.yaml"));
        TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, KafkaTopics.Role.values());
        Path files = dir.resolve("simulated");
        // Some records unreadable: they must show as dead letters, by reason.
        try (FileEventSink fileSink = new FileEventSink(files);
                KafkaEventSink kafkaSink = new KafkaEventSink(broker.bootstrapServers(), topics)) {
            JobTestSupport.simulate(
                    JobTestSupport.morningPeakWithFeeds(dir, 0, 0.01),
                    5,
                    "07:00",
                    "09:00",
                    new TeeSink(fileSink, kafkaSink));
        }
        long records = lines(files, "gate-events.jsonl") + lines(files, "train-events.jsonl");

        JobSettings settings = JobTestSupport.settings();
        JobTestSupport.onKafka(settings, broker.bootstrapServers(), "metrics-test", dir);
        Network network = JobTestSupport.network(settings);
        int port = LoopbackPorts.free();
        Configuration conf =
                JobEnvironment.withPrometheus(
                        JobEnvironment.local(JobEnvironment.configuration(settings, true), 0),
                        port);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        JobSinks sinks = JobSinkSets.kafka(settings, topics, network.timeZone());
        new CrowdDispatchJob(settings, network, JobTestSupport.shares(settings, network))
                .defineOnKafka(env, topics, false, sinks);
        JobClient job = env.executeAsync("metrics test");
        try {
            // Every record in, every dead letter and recommendation committed to Kafka, counted.
            String recommendations = topics.name(KafkaTopics.Role.RECOMMENDATIONS);
            String deadLetterTopic = topics.name(KafkaTopics.Role.DEAD_LETTERS);
            PrometheusScrape scrape = PrometheusScrape.parse("");
            long committed = -1;
            long deadLetters = -1;
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (System.nanoTime() < deadline) {
                scrape = PrometheusScrape.of(port).orElse(scrape);
                committed =
                        JobTestSupport.readCommitted(broker.bootstrapServers(), recommendations)
                                .size();
                deadLetters =
                        JobTestSupport.readCommitted(broker.bootstrapServers(), deadLetterTopic)
                                .size();
                if (scrape.sum("eventsIn") == records
                        && committed > 0
                        && scrape.sum("reason_deadLetters") == deadLetters) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(scrape.sum("eventsIn")).isEqualTo((double) records);
            assertThat(committed).as("recommendations committed").isPositive();

            // The malformed records, counted by reason as the dead-letter topic has them.
            assertThat(deadLetters).isPositive();
            assertThat(scrape.sum("reason_deadLetters")).isEqualTo((double) deadLetters);
            assertThat(
                            scrape.job("reason_deadLetters", s -> s.value() > 0).stream()
                                    .map(s -> s.label("reason")))
                    .isSubsetOf(
                            JobMetrics.UNREADABLE,
                            JobMetrics.INVALID,
                            JobMetrics.IMPLAUSIBLE_TIME,
                            JobMetrics.AMBIGUOUS_TIME,
                            JobMetrics.CLOCK_AHEAD,
                            JobMetrics.CLOCK_BEHIND,
                            JobMetrics.REUSED_ID)
                    .containsAnyOf(JobMetrics.UNREADABLE, JobMetrics.INVALID);

            // Decisions by type: every recommendation committed was a RAISED or UPDATED one.
            double sent =
                    scrape.sum("type_decisions", labelled("type", "RAISED"))
                            + scrape.sum("type_decisions", labelled("type", "UPDATED"));
            assertThat(sent).isGreaterThanOrEqualTo(committed);

            // Nijiaqiao southbound, crowded in the morning: one subtask reports its platform.
            assertThat(
                            scrape.job(
                                    "station_direction_levelOfService",
                                    labelled("station", "nijiaqiao")
                                            .and(labelled("direction", "southbound"))))
                    .singleElement()
                    .satisfies(s -> assertThat(s.value()).isBetween(1.0, 6.0));
            // Stations processed records: some subtask measured a lag to that processing.
            assertThat(scrape.job("lagMillis", s -> s.value() > 0)).isNotEmpty();
            // Decisions were made: the lag from input to decision was measured.
            assertThat(scrape.job("decisionLagMillis", s -> true))
                    .singleElement()
                    .satisfies(s -> assertThat(s.value()).isPositive());

            // Each pool's spares: out plus idle is what it has (ids keep their hyphens).
            for (SparePool pool : network.sparePools()) {
                Predicate<Sample> ofPool = labelled("pool", pool.id());
                assertThat(
                                scrape.sum("pool_sparesOut", ofPool)
                                        + scrape.sum("pool_sparesIdle", ofPool))
                        .as(pool.id())
                        .isEqualTo(pool.spareTrains());
            }

            // The dashboard asks only for what is exported.
            Set<String> exported = new TreeSet<>();
            scrape.samples().forEach(s -> exported.add(s.name()));
            assertThat(dashboardMetrics())
                    .isNotEmpty()
                    .allSatisfy(m -> assertThat(exported).contains(m));
        } finally {
            job.cancel().get();
        }
    }

    /** The metric names the dashboard's queries use. */
    static Set<String> dashboardMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> names = new TreeSet<>();
        Pattern metric = Pattern.compile("\\bflink_[a-zA-Z0-9_:]+");
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher m = metric.matcher(expr.asText());
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }
}
