package org.metrodispatch.ops;

import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.simulator.kafka.CommittedReader;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads the recommendations topic as the operations centre would (read_committed) on a thread of
 * its own, and notes when each recommendation became visible.
 */
final class RecommendationWatcher implements AutoCloseable {

    /** A recommendation and the wall-clock times it was sent and became visible. */
    static final class Seen {
        final DispatchDecision decision;
        final long sentAt;
        final long visibleAt;

        Seen(DispatchDecision decision, long sentAt, long visibleAt) {
            this.decision = decision;
            this.sentAt = sentAt;
            this.visibleAt = visibleAt;
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Seen> seen = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread thread;

    RecommendationWatcher(String bootstrap, String topic) {
        Properties props = CommittedReader.properties(bootstrap);
        consumer = new KafkaConsumer<>(props);
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    void start() {
        running.set(true);
        thread = new Thread(this::poll, "recommendation-watcher");
        thread.start();
    }

    private void poll() {
        while (running.get()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                long now = System.currentTimeMillis();
                try {
                    DispatchDecision decision =
                            OutputJson.readDecision(
                                    new String(record.value(), StandardCharsets.UTF_8));
                    synchronized (seen) {
                        seen.add(new Seen(decision, record.timestamp(), now));
                    }
                } catch (IOException e) {
                    // Not a decision: the benchmark only times decisions.
                }
            }
        }
    }

    /** Stops watching and returns what was seen. */
    List<Seen> stop() throws InterruptedException {
        running.set(false);
        thread.join();
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running.get()) {
            stop();
        }
        consumer.close();
    }
}
