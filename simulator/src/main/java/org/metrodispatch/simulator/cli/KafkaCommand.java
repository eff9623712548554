package org.metrodispatch.simulator.cli;

import org.metrodispatch.contract.cli.ProjectPaths;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.config.ConfigNode;
import org.metrodispatch.contract.config.YamlFiles;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.simulator.kafka.LocalKafkaBrokerMain;
import org.metrodispatch.simulator.kafka.TopicAdmin;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code metro-dispatch kafka start|stop|status}: a real single-node KRaft broker on localhost, run
 * as a background process tracked by a pid file in its data folder.
 */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run a local single-node Kafka broker (KRaft) from the Kafka jars, in the background.",
            "start: format the data folder if new, start the broker, create the project's topics.",
            "stop: stop the broker this command started. status: tell whether it runs."
        })
public final class KafkaCommand implements Callable<Integer> {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    @Parameters(index = "0", paramLabel = "start|stop|status", description = "What to do.")
    String action;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Broker port (default: broker.port of config/kafka.yaml).")
    Integer port;

    @Option(
            names = "--controller-port",
            paramLabel = "PORT",
            description = "KRaft controller port (default: broker.controllerPort).")
    Integer controllerPort;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Data folder (default: broker.dataDir).")
    Path dataDir;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description = "Broker and topic settings (default: config/kafka.yaml).")
    Path kafkaConfig;

    @Override
    public Integer call() throws Exception {
        Path configFile = kafkaConfig != null ? kafkaConfig : ProjectPaths.config("kafka.yaml");
        ConfigNode broker = YamlFiles.load(configFile).child("broker");
        broker.allowOnly(Set.of("port", "controllerPort", "dataDir"));
        int brokerPort = port != null ? port : broker.integer("port", 1, 65_535);
        int quorumPort =
                controllerPort != null
                        ? controllerPort
                        : broker.integer("controllerPort", 1, 65_535);
        Path data =
                dataDir != null ? dataDir : ProjectPaths.home().resolve(broker.string("dataDir"));
        switch (action) {
            case "start":
                return start(data, brokerPort, quorumPort, KafkaTopics.load(configFile));
            case "stop":
                return stop(data);
            case "status":
                return status(data);
            default:
                throw new UserError("unknown action '" + action + "'; use start, stop or status");
        }
    }

    private int start(Path data, int brokerPort, int quorumPort, KafkaTopics topics)
            throws Exception {
        Optional<ProcessHandle> running = runningBroker(data);
        if (running.isPresent()) {
            System.out.println(
                    "Kafka broker already running (pid "
                            + running.get().pid()
                            + ", data in "
                            + data
                            + ")");
            return 0;
        }
        checkFree(brokerPort, "--port");
        checkFree(quorumPort, "--controller-port");
        Files.createDirectories(data);
        Path log = data.resolve("broker.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms256m");
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LocalKafkaBrokerMain.class.getName());
        command.add(data.toAbsolutePath().toString());
        command.add(Integer.toString(brokerPort));
        command.add(Integer.toString(quorumPort));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
        Files.writeString(pidFile(data), Long.toString(process.pid()), StandardCharsets.UTF_8);
        String bootstrap = "localhost:" + brokerPort;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answers(bootstrap)) {
            if (!process.isAlive()) {
                Files.deleteIfExists(pidFile(data));
                throw new UserError("the Kafka broker exited at start; see " + log);
            }
            if (System.nanoTime() > deadline) {
                process.destroy();
                throw new UserError(
                        "the Kafka broker did not answer within "
                                + START_TIMEOUT.toSeconds()
                                + " s; see "
                                + log);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        TopicAdmin.ensureTopics(bootstrap, topics, KafkaTopics.Role.values());
        System.out.println(
                "Kafka broker running at "
                        + bootstrap
                        + " (pid "
                        + process.pid()
                        + "), data in "
                        + data
                        + ", log "
                        + log);
        return 0;
    }

    private int stop(Path data) throws Exception {
        Optional<ProcessHandle> running = runningBroker(data);
        if (running.isEmpty()) {
            System.out.println("No Kafka broker of this project is running (data in " + data + ")");
            Files.deleteIfExists(pidFile(data));
            return 0;
        }
        ProcessHandle broker = running.get();
        broker.destroy();
        try {
            broker.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            broker.destroyForcibly();
            broker.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        Files.deleteIfExists(pidFile(data));
        System.out.println("Kafka broker stopped (pid " + broker.pid() + ")");
        return 0;
    }

    private int status(Path data) throws IOException {
        Optional<ProcessHandle> running = runningBroker(data);
        if (running.isPresent()) {
            System.out.println(
                    "Kafka broker running (pid " + running.get().pid() + ", data in " + data + ")");
            return 0;
        }
        System.out.println("Kafka broker not running (data in " + data + ")");
        return 3;
    }

    /** The broker process recorded in the pid file, if it is alive and is really our broker. */
    private static Optional<ProcessHandle> runningBroker(Path data) throws IOException {
        Path pid = pidFile(data);
        if (!Files.exists(pid)) {
            return Optional.empty();
        }
        long id;
        try {
            id = Long.parseLong(Files.readString(pid, StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(id)
                .filter(ProcessHandle::isAlive)
                .filter(
                        p ->
                                p.info()
                                        .arguments()
                                        .map(
                                                args ->
                                                        List.of(args)
                                                                .contains(
                                                                        LocalKafkaBrokerMain.class
                                                                                .getName()))
                                        .orElse(true));
    }

    private static Path pidFile(Path data) {
        return data.resolve("broker.pid");
    }

    private static void checkFree(int port, String option) {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.getLocalPort();
        } catch (IOException e) {
            throw new UserError(
                    "port "
                            + port
                            + " is already in use (another broker?); choose another with "
                            + option);
        }
    }

    private static boolean answers(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
