package org.metrodispatch.simulator.closedloop;

import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.JobProgress;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.simulator.kafka.TopicReader;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's recommendations and progress marks, read from Kafka as the operations centre would
 * (read_committed, from the beginning of both topics) on a thread of its own.
 *
 * <p>The job publishes both in one transaction, and each progress mark counts the recommendations
 * published before it: when a mark is visible and that many recommendations have arrived, every
 * decision up to the mark's watermark is known.
 */
public final class RecommendationFeed implements AutoCloseable {

    private final String recommendationsTopic;
    private final List<DispatchDecision> received = new ArrayList<>();
    private final TopicReader.Follower follower;
    private JobProgress progress = new JobProgress(Long.MIN_VALUE, 0);
    private long progressChangedAt = System.nanoTime();
    private int handedOut;
    private volatile Exception failure;

    public RecommendationFeed(String bootstrap, String recommendationsTopic, String progressTopic) {
        this.recommendationsTopic = recommendationsTopic;
        this.follower =
                new TopicReader.Follower(
                        bootstrap,
                        List.of(recommendationsTopic, progressTopic),
                        "metro-dispatch-closed-loop",
                        Duration.ofMillis(100),
                        this::receive,
                        this::fail);
    }

    private synchronized void receive(ConsumerRecord<byte[], byte[]> record) throws IOException {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        if (record.topic().equals(recommendationsTopic)) {
            received.add(OutputJson.readDecision(value));
        } else {
            JobProgress mark = OutputJson.readProgress(value);
            if (mark.watermark > progress.watermark) {
                progress = mark;
                progressChangedAt = System.nanoTime();
            }
        }
        notifyAll();
    }

    private synchronized void fail(Exception e) {
        failure = e;
        notifyAll();
    }

    /**
     * Waits until the job has decided everything up to {@code watermark} and those decisions have
     * arrived, then returns the decisions not handed out before, in the order the job made them.
     *
     * @throws IOException when the job's progress has not moved for {@code stall}
     */
    public synchronized List<DispatchDecision> await(long watermark, Duration stall)
            throws IOException, InterruptedException {
        while (progress.watermark < watermark || received.size() < progress.recommendations) {
            if (failure != null) {
                throw new IOException(
                        "reading the job's recommendations failed: " + failure.getMessage(),
                        failure);
            }
            long quiet = System.nanoTime() - progressChangedAt;
            if (quiet > stall.toNanos()) {
                throw new IOException(
                        "the job has published no progress for "
                                + stall.toSeconds()
                                + " s (is it running on the same topics, from their start?)");
            }
            wait(200);
        }
        List<DispatchDecision> fresh =
                new ArrayList<>(received.subList(handedOut, (int) progress.recommendations));
        handedOut = (int) progress.recommendations;
        return fresh;
    }

    /** The latest progress mark seen. */
    public synchronized JobProgress progress() {
        return progress;
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
    }
}
