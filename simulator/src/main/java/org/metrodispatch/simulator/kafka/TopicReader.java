package org.metrodispatch.simulator.kafka;

import org.metrodispatch.contract.cli.UserError;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The one reader of the job's Kafka topics (recommendations, progress marks, and for the bench the
 * input and the records set aside), as the operations centre reads them: {@link CommittedReader}
 * settings, every partition from the beginning, no consumer group, nothing committed.
 *
 * <p>Two ways: {@link #readToEnd} reads what is committed now and returns; a {@link Follower} keeps
 * reading on a thread of its own until closed.
 */
public final class TopicReader {

    private TopicReader() {}

    /** Handles one record of a followed topic; an exception stops the follower. */
    @FunctionalInterface
    public interface RecordHandler {
        void accept(ConsumerRecord<byte[], byte[]> record) throws Exception;
    }

    /**
     * The records of a topic from its beginning up to the end offsets at the start of the read
     * (with read_committed, what is committed now), in the order they were polled.
     *
     * @throws UserError when no broker answers, the topic does not exist or the read takes longer
     *     than {@code timeout}
     */
    public static List<ConsumerRecord<byte[], byte[]>> readToEnd(
            String bootstrap, String topic, String clientId, Duration timeout) {
        Properties props = CommittedReader.properties(bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.min(timeout.toMillis(), 30_000));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = partitions(consumer, bootstrap, topic, timeout);
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
                    if (record.offset() < ends.get(new TopicPartition(topic, record.partition()))) {
                        records.add(record);
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new UserError(
                    "Kafka at " + bootstrap + " did not answer in time: " + e.getMessage());
        } catch (AuthenticationException e) {
            throw TopicAdmin.refusedLogin(bootstrap, e);
        }
        return records;
    }

    private static List<TopicPartition> partitions(
            KafkaConsumer<byte[], byte[]> consumer,
            String bootstrap,
            String topic,
            Duration timeout) {
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
        return partitions;
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

    /**
     * Reads topics from their beginning on a thread of its own and hands each record to a handler
     * as it becomes visible, until closed. A failure of the handler or of the consumer ends the
     * thread and goes to {@code onFailure}.
     */
    public static final class Follower implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Duration pollInterval;
        private final RecordHandler handler;
        private final Consumer<Exception> onFailure;
        private final Thread thread;
        private volatile boolean running = true;

        /** Starts following the topics (every partition) from their beginning. */
        public Follower(
                String bootstrap,
                List<String> topics,
                String clientId,
                Duration pollInterval,
                RecordHandler handler,
                Consumer<Exception> onFailure) {
            Properties props = CommittedReader.properties(bootstrap);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
            this.consumer = new KafkaConsumer<>(props);
            this.pollInterval = pollInterval;
            this.handler = handler;
            this.onFailure = onFailure;
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic)
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            this.thread = new Thread(this::poll, clientId);
            thread.setDaemon(true);
            thread.start();
        }

        private void poll() {
            try {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollInterval)) {
                        handler.accept(record);
                    }
                }
            } catch (WakeupException e) {
                // Closing.
            } catch (Exception e) {
                onFailure.accept(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join();
            consumer.close();
        }
    }
}
