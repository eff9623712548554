package org.metrodispatch.job.io;

import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.kafka.KafkaClientSecurity;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.time.LastIsoTime;
import org.metrodispatch.contract.time.TimeFormatter;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.Outgoing;
import org.metrodispatch.job.RawRecord;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.function.Function;

/** The job's Kafka source and sinks, as production wires them. */
public final class KafkaIO {

    private KafkaIO() {}

    /**
     * Reads gate and train events as raw records, read_committed. With {@code bounded}, stops at
     * the offsets that were the latest when the job started (for tests and benchmarks).
     */
    public static Source<RawRecord, KafkaPartitionSplit, KafkaSourceEnumState> source(
            JobSettings settings, KafkaTopics topics, boolean bounded) {
        return source(settings, topics, bounded ? OffsetsInitializer.latest() : null);
    }

    /**
     * Reads gate and train events up to the given offsets (unbounded when null). Each reader
     * announces the partitions it was given ({@link AnnouncingSource}).
     */
    public static Source<RawRecord, KafkaPartitionSplit, KafkaSourceEnumState> source(
            JobSettings settings, KafkaTopics topics, OffsetsInitializer stoppingOffsets) {
        KafkaSourceBuilder<RawRecord> builder =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(settings.bootstrapServers)
                        .setTopics(
                                topics.name(KafkaTopics.Role.GATE_EVENTS),
                                topics.name(KafkaTopics.Role.TRAIN_EVENTS))
                        .setGroupId(settings.groupId)
                        .setStartingOffsets(startingOffsets(settings.startFrom))
                        // Only pacing needs a record's time before it is parsed.
                        .setDeserializer(
                                new RawRecordDeserializer(!settings.partitionDrift.isZero()))
                        // The source does not set it: without it, aborted transactions are read.
                        .setProperty("isolation.level", "read_committed")
                        .setProperty("commit.offsets.on.checkpoint", "true");
        // Read here, where the graph is built: the job's tasks get them with the source.
        KafkaClientSecurity.forThisProcess().asMap().forEach(builder::setProperty);
        settings.consumerProperties.forEach(builder::setProperty);
        if (stoppingOffsets != null) {
            builder.setBounded(stoppingOffsets);
        } else {
            // Partitions added to the topics are picked up within a minute.
            builder.setProperty("partition.discovery.interval.ms", "60000");
        }
        return new AnnouncingSource<>(
                builder.build(),
                split -> RawRecordDeserializer.sourceName(split.getTopic(), split.getPartition()));
    }

