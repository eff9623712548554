package org.metrodispatch.job.io;

import org.metrodispatch.contract.cli.UserError;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Checks the exactly-once sink's Kafka transaction timeout before the job starts, instead of
 * learning at the first commit after an outage that a transaction expired (the connector then only
 * logs that this "most likely signals data loss").
 *
 * <p>A transaction opens after one checkpoint and commits when the next one completes, so it must
 * outlive a checkpoint interval plus a checkpoint that takes as long as it may, and a broker outage
 * on top of that; and the broker refuses timeouts above its {@code transaction.max.timeout.ms}.
 */
public final class TransactionTimeouts {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionTimeouts.class);

    /** The broker setting that caps a producer's transaction timeout. */
    public static final String BROKER_MAXIMUM = "transaction.max.timeout.ms";

    private TransactionTimeouts() {}

    /**
     * The transaction timeout against the checkpoint settings.
     *
     * @throws UserError when a transaction could expire before the checkpoint that commits it
     */
    public static void checkAgainstCheckpoints(
            Duration transactionTimeout, Duration checkpointInterval, Duration checkpointTimeout) {
        Duration longestTransaction = checkpointInterval.plus(checkpointTimeout);
        if (transactionTimeout.compareTo(longestTransaction) <= 0) {
            throw new UserError(
                    "the Kafka transaction timeout ("
                            + transactionTimeout.toSeconds()
                            + " s) must be longer than a checkpoint interval plus the checkpoint"
                            + " timeout ("
                            + longestTransaction.toSeconds()
                            + " s): a transaction could expire before the checkpoint that commits"
                            + " it; raise kafka.transactionTimeoutMinutes or lower"
                            + " checkpointing.timeoutSeconds in job.yaml");
        }
    }

    /**
     * The transaction timeout against the broker's maximum, read from the broker.
     *
     * @throws UserError when the broker would refuse the sink's transactions
     */
    public static void checkAgainstBroker(Properties adminProperties, Duration transactionTimeout)
            throws InterruptedException {
        Long maximum = brokerMaximum(adminProperties);
        if (maximum == null) {
            return;
        }
        checkAgainstBrokerMaximum(transactionTimeout, Duration.ofMillis(maximum));
    }

    /** The check itself, apart from asking the broker. */
    public static void checkAgainstBrokerMaximum(Duration transactionTimeout, Duration maximum) {
        if (transactionTimeout.compareTo(maximum) > 0) {
            throw new UserError(
                    "the Kafka transaction timeout ("
                            + transactionTimeout.toSeconds()
                            + " s) is above the broker's "
                            + BROKER_MAXIMUM
                            + " ("
                            + maximum.toSeconds()
                            + " s): the broker would refuse the job's transactions; lower"
                            + " kafka.transactionTimeoutMinutes in job.yaml or raise the broker's"
                            + " setting");
        }
    }

    /** The broker's maximum, or null when it could not be read (logged; the sink will tell). */
    private static Long brokerMaximum(Properties adminProperties) throws InterruptedException {
        try (Admin admin = Admin.create(adminProperties)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            if (nodes.isEmpty()) {
                return null;
            }
            ConfigResource broker =
                    new ConfigResource(
                            ConfigResource.Type.BROKER,
                            Integer.toString(nodes.iterator().next().id()));
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS);
            ConfigEntry entry = configs.get(broker).get(BROKER_MAXIMUM);
            return entry == null || entry.value() == null ? null : Long.parseLong(entry.value());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.warn(
                    "Could not read the broker's {} ({}); the transaction timeout is not checked"
                            + " against it",
                    BROKER_MAXIMUM,
                    e.toString());
            return null;
        }
    }
}
