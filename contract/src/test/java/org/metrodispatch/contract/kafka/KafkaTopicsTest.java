package org.metrodispatch.contract.kafka;

import org.metrodispatch.contract.config.ConfigException;
import org.metrodispatch.contract.kafka.KafkaTopics.Role;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaTopicsTest {

    static final Path KAFKA = Path.of("../config/kafka.yaml");

    @TempDir Path dir;

    private String realText() throws IOException {
        return Files.readString(KAFKA, StandardCharsets.UTF_8);
    }

    private void assertBroken(String yaml, String keyPath, String problem) throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> KafkaTopics.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("broken.yaml: " + keyPath + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void realFileNamesEveryRole() {
        KafkaTopics topics = KafkaTopics.load(KAFKA);
        assertThat(topics.name(Role.GATE_EVENTS)).isEqualTo("metro.gate-events");
        assertThat(topics.partitions(Role.GATE_EVENTS)).isEqualTo(8);
        assertThat(topics.name(Role.TRAIN_EVENTS)).isEqualTo("metro.train-events");
        assertThat(topics.name(Role.RECOMMENDATIONS)).isEqualTo("metro.dispatch-recommendations");
        assertThat(topics.partitions(Role.RECOMMENDATIONS)).isEqualTo(1);
        assertThat(topics.name(Role.DEAD_LETTERS)).isEqualTo("metro.dead-letters");
        Set<String> names = new HashSet<>();
        for (Role role : Role.values()) {
            assertThat(topics.partitions(role)).isPositive();
            assertThat(names.add(topics.name(role))).as("%s has its own topic", role).isTrue();
        }
    }

    @Test
    void withNameRenamesOneTopicInACopy() {
        KafkaTopics topics = KafkaTopics.load(KAFKA);
        KafkaTopics renamed = topics.withName(Role.GATE_EVENTS, "test.gates");
        assertThat(renamed.name(Role.GATE_EVENTS)).isEqualTo("test.gates");
        assertThat(renamed.partitions(Role.GATE_EVENTS)).isEqualTo(8);
        assertThat(renamed.name(Role.TRAIN_EVENTS)).isEqualTo("metro.train-events");
        assertThat(topics.name(Role.GATE_EVENTS)).isEqualTo("metro.gate-events");
        assertThat(topics.withName(Role.GATE_EVENTS, null)).isSameAs(topics);
        assertThatThrownBy(() -> topics.withName(Role.GATE_EVENTS, "bad name!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad name!' is not a valid Kafka topic name");
        assertThatThrownBy(() -> topics.withName(Role.GATE_EVENTS, "x".repeat(250)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(topics.withName(Role.GATE_EVENTS, "x".repeat(249)).name(Role.GATE_EVENTS))
                .hasSize(249);
    }

    @Test
    void dotAndDotDotAreNotTopicNames() throws IOException {
        // Kafka refuses both, although they are made of legal characters.
        KafkaTopics topics = KafkaTopics.load(KAFKA);
        assertThatThrownBy(() -> topics.withName(Role.GATE_EVENTS, "."))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> topics.withName(Role.GATE_EVENTS, ".."))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(topics.withName(Role.GATE_EVENTS, "...").name(Role.GATE_EVENTS))
                .isEqualTo("...");
        assertBroken(
                realText().replace("metro.gate-events", "'..'"),
                "topics.gateEvents.name",
                "'..' is not a valid Kafka topic name");
    }

    @Test
    void roleKeysAreTheFileKeys() {
        assertThat(Role.GATE_EVENTS.key()).isEqualTo("gateEvents");
        assertThat(Role.JOB_PROGRESS.key()).isEqualTo("jobProgress");
    }

    @Test
    void brokenFiles() throws IOException {
        String text = realText();
        assertBroken(
                text.replace("  jobProgress: {name: metro.job-progress, partitions: 1}\n", ""),
                "topics.jobProgress",
                "missing");
        assertBroken(
                text.replace("gateEvents:", "gateEvent:"),
                "topics.gateEvent",
                "unknown key; expected one of deadLetters, feedHealth, gateEvents,");
        assertBroken(
                text.replace("metro.gate-events", "'metro gate events'"),
                "topics.gateEvents.name",
                "'metro gate events' is not a valid Kafka topic name");
        assertBroken(
                text.replace(
                        "{name: metro.train-events, partitions: 8}",
                        "{name: metro.train-events, partitions: 0}"),
                "topics.trainEvents.partitions",
                "must be between 1 and 10000, got 0");
        assertBroken(
                text.replace(
                        "{name: metro.train-events, partitions: 8}",
                        "{name: metro.train-events, partitions: 8, replicas: 3}"),
                "topics.trainEvents.replicas",
                "unknown key; expected one of name, partitions");
        assertBroken(
                text.replace("topics:", "topix:"),
                "topix",
                "unknown key; expected one of broker, topics");
    }
}
