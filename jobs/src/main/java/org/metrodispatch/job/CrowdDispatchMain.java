package org.metrodispatch.job;

import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.contract.cli.ProjectPaths;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.job.io.DecisionLogSink;
import org.metrodispatch.job.io.JsonEncoder;
import org.metrodispatch.job.io.JsonLinesFileSink;
import org.metrodispatch.job.io.KafkaIO;
import org.metrodispatch.job.io.PartFiles;
import org.metrodispatch.job.io.ReplayIterator;
import org.metrodispatch.job.io.ReplaySource;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;

/**
 * {@code metro-dispatch job}: runs the crowd-dispatch job on Kafka (locally with a web UI, or on a
 * Flink cluster when submitted there), or replays a simulator folder through the same job graph
 * into files. The main class of the job jar.
 */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the crowd-dispatch Flink job: station load in sliding windows, platform crowding,"
                    + " empty-train recommendations.",
            "With --kafka it reads gate and train events from Kafka and writes recommendations to"
                    + " Kafka and the decision log; with --input/--out it replays a simulator"
                    + " folder into files and exits."
        },
        footer = {
            "",
            "Examples:",
            "  metro-dispatch job --kafka localhost:9092",
            "  metro-dispatch job --input runs/peak --out runs/peak/job"
        })
public final class CrowdDispatchMain implements Callable<Integer> {

    /** Output files of a replay. */
    public static final String RECOMMENDATIONS = "recommendations";

    public static final String DECISIONS = "decisions";
    public static final String STATION_LOAD = "station-load";
    public static final String DEAD_LETTERS = "dead-letters";
    public static final String LATE_EVENTS = "late-events";

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Job settings (default: config/job.yaml).")
    Path configFile;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Parallelism (default: the config's).")
    Integer parallelism;

    @Option(
            names = "--network",
            paramLabel = "FILE",
            description = "Network file (default: the config's).")
    Path networkFile;

    @Option(
            names = "--demand-model",
            paramLabel = "FILE",
            description =
                    "Scenario whose demand model gives the direction and alighting shares (default: the config's).")
    Path demandModelFile;

    @Option(
            names = "--local",
            description =
                    "Run on an embedded Flink MiniCluster with the web UI (what 'metro-dispatch job' does).")
    boolean local;

    @Option(
            names = "--ui-port",
            paramLabel = "PORT",
            defaultValue = "8081",
            description =
                    "Port of the local web UI (default: ${DEFAULT-VALUE}; 0 takes a free one).")
    int uiPort;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "URI",
            description = "Checkpoint directory (default: the config's).")
    String checkpointDir;

    @Option(
            names = "--group-id",
            paramLabel = "ID",
            description = "Kafka consumer group (default: the config's).")
    String groupId;

    @Option(
            names = "--start-from",
            paramLabel = "WHERE",
            description = "committed, earliest or latest (default: the config's).")
    String startFrom;

    @Option(
            names = "--bounded",
            description =
                    "Stop at the Kafka offsets that were the latest at start (tests, benchmarks).")
    boolean bounded;

    /** Kafka or replay. */
    static final class Mode {
        @Option(
                names = "--kafka",
                required = true,
                paramLabel = "HOST:PORT",
                description = "Kafka bootstrap servers.")
        String kafka;

        @ArgGroup(exclusive = false)
        Replay replay;
    }

