package org.metrodispatch.simulator.output;

import org.metrodispatch.contract.kafka.KafkaClientSecurity;
import org.metrodispatch.contract.kafka.KafkaTopics;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes the three streams to Kafka topics, keyed by station id so that each station's records stay
 * in order in one partition. Records carry the producer's wall-clock timestamp, not the event time:
 * a simulated day may lie in the past (retention would delete it) or in the future (brokers refuse
 * timestamps more than an hour ahead).
 */
public final class KafkaEventSink implements EventSink {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String[] topics = new String[Stream.values().length];
    private final Map<String, byte[]> keys = new HashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaEventSink(String bootstrapServers, KafkaTopics kafkaTopics) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "metro-dispatch-simulator");
        KafkaClientSecurity.forThisProcess().applyTo(props);
        this.producer = new KafkaProducer<>(props);
        topics[Stream.GATE_EVENTS.ordinal()] = kafkaTopics.name(KafkaTopics.Role.GATE_EVENTS);
        topics[Stream.TRAIN_EVENTS.ordinal()] = kafkaTopics.name(KafkaTopics.Role.TRAIN_EVENTS);
        topics[Stream.GROUND_TRUTH.ordinal()] = kafkaTopics.name(KafkaTopics.Role.GROUND_TRUTH);
    }

    @Override
    public void write(Stream stream, String stationId, byte[] record, int offset, int length)
            throws IOException {
        checkFailure();
        byte[] key = keys.computeIfAbsent(stationId, id -> id.getBytes(StandardCharsets.UTF_8));
        byte[] value = Arrays.copyOfRange(record, offset, offset + length);
        producer.send(
                new ProducerRecord<>(topics[stream.ordinal()], key, value),
                (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    }
                });
    }

    @Override
    public void flush() throws IOException {
        producer.flush();
        checkFailure();
    }

    @Override
    public void close() throws IOException {
        try {
            producer.flush();
            checkFailure();
        } finally {
            producer.close();
        }
    }

    private void checkFailure() throws IOException {
        Exception e = failure.get();
        if (e != null) {
            throw new IOException("Kafka refused a record: " + e.getMessage(), e);
        }
    }
}
