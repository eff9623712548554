package org.metrodispatch.ops;

import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.simulator.kafka.TopicReader;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    private final String bootstrap;
    private final String topic;
    private final List<Seen> seen = new ArrayList<>();
    private TopicReader.Follower follower;

    RecommendationWatcher(String bootstrap, String topic) {
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    void start() {
        follower =
                new TopicReader.Follower(
                        bootstrap,
                        List.of(topic),
                        "recommendation-watcher",
                        Duration.ofMillis(50),
                        this::note,
                        e -> {
                            throw new IllegalStateException("watching " + topic + " failed", e);
                        });
    }

    private void note(ConsumerRecord<byte[], byte[]> record) {
        long now = System.currentTimeMillis();
        try {
            DispatchDecision decision =
                    OutputJson.readDecision(new String(record.value(), StandardCharsets.UTF_8));
            synchronized (seen) {
                seen.add(new Seen(decision, record.timestamp(), now));
            }
        } catch (IOException e) {
            // Not a decision: the benchmark only times decisions.
        }
    }

    /** Stops watching and returns what was seen. */
    List<Seen> stop() throws InterruptedException {
        close();
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (follower != null) {
            follower.close();
            follower = null;
        }
    }
}
