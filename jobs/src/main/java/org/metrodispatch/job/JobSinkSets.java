package org.metrodispatch.job;

import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.job.io.DecisionLogSink;
import org.metrodispatch.job.io.JsonEncoder;
import org.metrodispatch.job.io.JsonLinesFileSink;
import org.metrodispatch.job.io.KafkaIO;

import java.nio.file.Path;
import java.time.ZoneId;

/** The two ways the job's outputs are wired: Kafka in production, files in replays. */
public final class JobSinkSets {

    /** Output files of a replay, without the {@code .jsonl} suffix. */
    public static final String RECOMMENDATIONS = "recommendations";

    public static final String DECISIONS = "decisions";
    public static final String STATION_LOAD = "station-load";
    public static final String DEAD_LETTERS = "dead-letters";
    public static final String LATE_EVENTS = "late-events";
    public static final String FEED_HEALTH = "feed-health";

    private JobSinkSets() {}

    /**
     * Production: recommendations, station load, dead letters and late events to their topics,
     * exactly once; decisions to the decision logger.
     */
    public static JobSinks kafka(JobSettings settings, KafkaTopics topics, ZoneId zone) {
        return new JobSinks()
                .recommendations(KafkaIO.recommendationsSink(settings, topics, zone))
                .decisionLog(DecisionLogSink.decisions(zone))
                .feedHealthLog(DecisionLogSink.feedAlerts(zone))
                .feedHealth(
                        KafkaIO.exactlyOnceSink(
                                settings,
                                topics.name(KafkaTopics.Role.FEED_HEALTH),
                                "feed-health",
                                JsonEncoder.FEED_ALERTS,
                                a -> a.stationId,
                                zone))
                .stationLoad(
                        KafkaIO.exactlyOnceSink(
                                settings,
                                topics.name(KafkaTopics.Role.STATION_LOAD),
                                "station-load",
                                JsonEncoder.STATION_LOAD,
                                l -> l.stationId,
                                zone))
                .deadLetters(
                        KafkaIO.exactlyOnceSink(
                                settings,
                                topics.name(KafkaTopics.Role.DEAD_LETTERS),
                                "dead-letters",
                                JsonEncoder.REJECTED,
                                null,
                                zone))
                .lateEvents(
                        KafkaIO.exactlyOnceSink(
                                settings,
                                topics.name(KafkaTopics.Role.LATE_EVENTS),
                                "late-events",
                                JsonEncoder.REJECTED,
                                null,
                                zone));
    }

    /** Replays and tests: one JSON-lines file per output in a folder (as parts until merged). */
    public static JobSinks files(Path out, ZoneId zone) {
        return new JobSinks()
                .recommendations(
                        new JsonLinesFileSink<>(
                                out, RECOMMENDATIONS, JsonEncoder.RECOMMENDATIONS, zone))
                .decisionLog(new JsonLinesFileSink<>(out, DECISIONS, JsonEncoder.DECISIONS, zone))
                .stationLoad(
                        new JsonLinesFileSink<>(out, STATION_LOAD, JsonEncoder.STATION_LOAD, zone))
                .deadLetters(new JsonLinesFileSink<>(out, DEAD_LETTERS, JsonEncoder.REJECTED, zone))
                .lateEvents(new JsonLinesFileSink<>(out, LATE_EVENTS, JsonEncoder.REJECTED, zone))
                .feedHealth(
                        new JsonLinesFileSink<>(out, FEED_HEALTH, JsonEncoder.FEED_ALERTS, zone));
    }
}
