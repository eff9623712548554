package org.metrodispatch.job.it;

import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.contract.truth.EpisodeRules;
import org.metrodispatch.contract.truth.GroundTruth;
import org.metrodispatch.contract.truth.Platform;
import org.metrodispatch.contract.truth.TruthEpisode;
import org.metrodispatch.contract.truth.TruthEpisodes;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.job.CrowdDispatchMain;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.engine.SimulationSummary;
import org.metrodispatch.simulator.kafka.CommittedReader;
import org.metrodispatch.simulator.output.EventSink;
import org.metrodispatch.simulator.output.FileEventSink;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The real configuration, the simulator and a Flink MiniCluster, for the job's integration tests.
 */
final class JobTestSupport {

    static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
    static final Path MORNING_PEAK = CONFIG.resolve("scenarios/weekday-morning-peak.yaml");

    private JobTestSupport() {}

    /** A MiniCluster like a small real one: one TaskManager with room for parallelism 2. */
    static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(4)
                        .build());
    }

    static JobSettings settings() {
        return JobSettings.load(CONFIG.resolve("job.yaml"));
    }

    static Network network(JobSettings settings) {
        return NetworkLoader.load(settings.networkFile);
    }

    static FlowShares shares(JobSettings settings, Network network) {
        return CrowdDispatchMain.shares(settings, network);
    }

    static int time(String hhmm) {
        String[] parts = hhmm.split(":");
        return Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60;
    }

    /** Simulates a scenario into a sink. */
    static SimulationSummary simulate(
            Scenario scenario, long seed, String from, String to, EventSink sink)
            throws IOException {
        SimulationOptions options =
                new SimulationOptions(
                        seed, scenario.date(), time(from), time(to), SimulationOptions.FAST);
        return new Simulation(scenario, options, sink).run();
    }

    /** Simulates a scenario into a folder of files. */
    static SimulationSummary simulate(
            Scenario scenario, long seed, String from, String to, Path folder) throws IOException {
        try (FileEventSink sink = new FileEventSink(folder)) {
            return simulate(scenario, seed, from, to, sink);
        }
    }

    /**
     * The morning peak with other feed imperfections: a scenario file that extends the real one.
     */
    static Scenario morningPeakWithFeeds(Path dir, double duplicateShare, double malformedShare)
            throws IOException {
        Path file = dir.resolve("feeds-" + duplicateShare + "-" + malformedShare + ".yaml");
        Files.writeString(
                file,
                "extends: "
                        + MORNING_PEAK
                        + "\n"
                        + "feeds:\n"
                        + "  gate:\n"
                        + "    duplicates: {share: "
                        + duplicateShare
                        + "}\n"
                        + "    malformed: {share: "
                        + malformedShare
                        + "}\n"
                        + "  train:\n"
                        + "    duplicates: {share: "
                        + duplicateShare
                        + "}\n"
                        + "    malformed: {share: "
                        + malformedShare
                        + "}\n");
        return Scenario.load(file);
    }

    /** A decision line as the job writes it. */
    static DispatchDecision decision(String line) {
        try {
            return OutputJson.readDecision(line);
        } catch (IOException e) {
            throw new AssertionError("the job wrote a decision it cannot read back: " + line, e);
        }
    }

    /**
     * Decision lines of a file (decisions or recommendations) without their emittedAt: the wall
     * clock differs from run to run, everything else must not.
     */
    static List<String> decisionLines(Path file) throws IOException {
        return withoutEmittedAt(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /**
     * Decision lines without their window counts, to compare runs whose transports differ: a record
     * minutes late (the simulator delivers some) is late in one order of reading and on time in
     * another, and the counts of the window it falls in differ by it.
     */
    static List<String> withoutWindowCounts(List<String> lines) {
        List<String> comparable = new ArrayList<>();
        for (String line : lines) {
            comparable.add(line.replaceAll("\"windowEntries\":\\d+,\"windowExits\":\\d+,", ""));
        }
        return comparable;
    }

    /** Decision lines without their emittedAt, to compare runs. */
    static List<String> withoutEmittedAt(List<String> lines) {
        List<String> comparable = new ArrayList<>();
        for (String line : lines) {
            comparable.add(OutputJson.withoutEmittedAt(line));
        }
        return comparable;
    }

    static List<DispatchDecision> decisions(Path file) throws IOException {
        List<DispatchDecision> decisions = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            decisions.add(OutputJson.readDecision(line));
        }
        return decisions;
    }

    /**
     * The crowding episodes of one platform in a run's ground truth, by the evaluation's definition
     * in {@code config/evaluation.yaml}: the tests judge crowding as evaluate does.
     */
    static List<TruthEpisode> truthEpisodes(Path groundTruth, Platform platform)
            throws IOException {
        EpisodeRules rules = EpisodeRules.load(CONFIG.resolve("evaluation.yaml"));
        return new TruthEpisodes(rules)
                .find(platform, GroundTruth.read(groundTruth).platform(platform));
    }

    /** Everything committed to partition 0 of a topic, in order (outputs have one partition). */
    static List<String> readCommitted(String bootstrapServers, String topic) {
        Properties props = CommittedReader.properties(bootstrapServers);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            // The end offset for read_committed is the last stable offset: everything committed.
            Map<TopicPartition, Long> end = consumer.endOffsets(List.of(partition));
            while (consumer.position(partition) < end.get(partition)) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    /** Points the job at a test's broker: read from the earliest offsets, checkpoint every 2 s. */
    static void onKafka(JobSettings settings, String bootstrapServers, String groupId, Path dir) {
        settings.bootstrapServers = bootstrapServers;
        settings.groupId = groupId;
        settings.startFrom = "earliest";
        settings.checkpointInterval = Duration.ofSeconds(2);
        settings.checkpointDirectory = dir.resolve("checkpoints").toUri().toString();
    }
}
