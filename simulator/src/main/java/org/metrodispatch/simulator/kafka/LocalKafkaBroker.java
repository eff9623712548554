package org.metrodispatch.simulator.kafka;

import org.metrodispatch.contract.cli.LoopbackPorts;
import org.metrodispatch.contract.cli.UserError;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), running in this JVM
 * from the Kafka jars: for tests, the demo and {@code metro-dispatch kafka start}. Listens on
 * loopback only.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private final KafkaRaftServer server;
    private final int port;

    private LocalKafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Formats {@code dataDir} if it is new and starts a broker on {@code port}, with its controller
     * on {@code controllerPort}. Pass 0 for either port to take a free one.
     */
    public static LocalKafkaBroker start(Path dataDir, int port, int controllerPort)
            throws IOException {
        return start(dataDir, port, controllerPort, Map.of());
    }

    /**
     * Like {@link #start(Path, int, int)}, but clients must authenticate with SASL/PLAIN as one of
     * {@code users} (name to password) when that is not empty: a broker like a secured production
     * one, for tests of the clients' security settings.
     */
    public static LocalKafkaBroker start(
            Path dataDir, int port, int controllerPort, Map<String, String> users)
            throws IOException {
        int brokerPort =
                LoopbackPorts.chosen(port, "the Kafka broker", "choose another with --port");
        int quorumPort =
                LoopbackPorts.chosen(
                        controllerPort,
                        "the Kafka controller",
                        "choose another with --controller-port");
        // A free port is not held once found: two asked for in a row can be the same one.
        while (quorumPort == brokerPort && controllerPort == 0) {
            quorumPort = freePort();
        }
        if (quorumPort == brokerPort) {
            throw new UserError(
                    "the Kafka broker and its controller need different ports, not both "
                            + brokerPort);
        }
        Path logDir = dataDir.resolve("logs");
        Files.createDirectories(logDir);
        Properties props = properties(logDir, brokerPort, quorumPort);
        if (!users.isEmpty()) {
            requireSasl(props, brokerPort, users);
        }
        Path propsFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "written by metro-dispatch; regenerated at every start");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(propsFile);
        }
        KafkaRaftServer server =
                new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        return new LocalKafkaBroker(server, brokerPort);
    }

    private static Properties properties(Path logDir, int port, int controllerPort) {
        Properties props = new Properties();
        props.putAll(
                Map.ofEntries(
                        Map.entry("process.roles", "broker,controller"),
                        Map.entry("node.id", "1"),
                        Map.entry("controller.quorum.voters", "1@localhost:" + controllerPort),
                        Map.entry(
                                "listeners",
                                "PLAINTEXT://localhost:"
                                        + port
                                        + ",CONTROLLER://localhost:"
                                        + controllerPort),
                        Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + port),
                        Map.entry(
                                "listener.security.protocol.map",
                                "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                        Map.entry("controller.listener.names", "CONTROLLER"),
                        Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                        Map.entry("log.dirs", logDir.toAbsolutePath().toString()),
                        // One node: every internal topic must be content with one replica, or
                        // consumer groups and transactions silently never start.
                        Map.entry("offsets.topic.replication.factor", "1"),
                        Map.entry("offsets.topic.num.partitions", "4"),
                        Map.entry("transaction.state.log.replication.factor", "1"),
                        Map.entry("transaction.state.log.min.isr", "1"),
                        Map.entry("transaction.state.log.num.partitions", "4"),
                        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                        Map.entry("share.coordinator.state.topic.min.isr", "1"),
                        Map.entry("group.initial.rebalance.delay.ms", "0"),
                        // A simulated day may run ahead of the wall clock.
                        Map.entry(
                                "log.message.timestamp.after.max.ms",
                                Long.toString(Long.MAX_VALUE)),
                        Map.entry("num.partitions", "1")));
        return props;
    }

    /** The broker's listener takes SASL/PLAIN logins only; the controller's stays internal. */
    private static void requireSasl(Properties props, int port, Map<String, String> users) {
        // The broker logs in to itself over the same listener, with a password of its own.
        String brokerPassword = Uuid.randomUuid().toString();
        StringBuilder jaas =
                new StringBuilder(
                                "org.apache.kafka.common.security.plain.PlainLoginModule required")
                        .append(" username=\"broker\" password=\"")
                        .append(brokerPassword)
                        .append("\" user_broker=\"")
                        .append(brokerPassword)
                        .append('"');
        users.forEach(
                (user, password) ->
                        jaas.append(" user_")
                                .append(user)
                                .append("=\"")
                                .append(password)
                                .append('"'));
        jaas.append(';');
        props.put(
                "listeners",
                "SASL_PLAINTEXT://localhost:" + port + "," + controllerListener(props));
        props.put("advertised.listeners", "SASL_PLAINTEXT://localhost:" + port);
        props.put(
                "listener.security.protocol.map",
                "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        props.put("sasl.enabled.mechanisms", "PLAIN");
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.toString());
    }

    private static String controllerListener(Properties props) {
        for (String listener : props.getProperty("listeners").split(",")) {
            if (listener.startsWith("CONTROLLER://")) {
                return listener;
            }
        }
        throw new IllegalStateException("no controller listener in " + props);
    }

    private static void format(Path propsFile) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            rc =
                    StorageTool.execute(
                            new String[] {
                                "format",
                                "-t",
                                Uuid.randomUuid().toString(),
                                "-c",
                                propsFile.toString(),
                                "--ignore-formatted"
                            },
                            out);
        }
        if (rc != 0) {
            throw new IllegalStateException(
                    "formatting the Kafka log folder failed: "
                            + captured.toString(StandardCharsets.UTF_8));
        }
    }

    /** A port that is free on loopback now. */
    public static int freePort() {
        try {
            return LoopbackPorts.free();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code localhost:port}, for clients. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
