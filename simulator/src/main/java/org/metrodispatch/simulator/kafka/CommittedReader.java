package org.metrodispatch.simulator.kafka;

import org.metrodispatch.contract.kafka.KafkaClientSecurity;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.Properties;

/**
 * Consumer settings of the project's readers of Kafka topics: raw bytes, and only what the job's
 * exactly-once sinks committed (read_committed), as the contract asks of every reader.
 */
public final class CommittedReader {

    private CommittedReader() {}

    /**
     * Bootstrap servers, the process's security settings, read_committed, byte-array keys and
     * values; add what is particular.
     */
    public static Properties properties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        KafkaClientSecurity.forThisProcess().applyTo(props);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return props;
    }
}
