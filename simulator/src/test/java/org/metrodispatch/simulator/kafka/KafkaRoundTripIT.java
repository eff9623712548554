package org.metrodispatch.simulator.kafka;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.simulator.TestScenarios;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.KafkaEventSink;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Events written to a real broker read back intact, keyed and ordered by station. */
class KafkaRoundTripIT {

    @TempDir static Path dir;
    private static LocalKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = LocalKafkaBroker.start(dir.resolve("kafka"), 0, 0);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void eventsReachKafkaAndReadBackIntact() throws Exception {
        Scenario scenario = TestScenarios.morningPeak();
        KafkaTopics topics = KafkaTopics.load(TestScenarios.CONFIG.resolve("kafka.yaml"));
        SimulationOptions options =
                new SimulationOptions(
                        7,
                        scenario.date(),
                        TestScenarios.time("08:00"),
                        TestScenarios.time("08:03"),
                        SimulationOptions.FAST);
        Path files = dir.resolve("files");
        try (FileEventSink sink = new FileEventSink(files)) {
            new Simulation(scenario, options, sink).run();
        }
        TopicAdmin.ensureTopics(
                broker.bootstrapServers(),
                topics,
                KafkaTopics.Role.GATE_EVENTS,
                KafkaTopics.Role.TRAIN_EVENTS,
                KafkaTopics.Role.GROUND_TRUTH);
        try (KafkaEventSink sink = new KafkaEventSink(broker.bootstrapServers(), topics)) {
            new Simulation(scenario, options, sink).run();
        }

        assertSameRecords(
                topics.name(KafkaTopics.Role.GATE_EVENTS),
                files.resolve(FileEventSink.GATE_EVENTS_FILE),
                topics.partitions(KafkaTopics.Role.GATE_EVENTS));
        assertSameRecords(
                topics.name(KafkaTopics.Role.TRAIN_EVENTS),
                files.resolve(FileEventSink.TRAIN_EVENTS_FILE),
                topics.partitions(KafkaTopics.Role.TRAIN_EVENTS));
        assertSameRecords(
                topics.name(KafkaTopics.Role.GROUND_TRUTH),
                files.resolve(FileEventSink.GROUND_TRUTH_FILE),
                topics.partitions(KafkaTopics.Role.GROUND_TRUTH));
    }

    /** Same records as the file, each keyed by its station, and each station's in file order. */
    private static void assertSameRecords(String topic, Path file, int partitions)
            throws Exception {
        List<String> expected = Files.readAllLines(file);
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, partitions, expected.size());
        assertThat(records).hasSize(expected.size());

        Map<String, List<String>> byStation = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            String value = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(value).contains("\"stationId\":\"" + key + "\"");
            byStation.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        Map<String, List<String>> expectedByStation =
                expected.stream()
                        .collect(Collectors.groupingBy(TestStationKey::of, Collectors.toList()));
        assertThat(byStation).isEqualTo(expectedByStation);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(
            String topic, int partitions, int count) {
        Properties props = CommittedReader.properties(broker.bootstrapServers());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(topic, p));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            // Read up to the end offsets taken after the producer flushed: a bounded read.
            while (!assigned.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    /** The station id a record carries, which must be its key. */
    static final class TestStationKey {
        static String of(String json) {
            int at = json.indexOf("\"stationId\":\"") + 13;
            return json.substring(at, json.indexOf('"', at));
        }
    }
}
