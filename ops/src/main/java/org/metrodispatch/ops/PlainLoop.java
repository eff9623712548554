package org.metrodispatch.ops;

import org.metrodispatch.contract.event.FeedEvent;
import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.GateHeartbeat;
import org.metrodispatch.contract.json.EventReader;
import org.metrodispatch.contract.json.InvalidEventException;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.dispatch.SlidingCounts;
import org.metrodispatch.dispatch.WindowState;
import org.metrodispatch.job.io.LineReader;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The ceiling any framework pays for: one thread that parses every record the way the job does and
 * counts entries and exits per station in the same sliding windows, with the same de-duplication,
 * and nothing else. The benchmark compares the job with it, reading the files or, as the ceiling of
 * the Kafka path, partitions of the topics through a plain consumer (one loop per consumer).
 */
public final class PlainLoop {

    /** How long resent ids are remembered, seconds. */
    private static final long DEDUP_SECONDS = 120;

    /** How long a poll of the topics may stay empty before the run gives up, seconds. */
    private static final long KAFKA_SILENCE_SECONDS = 60;

    private final Network network;
    private final SlidingCounts windows;
    private final EventReader reader = new EventReader();
    private final WindowState[] states;
    private final long[] lastSecond;
    // Resends carry the same id and time: remember ids per second, forget them two minutes on.
    private final Map<Long, Set<String>> seen = new HashMap<>();
    private long newestSecond = Long.MIN_VALUE;
    private long records;
    private long windowsEmitted;
    private long checksum;

    public PlainLoop(Network network, SlidingCounts windows) {
        this.network = network;
        this.windows = windows;
        this.states = new WindowState[network.stationCount()];
        this.lastSecond = new long[network.stationCount()];
        for (int i = 0; i < states.length; i++) {
            states[i] = new WindowState();
            lastSecond[i] = Long.MIN_VALUE;
        }
    }

    /** Processes the files in order; returns the records read. */
    public long run(Path... files) throws IOException {
        for (Path file : files) {
            try (LineReader lines = new LineReader(Files.newInputStream(file))) {
                while (lines.next()) {
                    accept(lines.buffer(), lines.start(), lines.length());
                }
            }
        }
        return records;
    }

    /**
     * The partitions of the topics, in order, dealt round-robin into {@code readers} lists (the
     * last of them may be empty when there are fewer partitions).
     */
    public static List<List<TopicPartition>> partitions(
            Properties consumerProperties, List<String> topics, int readers) {
        List<List<TopicPartition>> dealt = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            dealt.add(new ArrayList<>());
        }
        int next = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic)) {
                    dealt.get(next++ % readers).add(new TopicPartition(topic, info.partition()));
                }
            }
        }
        return dealt;
    }

    /**
     * Reads the partitions with one consumer from their beginning to the end they had when it
     * started; returns the records read.
     *
     * @param consumerProperties a read_committed byte-array consumer's settings
     * @throws IOException when the partitions fall silent before their end
     */
    public long runOnKafka(Properties consumerProperties, List<TopicPartition> partitions)
            throws IOException {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long lastHeard = System.nanoTime();
            while (!atEnd(consumer, ends)) {
                boolean heard = false;
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    byte[] value = record.value();
                    accept(value, 0, value.length);
                    heard = true;
                }
                if (heard) {
                    lastHeard = System.nanoTime();
                } else if (System.nanoTime() - lastHeard > KAFKA_SILENCE_SECONDS * 1_000_000_000L) {
                    throw new IOException(
                            String.format(
                                    "%s fell silent after %,d records, before the ends %s",
                                    partitions, records, ends));
                }
            }
        }
        return records;
    }

    private static boolean atEnd(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Parses and counts one record. */
    public void accept(byte[] buffer, int offset, int length) {
        records++;
        FeedEvent event;
        try {
            event = reader.read(buffer, offset, length);
        } catch (InvalidEventException e) {
            return;
        }
        String stationId = event.stationId();
        String eventId = event.eventId();
        long time = event.eventTime();
        int entries = 0;
        int exits = 0;
        int heartbeats = 0;
        if (event instanceof GateEvent) {
            if (((GateEvent) event).direction == GateDirection.ENTRY) {
                entries = 1;
            } else {
                exits = 1;
            }
        } else if (event instanceof GateHeartbeat) {
            heartbeats = 1;
        }
        int s = network.indexOf(stationId);
        if (s < 0) {
            return;
        }
        long second = Math.floorDiv(time, 1000L);
        if (!seen.computeIfAbsent(second, k -> new HashSet<>()).add(eventId)) {
            return;
        }
        if (second > newestSecond + DEDUP_SECONDS) {
            newestSecond = second;
            long horizon = newestSecond - DEDUP_SECONDS;
            seen.keySet().removeIf(k -> k < horizon);
        }
        WindowState state = states[s];
        if (second > lastSecond[s]) {
            if (lastSecond[s] != Long.MIN_VALUE) {
                for (long t = lastSecond[s]; t < second; t++) {
                    if (windows.windowEndsAfter(t)) {
                        windowsEmitted++;
                        checksum += windows.entries(state) + windows.exits(state);
                    }
                }
            }
            lastSecond[s] = second;
        }
        // Late records still count here: the loop measures parsing and counting only.
        windows.add(state, Math.max(second, lastSecond[s]), entries, exits, heartbeats);
    }

    public long windowsEmitted() {
        return windowsEmitted;
    }

    /** A sum over all windows, so the work cannot be optimized away. */
    public long checksum() {
        return checksum;
    }
}
