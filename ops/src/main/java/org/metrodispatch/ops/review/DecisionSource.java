package org.metrodispatch.ops.review;

import org.metrodispatch.contract.cli.KafkaPropertiesOption;
import org.metrodispatch.contract.cli.ProjectPaths;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.kafka.KafkaTopics;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where the decisions come from: a decision log (or a run folder), or the Kafka topic. */
public final class DecisionSource {

    static final String DECISIONS_FILE = "decisions.jsonl";

    /** With --kafka: how to log in to a secured broker. */
    @Mixin KafkaPropertiesOption kafkaProperties = new KafkaPropertiesOption();

    @Option(
            names = "--decisions",
            paramLabel = "FILE",
            description =
                    "The decision log, or a run folder with decisions.jsonl in it or in its job/"
                            + " (default: logs/decisions.jsonl, where 'metro-dispatch job' writes).")
    Path decisions;

    @Option(
            names = "--kafka",
            paramLabel = "HOST:PORT",
            description =
                    "Read the recommendations topic instead (read_committed, from the beginning to"
                            + " what is committed now). It holds the decisions of episodes that got"
                            + " an empty train, without SUPPRESSED.")
    String kafka;

    @Option(
            names = "--topic",
            paramLabel = "NAME",
            description = "The recommendations topic (default: from config/kafka.yaml).")
    String topic;

    @Option(
            names = "--kafka-timeout",
            paramLabel = "SECONDS",
            defaultValue = "15",
            description = "How long to wait for the broker (default: ${DEFAULT-VALUE}).")
    int kafkaTimeoutSeconds = 15;

    /** Whether the user named a source. */
    boolean isSet() {
        return decisions != null || kafka != null;
    }

    boolean isKafka() {
        return kafka != null;
    }

    void check() {
        if (decisions != null && kafka != null) {
            throw new UserError("--decisions and --kafka exclude each other: give one");
        }
        if (topic != null && kafka == null) {
            throw new UserError("--topic goes with --kafka");
        }
    }

    /** The decision log file: as given, found in a run folder, or the local default. */
    Path file() {
        Path given =
                decisions == null ? ProjectPaths.home().resolve("logs/decisions.jsonl") : decisions;
        if (Files.isDirectory(given)) {
            for (Path candidate :
                    new Path[] {
                        given.resolve("job").resolve(DECISIONS_FILE), given.resolve(DECISIONS_FILE)
                    }) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            throw new UserError(
                    "no "
                            + DECISIONS_FILE
                            + " in "
                            + given
                            + " or "
                            + given.resolve("job")
                            + " (replay the run first: metro-dispatch job --input "
                            + given
                            + " --out "
                            + given.resolve("job")
                            + ")");
        }
        if (!Files.isRegularFile(given)) {
            throw new UserError(
                    "no decision log at "
                            + given
                            + (decisions == null
                                    ? " (has 'metro-dispatch job' run? or give --decisions FILE)"
                                    : ""));
        }
        return given;
    }

    /** What to call the source in messages. */
    String describe() {
        return isKafka() ? topicName() + " on " + kafka : file().toString();
    }

    String topicName() {
        if (topic != null) {
            return topic;
        }
        return KafkaTopics.load(ProjectPaths.config("kafka.yaml"))
                .name(KafkaTopics.Role.RECOMMENDATIONS);
    }

    /** Reads every decision there is now. */
    DecisionLogReader.Batch read() throws IOException {
        check();
        if (isKafka()) {
            return KafkaDecisionReader.read(
                    kafka, topicName(), Duration.ofSeconds(kafkaTimeoutSeconds));
        }
        return new DecisionLogReader(file()).readAll();
    }

    /** The folder of the decision log, to find the run's other files; none for Kafka. */
    Optional<Path> folder() {
        if (isKafka()) {
            return Optional.empty();
        }
        Path parent = file().getParent();
        return Optional.of(parent == null ? Path.of("") : parent);
    }

    /** The source of an explain: its own when given, else the review command's. */
    static DecisionSource either(DecisionSource own, DecisionSource parent) {
        return own.isSet() || parent == null ? own : parent;
    }
}