    private static OffsetsInitializer startingOffsets(String startFrom) {
        switch (startFrom) {
            case "earliest":
                return OffsetsInitializer.earliest();
            case "latest":
                return OffsetsInitializer.latest();
            default:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }

    /**
     * An exactly-once sink of JSON records: written in Kafka transactions committed with Flink's
     * checkpoints, so a reader with read_committed sees every record once, even across failures.
     *
     * @param name distinguishes this sink's transactional ids from the job's other sinks
     */
    public static <T> KafkaSink<T> exactlyOnceSink(
            JobSettings settings,
            String topic,
            String name,
            JsonEncoder<T> encoder,
            KeyOf<T> key,
            ZoneId zone) {
        return exactlyOnce(
                settings,
                new JsonRecordSerializer<>(topic, encoder, key, zone),
                settings.transactionalIdPrefix + "-" + name);
    }

    private static <T> KafkaSink<T> exactlyOnce(
            JobSettings settings,
            KafkaRecordSerializationSchema<T> serializer,
            String transactionalIdPrefix) {
        TransactionTimeouts.checkAgainstCheckpoints(
                settings.transactionTimeout,
                settings.checkpointInterval,
                settings.checkpointTimeout);
        KafkaSinkBuilder<T> builder =
                KafkaSink.<T>builder()
                        .setBootstrapServers(settings.bootstrapServers)
                        .setRecordSerializer(serializer)
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(transactionalIdPrefix)
                        .setProperty(
                                "transaction.timeout.ms",
                                Long.toString(settings.transactionTimeout.toMillis()));
        KafkaClientSecurity.forThisProcess().asMap().forEach(builder::setProperty);
        settings.producerProperties.forEach(builder::setProperty);
        return builder.build();
    }

    /**
     * The exactly-once sink of recommendations and the job's progress marks: both in one Kafka
     * transaction, recommendations to their topic (keyed by station), marks to the progress topic.
     * A reader that sees a mark committed can therefore count on the recommendations it counts.
     */
    public static KafkaSink<Outgoing> recommendationsSink(
            JobSettings settings, KafkaTopics topics, ZoneId zone) {
        return exactlyOnce(
                settings,
                new OutgoingSerializer(
                        topics.name(KafkaTopics.Role.RECOMMENDATIONS),
                        topics.name(KafkaTopics.Role.JOB_PROGRESS),
                        zone),
                settings.transactionalIdPrefix + "-recommendations");
    }

    /** Recommendations to one topic, progress marks to another, wall-clock timestamps. */
    static final class OutgoingSerializer implements KafkaRecordSerializationSchema<Outgoing> {
        private static final long serialVersionUID = 1L;

        private final String recommendationsTopic;
        private final String progressTopic;
        private final ZoneId zone;
        private transient TimeFormatter time;
        private transient JsonBytes json;

        OutgoingSerializer(String recommendationsTopic, String progressTopic, ZoneId zone) {
            this.recommendationsTopic = recommendationsTopic;
            this.progressTopic = progressTopic;
            this.zone = zone;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                Outgoing element, KafkaSinkContext context, Long timestamp) {
            if (json == null) {
                json = new JsonBytes();
                time = new TimeFormatter(zone);
            }
            json.reset();
            if (element.recommendation != null) {
                OutputJson.write(json, element.recommendation, time);
                return new ProducerRecord<>(
                        recommendationsTopic,
                        null,
                        null,
                        element.recommendation.stationId.getBytes(StandardCharsets.UTF_8),
                        json.toByteArray());
            }
            OutputJson.write(json, element.progress, time);
            return new ProducerRecord<>(progressTopic, null, null, null, json.toByteArray());
        }
    }

    /** The Kafka key of a record: its station, so a station's records stay in order. */
    @FunctionalInterface
    public interface KeyOf<T> extends Function<T, String>, Serializable {}

    /** Raw bytes plus where they came from; parsing happens in the job, not here. */
    static final class RawRecordDeserializer
            implements KafkaRecordDeserializationSchema<RawRecord> {
        private static final long serialVersionUID = 1L;

        /**
         * Whether each record's time is sniffed here, for the pacing watermarks; without pacing the
         * parser reads it, once ({@link RawRecord#NOT_SNIFFED}).
         */
        private final boolean sniff;

        // Records come in runs from one partition: name it once per run, not once per record.
        private transient String lastTopic;
        private transient int lastPartition;
        private transient String lastSource;
        private transient LastIsoTime lastTime;

        RawRecordDeserializer(boolean sniff) {
            this.sniff = sniff;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
            if (!sniff) {
                out.collect(
                        RawRecord.unsniffed(
                                record.value(),
                                sourceOf(record),
                                record.offset(),
                                record.timestamp()));
                return;
            }
            if (lastTime == null) {
                lastTime = new LastIsoTime();
            }
            out.collect(
                    new RawRecord(
                            record.value(),
                            sourceOf(record),
                            record.offset(),
                            record.timestamp(),
                            lastTime));
        }

        private String sourceOf(ConsumerRecord<?, ?> record) {
            if (lastSource == null
                    || record.partition() != lastPartition
                    || !record.topic().equals(lastTopic)) {
                lastTopic = record.topic();
                lastPartition = record.partition();
                lastSource = sourceName(lastTopic, lastPartition);
            }
            return lastSource;
        }

        /** A partition's name as its records' {@link RawRecord#source}. */
        static String sourceName(String topic, int partition) {
            return topic + "/" + partition;
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return Types.POJO(RawRecord.class);
        }
    }

    /**
     * JSON values, keyed by station, stamped with the producer's wall clock rather than the event
     * time: a replayed day may lie far in the past, where the topic's retention would delete it.
     */
    static final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
        private static final long serialVersionUID = 1L;

        private final String topic;
        private final JsonEncoder<T> encoder;
        private final KeyOf<T> key;
        private final ZoneId zone;
        private transient TimeFormatter time;
        private transient JsonBytes json;

        JsonRecordSerializer(String topic, JsonEncoder<T> encoder, KeyOf<T> key, ZoneId zone) {
            this.topic = topic;
            this.encoder = encoder;
            this.key = key;
            this.zone = zone;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                T element, KafkaSinkContext context, Long timestamp) {
            if (json == null) {
                json = new JsonBytes();
                time = new TimeFormatter(zone);
            }
            byte[] value = encoder.write(json.reset(), element, time).toByteArray();
            String k = key == null ? null : key.apply(element);
            return new ProducerRecord<>(
                    topic,
                    null,
                    null,
                    k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                    value);
        }
    }
}
