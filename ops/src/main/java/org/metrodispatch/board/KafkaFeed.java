package org.metrodispatch.board;

import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.simulator.kafka.CommittedReader;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the job's output topics (recommendations, station load, feed health, progress) and the
 * train reports, {@code read_committed}, from their beginning: the board starts complete whenever
 * it starts. No consumer group, nothing committed. A topic that does not exist yet is looked for
 * again at each poll; a broker that does not answer is a problem the board shows.
 */
public final class KafkaFeed implements BoardFeed {

    /** How long a look for a topic's partitions may take before the poll goes on without it. */
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(2);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String bootstrap;
    private final Map<String, BoardRecord.Kind> kindOfTopic = new LinkedHashMap<>();
    private final Map<String, Boolean> assigned = new HashMap<>();

    public KafkaFeed(String bootstrap, KafkaTopics topics) {
        this.bootstrap = bootstrap;
        Map<BoardRecord.Kind, KafkaTopics.Role> roles = new EnumMap<>(BoardRecord.Kind.class);
        roles.put(BoardRecord.Kind.DECISION, KafkaTopics.Role.RECOMMENDATIONS);
        roles.put(BoardRecord.Kind.STATION_LOAD, KafkaTopics.Role.STATION_LOAD);
        roles.put(BoardRecord.Kind.FEED_ALERT, KafkaTopics.Role.FEED_HEALTH);
        roles.put(BoardRecord.Kind.PROGRESS, KafkaTopics.Role.JOB_PROGRESS);
        roles.put(BoardRecord.Kind.TRAIN, KafkaTopics.Role.TRAIN_EVENTS);
        roles.forEach((kind, role) -> kindOfTopic.put(topics.name(role), kind));
        Properties props = CommittedReader.properties(bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "metro-dispatch-board");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) METADATA_TIMEOUT.toMillis());
        this.consumer = new KafkaConsumer<>(props);
    }

    @Override
    public List<BoardRecord> poll(Duration timeout) throws IOException {
        assignNewTopics();
        List<BoardRecord> records = new ArrayList<>();
        if (consumer.assignment().isEmpty()) {
            return records;
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            if (record.value() != null) {
                records.add(
                        new BoardRecord(
                                kindOfTopic.get(record.topic()),
                                new String(record.value(), StandardCharsets.UTF_8)));
            }
        }
        return records;
    }

    private void assignNewTopics() throws IOException {
        List<TopicPartition> found = new ArrayList<>();
        for (String topic : kindOfTopic.keySet()) {
            if (assigned.containsKey(topic)) {
                continue;
            }
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic);
                if (infos != null && !infos.isEmpty()) {
                    infos.forEach(p -> found.add(new TopicPartition(topic, p.partition())));
                    assigned.put(topic, Boolean.TRUE);
                }
            } catch (TimeoutException e) {
                // A topic that does not exist yet has no partitions; no answer at all is the
                // broker.
                throw new IOException(
                        "no Kafka broker answered at "
                                + bootstrap
                                + " within "
                                + METADATA_TIMEOUT.toSeconds()
                                + " s");
            }
        }
        if (!found.isEmpty()) {
            List<TopicPartition> all = new ArrayList<>(consumer.assignment());
            all.addAll(found);
            consumer.assign(all);
            consumer.seekToBeginning(found);
        }
    }

    @Override
    public String describe() {
        return "the topics " + kindOfTopic.keySet() + " on " + bootstrap;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
