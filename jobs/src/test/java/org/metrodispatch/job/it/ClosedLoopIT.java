package org.metrodispatch.job.it;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.time.DayClock;
import org.metrodispatch.job.CrowdDispatchJob;
import org.metrodispatch.job.DispatchWatermarks;
import org.metrodispatch.job.JobEnvironment;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.JobSinkSets;
import org.metrodispatch.job.io.JsonEncoder;
import org.metrodispatch.job.io.JsonLinesFileSink;
import org.metrodispatch.job.io.KafkaIO;
import org.metrodispatch.simulator.closedloop.ClosedLoopController;
import org.metrodispatch.simulator.closedloop.RecommendationFeed;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.engine.TripPlanner;
import org.metrodispatch.simulator.kafka.LocalKafkaBroker;
import org.metrodispatch.simulator.kafka.TopicAdmin;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.KafkaEventSink;
import org.metrodispatch.simulator.output.TeeSink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The closed loop end to end with a real broker: the simulator carries out the job's
 * recommendations in step with the job's published progress. Two runs give the same day, and the
 * empty trains relieve Nijiaqiao.
 */
class ClosedLoopIT {

    @RegisterExtension static final MiniClusterExtension FLINK = JobTestSupport.miniCluster();

    private static final long SEED = 3;
    private static final String FROM = "07:45";
    private static final String TO = "08:45";

    @TempDir Path dir;

    @Test
    void closedLoopIsDeterministicAndTheEmptyTrainsRelieveNijiaqiao() throws Exception {
        Path first = runClosedLoop("first");
        Path second = runClosedLoop("second");
        for (String file :
                new String[] {"ground-truth.jsonl", "gate-events.jsonl", "train-events.jsonl"}) {
            assertThat(Files.readAllBytes(second.resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(first.resolve(file)));
        }
        assertThat(Files.readAllLines(second.resolve("decisions.jsonl")))
                .isEqualTo(Files.readAllLines(first.resolve("decisions.jsonl")))
                .isNotEmpty();

        // The inserted trains carry passengers at Nijiaqiao southbound.
        int insertedBoarded = 0;
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(first.resolve("ground-truth.jsonl"))) {
            JsonNode node = json.readTree(line);
            if ("departure".equals(node.path("kind").asText())
                    && node.path("trainId").asText().startsWith("X")
                    && node.path("stationId").asText().equals("nijiaqiao")) {
                insertedBoarded += node.path("boarded").asInt();
            }
        }
        assertThat(insertedBoarded).isGreaterThan(500);

        // Fewer left behind at Nijiaqiao than without the job's trains.
        Path open = dir.resolve("open");
        JobTestSupport.simulate(Scenario.load(JobTestSupport.MORNING_PEAK), SEED, FROM, TO, open);
        assertThat(maxLeftBehind(first, "nijiaqiao")).isLessThan(maxLeftBehind(open, "nijiaqiao"));
    }

    private Path runClosedLoop(String name) throws Exception {
        Path run = dir.resolve(name);
        Scenario scenario = Scenario.load(JobTestSupport.MORNING_PEAK);
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(run.resolve("kafka"), 0, 0)) {
            KafkaTopics topics = KafkaTopics.load(JobTestSupport.CONFIG.resolve("kafka.yaml"));
            TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, KafkaTopics.Role.values());
            JobSettings settings = JobTestSupport.settings();
            settings.bootstrapServers = broker.bootstrapServers();
            settings.groupId = name;
            settings.startFrom = "earliest";
            // Progress is visible at each commit: frequent checkpoints keep the loop moving.
            settings.checkpointInterval = Duration.ofSeconds(1);
            settings.checkpointMinPause = Duration.ZERO;
            settings.checkpointDirectory = run.resolve("checkpoints").toUri().toString();
            Network network = JobTestSupport.network(settings);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(
                            JobEnvironment.configuration(settings, true));
            new CrowdDispatchJob(settings, network, JobTestSupport.shares(settings, network))
                    .define(
                            env,
                            KafkaIO.source(settings, topics, false),
                            settings.parallelism,
                            DispatchWatermarks.strategy(
                                    settings.outOfOrderness,
                                    settings.maxClockSkew,
                                    settings.idleness),
                            JobSinkSets.kafka(settings, topics, network.timeZone())
                                    .decisionLog(
                                            new JsonLinesFileSink<>(
                                                    run,
                                                    JobSinkSets.DECISIONS,
                                                    JsonEncoder.DECISIONS,
                                                    network.timeZone())));
            JobClient job = env.executeAsync("closed loop " + name);
            try {
                simulate(scenario, broker, topics, run);
            } finally {
                job.cancel().get();
            }
        }
        return run;
    }

    private static void simulate(
            Scenario scenario, LocalKafkaBroker broker, KafkaTopics topics, Path run)
            throws Exception {
        SimulationOptions options =
                new SimulationOptions(
                        SEED,
                        scenario.date(),
                        JobTestSupport.time(FROM),
                        JobTestSupport.time(TO),
                        SimulationOptions.FAST);
        DayClock clock = new DayClock(options.date(), scenario.network().timeZone());
        try (RecommendationFeed feed =
                        new RecommendationFeed(
                                broker.bootstrapServers(),
                                topics.name(KafkaTopics.Role.RECOMMENDATIONS),
                                topics.name(KafkaTopics.Role.JOB_PROGRESS));
                FileEventSink files = new FileEventSink(run);
                KafkaEventSink kafka = new KafkaEventSink(broker.bootstrapServers(), topics)) {
            Simulation simulation = new Simulation(scenario, options, new TeeSink(files, kafka));
            simulation.setController(
                    new ClosedLoopController(
                            scenario.network(),
                            new TripPlanner(scenario.network(), clock),
                            feed,
                            clock.epochSecond(options.fromSecond()) * 1000,
                            ClosedLoopController.defaultSlack(scenario.network()),
                            Duration.ofSeconds(120)));
            simulation.run();
        }
    }

    private static int maxLeftBehind(Path run, String station) throws IOException {
        int max = 0;
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(run.resolve("ground-truth.jsonl"))) {
            JsonNode node = json.readTree(line);
            if ("departure".equals(node.path("kind").asText())
                    && node.path("stationId").asText().equals(station)) {
                max = Math.max(max, node.path("leftBehind").asInt());
            }
        }
        return max;
    }
}