    /** A replay needs both folders. */
    static final class Replay {
        @Option(
                names = "--input",
                required = true,
                paramLabel = "DIR",
                description = "Simulator output folder to replay.")
        Path input;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR",
                description =
                        "Folder for recommendations, decisions, station load, dead letters and late events.")
        Path out;
    }

    public static void main(String[] args) {
        System.exit(CommandLines.create(new CrowdDispatchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        JobSettings settings = settings();
        Network network = NetworkLoader.load(settings.networkFile);
        FlowShares shares = shares(settings, network);
        CrowdDispatchJob job = new CrowdDispatchJob(settings, network, shares);
        if (mode.replay != null) {
            replay(job, settings, network, mode.replay.input, mode.replay.out);
        } else {
            runOnKafka(job, settings, network);
        }
        return 0;
    }

    private JobSettings settings() {
        Path file = configFile != null ? configFile : ProjectPaths.config("job.yaml");
        JobSettings settings = JobSettings.load(file);
        if (parallelism != null) {
            if (parallelism < 1 || parallelism > settings.maxParallelism) {
                throw new UserError(
                        "--parallelism must be between 1 and " + settings.maxParallelism);
            }
            settings.parallelism = parallelism;
        }
        if (networkFile != null) {
            settings.networkFile = networkFile;
        }
        if (demandModelFile != null) {
            settings.demandModelFile = demandModelFile;
        }
        if (checkpointDir != null) {
            settings.checkpointDirectory = checkpointDir;
        }
        if (groupId != null) {
            settings.groupId = groupId;
        }
        if (startFrom != null) {
            if (!startFrom.matches("committed|earliest|latest")) {
                throw new UserError("--start-from must be committed, earliest or latest");
            }
            settings.startFrom = startFrom;
        }
        if (mode.kafka != null) {
            settings.bootstrapServers = mode.kafka;
        }
        return settings;
    }

    /** Direction and alighting shares from the demand model, or from the network alone. */
    public static FlowShares shares(JobSettings settings, Network network) {
        if (settings.demandModelFile == null) {
            return FlowShares.fromNetwork(network, 900);
        }
        Scenario scenario = Scenario.load(settings.demandModelFile);
        if (!scenario.network().id().equals(network.id())) {
            throw new UserError(
                    "the demand model "
                            + settings.demandModelFile
                            + " is for network '"
                            + scenario.network().id()
                            + "', not '"
                            + network.id()
                            + "'");
        }
        return FlowShares.fromDemand(scenario.demand(), 900);
    }

    private void replay(
            CrowdDispatchJob job, JobSettings settings, Network network, Path input, Path out)
            throws Exception {
        if (!Files.isRegularFile(input.resolve(ReplayIterator.GATE_FILE))) {
            throw new UserError(
                    input
                            + " has no "
                            + ReplayIterator.GATE_FILE
                            + " (is it a simulator output folder?)");
        }
        Files.createDirectories(out);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        JobEnvironment.configuration(settings, false));
        var zone = network.timeZone();
        JobSinks sinks =
                new JobSinks()
                        .recommendations(
                                new JsonLinesFileSink<>(
                                        out, RECOMMENDATIONS, JsonEncoder.DECISIONS, zone))
                        .decisionLog(
                                new JsonLinesFileSink<>(
                                        out, DECISIONS, JsonEncoder.DECISIONS, zone))
                        .stationLoad(
                                new JsonLinesFileSink<>(
                                        out, STATION_LOAD, JsonEncoder.STATION_LOAD, zone))
                        .deadLetters(
                                new JsonLinesFileSink<>(
                                        out, DEAD_LETTERS, JsonEncoder.REJECTED, zone))
                        .lateEvents(
                                new JsonLinesFileSink<>(
                                        out, LATE_EVENTS, JsonEncoder.REJECTED, zone));
        job.define(
                env,
                new ReplaySource(input),
                1,
                DispatchWatermarks.strategy(
                        settings.outOfOrderness, settings.maxClockSkew, Duration.ZERO),
                sinks);
        env.execute("metro-dispatch replay of " + input.getFileName());
        mergeReplayOutputs(out);
        System.err.println("Replay of " + input + " done; outputs in " + out);
    }

    /** Turns the part files of a replay into one sorted file per output. */
    public static void mergeReplayOutputs(Path out) throws IOException {
        Comparator<String> keepOrder = (a, b) -> 0;
        PartFiles.merge(out, RECOMMENDATIONS, keepOrder);
        PartFiles.merge(out, DECISIONS, keepOrder);
        PartFiles.merge(out, STATION_LOAD, Comparator.naturalOrder());
        PartFiles.merge(out, DEAD_LETTERS, PartFiles.BY_SOURCE);
        PartFiles.merge(out, LATE_EVENTS, PartFiles.BY_SOURCE);
    }

    private static int requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return port;
        } catch (IOException e) {
            throw new UserError(
                    "port "
                            + port
                            + " for the web UI is already in use; choose another with --ui-port");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void runOnKafka(CrowdDispatchJob job, JobSettings settings, Network network)
            throws Exception {
        KafkaTopics topics = KafkaTopics.load(settings.topicsFile);
        Configuration conf = JobEnvironment.configuration(settings, true);
        StreamExecutionEnvironment env;
        if (local) {
            uiPort = uiPort == 0 ? freePort() : requireFreePort(uiPort);
            conf.set(RestOptions.PORT, uiPort);
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        } else {
            env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        }
        var zone = network.timeZone();
        JobSinks sinks =
                new JobSinks()
                        .recommendations(
                                KafkaIO.exactlyOnceSink(
                                        settings,
                                        topics.name(KafkaTopics.Role.RECOMMENDATIONS),
                                        "recommendations",
                                        JsonEncoder.DECISIONS,
                                        d -> d.stationId,
                                        zone))
                        .decisionLog(new DecisionLogSink(zone))
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
        job.define(
                env,
                KafkaIO.source(settings, topics, bounded),
                settings.parallelism,
                DispatchWatermarks.strategy(
                        settings.outOfOrderness, settings.maxClockSkew, settings.idleness),
                sinks);
        if (local) {
            JobClient client = env.executeAsync("metro-dispatch crowd dispatch");
            System.err.println(
                    "Crowd-dispatch job "
                            + client.getJobID()
                            + " running on a local Flink MiniCluster; web UI at http://localhost:"
                            + uiPort
                            + " (Ctrl-C stops it)");
            client.getJobExecutionResult().get();
        } else {
            env.execute("metro-dispatch crowd dispatch");
        }
    }
}
