package org.metrodispatch.ops.review;

import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.simulator.kafka.CommittedReader;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the recommendations topic as the operations centre sees it: {@code read_committed}, from
 * the beginning up to the end offsets at the start of the read (what is committed now), without a
 * consumer group and without committing anything.
 */
public final class KafkaDecisionReader {

    private KafkaDecisionReader() {}

    public static DecisionLogReader.Batch read(String bootstrap, String topic, Duration timeout) {
        Properties props = CommittedReader.properties(bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "metro-dispatch-review");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.min(timeout.toMillis(), 30_000));
        List<LoggedDecision> decisions = new ArrayList<>();
        List<LogProblem> problems = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, timeout);
            } catch (TimeoutException e) {
                throw new UserError(
                        "no Kafka broker answered at "
                                + bootstrap
                                + " within "
                                + timeout.toSeconds()
                                + " s (is it running? 'metro-dispatch kafka status')");
            }
            if (infos == null || infos.isEmpty()) {
                throw new UserError("the topic " + topic + " does not exist on " + bootstrap);
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            partitions.sort(Comparator.comparingInt(TopicPartition::partition));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed these are the last stable offsets: what is committed now.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reachedEnds(consumer, partitions, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new UserError(
                            "could not read "
                                    + topic
                                    + " to its end within "
                                    + timeout.toSeconds()
                                    + " s from "
                                    + bootstrap);
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset()
                            >= ends.get(new TopicPartition(topic, record.partition()))) {
                        continue;
                    }
                    read(record, decisions, problems);
                }
            }
        } catch (TimeoutException e) {
            throw new UserError(
                    "Kafka at " + bootstrap + " did not answer in time: " + e.getMessage());
        }
        // Partitions interleave by time; within one, the order is the job's.
        decisions.sort(Comparator.comparingLong(d -> d.decision().eventTime));
        return new DecisionLogReader.Batch(decisions, problems, new ArrayList<>());
    }

    private static boolean reachedEnds(
            KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> ends) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < ends.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private static void read(
            ConsumerRecord<byte[], byte[]> record,
            List<LoggedDecision> decisions,
            List<LogProblem> problems) {
        String where = record.topic() + "/" + record.partition() + ":" + record.offset();
        if (record.value() == null) {
            problems.add(new LogProblem(where, "empty record"));
            return;
        }
        String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(record.value()))
                            .toString()
                            .strip();
        } catch (CharacterCodingException e) {
            problems.add(new LogProblem(where, "not valid UTF-8"));
            return;
        }
        try {
            decisions.add(DecisionLines.parse(where, text));
        } catch (DecisionLines.Malformed e) {
            problems.add(new LogProblem(where, e.getMessage()));
        }
    }
}
