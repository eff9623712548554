package org.metrodispatch.contract.kafka;

import org.metrodispatch.contract.config.ConfigNode;
import org.metrodispatch.contract.config.YamlFiles;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Kafka topics the simulator and the job share, with their partition counts, read from {@code
 * config/kafka.yaml}. One file for both sides, so they cannot disagree on a name.
 */
public final class KafkaTopics {

    /** The roles a topic plays; each has an entry in the file. */
    public enum Role {
        GATE_EVENTS("gateEvents"),
        TRAIN_EVENTS("trainEvents"),
        GROUND_TRUTH("groundTruth"),
        RECOMMENDATIONS("recommendations"),
        STATION_LOAD("stationLoad"),
        DEAD_LETTERS("deadLetters"),
        LATE_EVENTS("lateEvents"),
        FEED_HEALTH("feedHealth"),
        JOB_PROGRESS("jobProgress");

        private final String key;

        Role(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final Map<Role, String> names;
    private final Map<Role, Integer> partitions;

    private KafkaTopics(Map<Role, String> names, Map<Role, Integer> partitions) {
        this.names = names;
        this.partitions = partitions;
    }

    public static KafkaTopics load(Path file) {
        ConfigNode root = YamlFiles.load(file);
        root.allowOnly(Set.of("topics", "broker"));
        ConfigNode topics = root.child("topics");
        Set<String> keys = new TreeSet<>();
        for (Role role : Role.values()) {
            keys.add(role.key());
        }
        topics.allowOnly(keys);
        Map<Role, String> names = new LinkedHashMap<>();
        Map<Role, Integer> partitions = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            ConfigNode topic = topics.child(role.key()).allowOnly(Set.of("name", "partitions"));
            String name = topic.string("name");
            if (!isValidName(name)) {
                throw topic.error("name", "'" + name + "' is not a valid Kafka topic name");
            }
            names.put(role, name);
            partitions.put(role, topic.integer("partitions", 1, 10_000));
        }
        return new KafkaTopics(names, partitions);
    }

    public String name(Role role) {
        return names.get(role);
    }

    public int partitions(Role role) {
        return partitions.get(role);
    }

    /** A copy with one topic renamed, for a command-line override. */
    public KafkaTopics withName(Role role, String name) {
        if (name == null) {
            return this;
        }
        if (!isValidName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid Kafka topic name");
        }
        Map<Role, String> renamed = new LinkedHashMap<>(names);
        renamed.put(role, name);
        return new KafkaTopics(renamed, partitions);
    }

    /** Kafka's rule: legal characters, at most 249 of them, and neither "." nor "..". */
    private static boolean isValidName(String name) {
        return TOPIC_NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }
}
