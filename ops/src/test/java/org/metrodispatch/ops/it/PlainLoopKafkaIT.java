package org.metrodispatch.ops.it;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.kafka.KafkaClientSecurity;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.ops.PlainLoop;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.kafka.CommittedReader;
import org.metrodispatch.simulator.kafka.LocalKafkaBroker;
import org.metrodispatch.simulator.kafka.TopicAdmin;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.KafkaEventSink;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench's plain loop on Kafka, the ceiling of the Kafka path, reads from a real broker what the
 * same loop reads from the files of the same simulation: every record, and each station's windows,
 * whether one consumer reads every partition or two share them.
 */
class PlainLoopKafkaIT {

    @TempDir Path dir;

    @Test
    void readsFromTheTopicsWhatItReadsFromTheFiles() throws Exception {
        Scenario scenario =
                Scenario.load(SeededRun.CONFIG.resolve("scenarios/weekday-morning-peak.yaml"));
        SimulationOptions quarterHour =
                new SimulationOptions(
                        SeededRun.SEED,
                        scenario.date(),
                        SeededRun.FROM,
                        SeededRun.FROM + 15 * 60,
                        SimulationOptions.FAST);
        JobSettings settings = JobSettings.load(SeededRun.CONFIG.resolve("job.yaml"));
        Network network = NetworkLoader.load(settings.networkFile);

        Path files = dir.resolve("run");
        try (FileEventSink sink = new FileEventSink(files)) {
            new Simulation(scenario, quarterHour, sink).run();
        }
        PlainLoop fromFiles = new PlainLoop(network, settings.windows());
        long written =
                fromFiles.run(
                        files.resolve(FileEventSink.GATE_EVENTS_FILE),
                        files.resolve(FileEventSink.TRAIN_EVENTS_FILE));
        assertThat(written).isGreaterThan(1_000);
        assertThat(fromFiles.windowsEmitted()).isPositive();

        KafkaClientSecurity.useForThisProcess(KafkaClientSecurity.none());
        try (LocalKafkaBroker broker =
                LocalKafkaBroker.start(
                        dir.resolve("kafka"),
                        LocalKafkaBroker.freePort(),
                        LocalKafkaBroker.freePort())) {
            String bootstrap = broker.bootstrapServers();
            KafkaTopics topics = KafkaTopics.load(settings.topicsFile);
            TopicAdmin.ensureTopics(bootstrap, topics, KafkaTopics.Role.values());
            try (KafkaEventSink sink = new KafkaEventSink(bootstrap, topics)) {
                new Simulation(scenario, quarterHour, sink).run();
            }
            Properties consumer = CommittedReader.properties(bootstrap);
            List<String> inputs =
                    List.of(
                            topics.name(KafkaTopics.Role.GATE_EVENTS),
                            topics.name(KafkaTopics.Role.TRAIN_EVENTS));

            List<List<TopicPartition>> all = PlainLoop.partitions(consumer, inputs, 1);
            PlainLoop oneConsumer = new PlainLoop(network, settings.windows());
            assertThat(oneConsumer.runOnKafka(consumer, all.get(0))).isEqualTo(written);
            assertThat(oneConsumer.windowsEmitted()).isEqualTo(fromFiles.windowsEmitted());

            List<List<TopicPartition>> halves = PlainLoop.partitions(consumer, inputs, 2);
            assertThat(halves.get(0)).doesNotContainAnyElementsOf(halves.get(1));
            assertThat(halves.get(0).size() + halves.get(1).size()).isEqualTo(all.get(0).size());
            long read = 0;
            long windows = 0;
            for (List<TopicPartition> half : halves) {
                PlainLoop loop = new PlainLoop(network, settings.windows());
                read += loop.runOnKafka(consumer, half);
                windows += loop.windowsEmitted();
            }
            assertThat(read).isEqualTo(written);
            // A station's records lie in one partition, in order: its windows end as in the files.
            assertThat(windows).isEqualTo(fromFiles.windowsEmitted());
        }
    }
}
