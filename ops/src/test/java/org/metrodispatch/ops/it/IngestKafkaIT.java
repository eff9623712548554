package org.metrodispatch.ops.it;

import org.metrodispatch.simulator.kafka.LocalKafkaBroker;
import org.metrodispatch.simulator.kafka.TopicReader;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ingest --kafka} puts on a real broker's gate topic exactly what {@code ingest --out}
 * writes to a run folder, in the same order, keyed by station; rejected rows go to their file.
 */
class IngestKafkaIT {

    private static final Path NETWORK = SeededRun.CONFIG.resolve("networks/hangzhou-line1.yaml");
    private static final int TAPS = 2_000;

    @TempDir Path dir;

    @Test
    void theGateTopicGetsWhatTheRunFolderGets() throws Exception {
        Random random = new Random(7);
        List<String> rows = new ArrayList<>();
        rows.add("time,lineID,stationID,deviceID,status,userID,payType");
        for (int i = 0; i < TAPS; i++) {
            int second = random.nextInt(3_600);
            rows.add(
                    String.format(
                            "2019-01-15 07:%02d:%02d,B,%d,%d,%d,U%08x,1",
                            second / 60,
                            second % 60,
                            random.nextInt(34),
                            random.nextInt(6),
                            random.nextInt(2),
                            random.nextInt()));
        }
        rows.add("2019-01-15 07:99:00,B,1,1,1,Ux,1");
        Path records = dir.resolve("record_2019-01-15.csv");
        Files.write(records, rows, StandardCharsets.UTF_8);

        OpsCommand toFiles =
                OpsCommand.run(
                        "ingest",
                        "--layout",
                        "tianchi-2019",
                        "--network",
                        NETWORK.toString(),
                        "--out",
                        dir.resolve("run").toString(),
                        records.toString());
        assertThat(toFiles.exitCode()).as(toFiles.err()).isZero();
        List<String> written = Files.readAllLines(dir.resolve("run/gate-events.jsonl"));
        assertThat(written).hasSize(TAPS);

        try (LocalKafkaBroker broker =
                LocalKafkaBroker.start(
                        dir.resolve("kafka"),
                        LocalKafkaBroker.freePort(),
                        LocalKafkaBroker.freePort())) {
            Path rejects = dir.resolve("rejected.jsonl");
            OpsCommand toKafka =
                    OpsCommand.run(
                            "ingest",
                            "--layout",
                            "tianchi-2019",
                            "--network",
                            NETWORK.toString(),
                            "--kafka",
                            broker.bootstrapServers(),
                            "--rejects",
                            rejects.toString(),
                            records.toString());
            assertThat(toKafka.exitCode()).as(toKafka.err()).isZero();
            assertThat(toKafka.out()).contains("Wrote 2,000 events to topic metro.gate-events");
            assertThat(Files.readAllLines(rejects))
                    .hasSize(1)
                    .allMatch(r -> r.contains("\"line\":2002"));

            List<ConsumerRecord<byte[], byte[]>> onTopic =
                    TopicReader.readToEnd(
                            broker.bootstrapServers(),
                            "metro.gate-events",
                            "ingest-kafka-it",
                            Duration.ofSeconds(60));
            assertThat(onTopic).hasSize(TAPS);
            List<String> values = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : onTopic) {
                String value = new String(record.value(), StandardCharsets.UTF_8);
                String key = new String(record.key(), StandardCharsets.UTF_8);
                assertThat(value).contains("\"stationId\":\"" + key + "\"");
                values.add(value);
            }
            // Per station (one partition each) in the run folder's order.
            assertThat(values).containsExactlyInAnyOrderElementsOf(written);
            for (String station : List.of("xianghu", "coach-center", "linping")) {
                assertThat(
                                values.stream()
                                        .filter(
                                                v ->
                                                        v.contains(
                                                                "\"stationId\":\""
                                                                        + station
                                                                        + "\"")))
                        .containsExactlyElementsOf(
                                written.stream()
                                        .filter(
                                                v ->
                                                        v.contains(
                                                                "\"stationId\":\""
                                                                        + station
                                                                        + "\""))
                                        .toList());
            }
        }
    }
}
