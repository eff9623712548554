package org.metrodispatch.simulator.kafka;

import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.kafka.KafkaClientSecurity;
import org.metrodispatch.contract.kafka.KafkaTopics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the project's topics on a broker when they are missing, and checks the broker is there.
 */
public final class TopicAdmin {

    private static final long TIMEOUT_SECONDS = 15;
    private static final long CONNECT_TIMEOUT_SECONDS = 5;

    private TopicAdmin() {}

    /**
     * Waits until the leader of every partition of new topics serves it. The controller names a
     * leader before the broker has loaded the partition; producing in between fails, and an
     * idempotent producer's retries can then arrive out of order. Listing a partition's offsets
     * succeeds only once the leader serves it.
     */
    private static void awaitLeaders(Admin admin, List<NewTopic> topics)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (NewTopic topic : topics) {
            for (int p = 0; p < topic.numPartitions(); p++) {
                partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                admin.listOffsets(partitions).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(
                            "the partitions of new topics are not served: " + e.getCause());
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    private static UserError noBroker(String bootstrap) {
        return new UserError(
                "no Kafka broker answers at "
                        + bootstrap
                        + " (start one with 'metro-dispatch kafka start')");
    }

    /** The broker's words, never the client's settings: they may hold a password. */
    static UserError refusedLogin(String bootstrap, Throwable cause) {
        return new UserError(
                "the Kafka broker at "
                        + bootstrap
                        + " refused the login ("
                        + cause.getMessage()
                        + "); check the security settings of --kafka-properties or $"
                        + KafkaClientSecurity.ENVIRONMENT);
    }

    /**
     * Creates those of the given topics that do not exist yet; existing ones are left as they are.
     */
    public static void ensureTopics(
            String bootstrap, KafkaTopics topics, KafkaTopics.Role... roles) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        KafkaClientSecurity.forThisProcess().applyTo(props);
        props.put(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        props.put(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing;
            try {
                existing =
                        admin.listTopics().names().get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthenticationException) {
                    throw refusedLogin(bootstrap, e.getCause());
                }
                throw noBroker(bootstrap);
            } catch (TimeoutException e) {
                throw noBroker(bootstrap);
            }
            List<NewTopic> missing = new ArrayList<>();
            for (KafkaTopics.Role role : roles) {
                String name = topics.name(role);
                if (!existing.contains(name)) {
                    Map<String, String> config = new HashMap<>();
                    // A producer may stamp records with a simulated day's event time (Flink's
                    // KafkaSink does by default): never delete by it, never refuse it.
                    config.put("retention.ms", "-1");
                    config.put("message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
                    // The broker's default replication factor: 1 locally, whatever a real cluster
                    // sets.
                    missing.add(
                            new NewTopic(
                                            name,
                                            Optional.of(topics.partitions(role)),
                                            Optional.empty())
                                    .configs(config));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                awaitLeaders(admin, missing);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "cannot create topics on "
                                    + bootstrap
                                    + ": "
                                    + e.getCause().getMessage(),
                            e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "creating topics on " + bootstrap + " timed out", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
