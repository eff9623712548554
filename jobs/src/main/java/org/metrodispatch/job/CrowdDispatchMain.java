package org.metrodispatch.job;

import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.contract.cli.KafkaPropertiesOption;
import org.metrodispatch.contract.cli.LoopbackPorts;
import org.metrodispatch.contract.cli.ProjectPaths;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.kafka.KafkaClientSecurity;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.run.RunRecord;
import org.metrodispatch.dispatch.FlowProfile;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.job.io.ReplayIterator;
import org.metrodispatch.job.io.TransactionTimeouts;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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
                    + " folder into files and exits.",
            "A replay shows its progress on a terminal and ends with a summary. On 2 cores a"
                    + " morning peak of one line takes about 10 s, a whole day under a minute."
        },
        footer = {
            "",
            "Examples:",
            "  metro-dispatch job --kafka localhost:9092",
            "  metro-dispatch job --input runs/peak --out runs/peak/job"
        })
public final class CrowdDispatchMain implements Callable<Integer> {

    /** The name the job runs under on Flink (what the web UI and the REST API show). */
    public static final String JOB_NAME = "metro-dispatch crowd dispatch";

    /** Slot of the shares derived from the network alone; they do not vary by time of day. */
    private static final int NETWORK_SHARES_SLOT_SECONDS = 900;

    @Mixin KafkaPropertiesOption kafkaProperties = new KafkaPropertiesOption();

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
            names = "--profile",
            paramLabel = "FILE",
            description =
                    "Flow profile learned by 'metro-dispatch calibrate': direction and alighting shares (default: the config's).")
    Path profileFile;

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
            names = "--metrics-port",
            paramLabel = "PORT",
            defaultValue = "" + JobEnvironment.DEFAULT_METRICS_PORT,
            description =
                    "Port of the local run's metrics for Prometheus, at /metrics (default:"
                            + " ${DEFAULT-VALUE}; 0 takes a free one, -1 exports none). On a"
                            + " cluster, its own configuration says (config/flink/config.yaml).")
    int metricsPort;

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
            names = "--max-rejected-share",
            paramLabel = "SHARE",
            description =
                    "Replay: fail when more than this share of the records are dead letters"
                            + " (default: ${DEFAULT-VALUE}).")
    double maxRejectedShare = ReplaySummary.DEFAULT_MAX_REJECTED_SHARE;

    @Option(
            names = "--gates-only",
            description =
                    "There is no train feed (fare-gate data alone): take departures from the"
                            + " timetable from the first second, with the loads the profile says"
                            + " trains bring; a replay without train events then succeeds. Every"
                            + " decision says it rests on gates only.")
    boolean gatesOnly;

    @Option(
            names = "--forecast-departures",
            paramLabel = "N",
            description =
                    "Forecast mode: raise a platform when the departures that left passengers"
                            + " behind and the next N forecast to do so make the K in a row"
                            + " (detection.forecastDepartures; 0: off).")
    Integer forecastDepartures;

    @Option(
            names = "--bounded",
            description =
                    "Stop at the Kafka offsets that were the latest at start (tests, benchmarks).")
    boolean bounded;

    @Spec CommandSpec spec;

    private final List<LocalCompanion> companions = new ArrayList<>();

    /**
     * What a local run serves or writes beside the job, from outside the job jar: the line board
     * and the GTFS-Realtime files of the operations tools.
     */
    public interface LocalCompanion extends AutoCloseable {

        /**
         * Starts once the job's settings are known.
         *
         * @return what to tell people, appended to the line that gives the web UI's address (",
         *     line board at http://..."), or ""
         */
        String start(JobSettings settings, KafkaTopics topics, Network network) throws IOException;

        /**
         * Told of a replay that succeeded, to write what it makes of the outputs beside them.
         *
         * @return what to tell people, a line, or ""
         */
        default String replayed(Network network, Path input, Path out) throws IOException {
            return "";
        }

        @Override
        void close();
    }

    /** Serves {@code companion} beside a local run on Kafka. */
    public CrowdDispatchMain alongside(LocalCompanion companion) {
        companions.add(companion);
        return this;
    }

    /** Kafka or replay. */
    static final class Mode {
        @Option(
                names = "--kafka",
                required = true,
                paramLabel = "HOST:PORT",
                description = "Kafka bootstrap servers.")
        String kafka;

        @ArgGroup(exclusive = false)
        ReplayFolders replay;
    }

    /** A replay needs both folders. */
    static final class ReplayFolders {
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
        if (!submittedToCluster(args)) {
            System.exit(CommandLines.create(new CrowdDispatchMain()).execute(args));
        }
        // Flink runs this main() itself: in the JobManager (REST submission, application mode on
        // Kubernetes) or in its command-line client. System.exit() there would take the JobManager
        // down with the job, so return once the job is submitted, and report mistakes by throwing:
        // Flink hands the message back to whoever submitted the job.
        StringWriter messages = new StringWriter();
        CommandLine line = CommandLines.create(new CrowdDispatchMain());
        line.setErr(new PrintWriter(messages, true));
        int code = line.execute(args);
        System.err.print(messages);
        if (code != 0) {
            throw new IllegalArgumentException(messages.toString().trim());
        }
    }

    /** With --kafka and without --local, the job goes to the cluster that runs this main(). */
    private static boolean submittedToCluster(String[] args) {
        boolean kafka = false;
        for (String arg : args) {
            if (arg.equals("--local")) {
                return false;
            }
            kafka |= arg.equals("--kafka") || arg.startsWith("--kafka=");
        }
        return kafka;
    }

    @Override
    public Integer call() throws Exception {
        JobSettings settings = settings();
        City city = City.load(settings.networkFile);
        List<FlowShares> shares = shares(settings, city);
        if (city.lineCount() > 1 && !companions.isEmpty()) {
            // The line board and the GTFS-Realtime files draw one line.
            System.err.println(
                    "metro-dispatch job: "
                            + settings.networkFile
                            + " is a city of "
                            + city.lineCount()
                            + " lines: no line board or GTFS-Realtime files (they serve one line)");
            companions.forEach(LocalCompanion::close);
            companions.clear();
        }
        CrowdDispatchJob job = new CrowdDispatchJob(settings, city, shares);
        if (mode.replay != null) {
            return replay(settings, city, shares);
        } else {
            runOnKafka(job, settings, city);
        }
        return 0;
    }

    /** Replays a folder; fails (exit 1) when the replay could not do its job. */
    private int replay(JobSettings settings, City city, List<FlowShares> shares) throws Exception {
        if (!(maxRejectedShare >= 0 && maxRejectedShare <= 1)) {
            throw new UserError(
                    "--max-rejected-share must be between 0 and 1, not " + maxRejectedShare);
        }
        Path input = mode.replay.input;
        Path out = mode.replay.out;
        Replay.check(input, out);
        RunRecord record = RunRecord.begin(out, "job", CommandLines.typedWords(spec));
        Replay.describe(record, settings, city, input);
        RunRecord.InputRun from = record.input();
        if (from.status() != null && !from.status().equals(RunRecord.Status.DONE.json())) {
            System.err.println(
                    "metro-dispatch job: warning: "
                            + input.resolve(RunRecord.FILE)
                            + " says the run is '"
                            + from.status()
                            + "' (still running, or it crashed): its files may be incomplete");
        }
        return record.track(
                () -> {
                    System.err.println("Replaying " + input + " into " + out + "...");
                    if (CommandLines.stderrIsTerminal()) {
                        long[] span =
                                ReplayProgress.inputSpan(input.resolve(ReplayIterator.GATE_FILE));
                        try (ReplayProgress progress =
                                new ReplayProgress(
                                        out, span[0], span[1], city.timeZone(), System.err)) {
                            progress.start();
                            Replay.run(settings, city, shares, input, out);
                        }
                    } else {
                        Replay.run(settings, city, shares, input, out);
                    }
                    ReplaySummary summary = ReplaySummary.read(input, out);
                    summary.addTo(record);
                    System.err.print(summary.text());
                    List<String> problems = summary.problems(maxRejectedShare, gatesOnly);
                    if (gatesOnly) {
                        System.err.println(
                                "Gate-only mode: departures come from the timetable with the loads"
                                        + " the profile says trains bring; every decision says"
                                        + " so (evidence.basis: gates-only)");
                    }
                    if (!problems.isEmpty()) {
                        record.error(String.join("; ", problems));
                        for (String problem : problems) {
                            System.err.println("metro-dispatch job: the replay failed: " + problem);
                        }
                        System.err.println("Outputs (for a look at what went wrong) in " + out);
                        return 1;
                    }
                    for (LocalCompanion companion : companions) {
                        String told = companion.replayed(city.line(0), input, out);
                        if (!told.isEmpty()) {
                            System.err.println(told);
                        }
                    }
                    System.err.println("Replay of " + input + " done; outputs in " + out);
                    return 0;
                });
    }

    private JobSettings settings() throws IOException {
        Path file = configFile != null ? configFile : ProjectPaths.config("job.yaml");
        if (configFile == null && !Files.isRegularFile(file)) {
            file = BundledConfig.extract();
        }
        JobSettings settings = JobSettings.load(file);
        if (parallelism != null) {
            if (parallelism < 1 || parallelism > settings.maxParallelism) {
                throw new UserError(
                        "--parallelism must be between 1 and " + settings.maxParallelism);
            }
            settings.parallelism = parallelism;
        }
        if (networkFile != null) {
            String notice = settings.useNetwork(networkFile);
            if (notice != null && profileFile == null) {
                System.err.println("metro-dispatch job: " + notice);
            }
        }
        if (profileFile != null) {
            settings.profileFile = profileFile;
        }
        if (checkpointDir != null) {
            settings.checkpointDirectory = checkpointDir;
        }
        if (gatesOnly) {
            settings.estimation = settings.estimation.withGatesOnlyAfterSeconds(1);
        }
        if (forecastDepartures != null) {
            if (forecastDepartures < 0 || forecastDepartures > 10) {
                throw new UserError("--forecast-departures must be between 0 and 10");
            }
            settings.detection = settings.detection.withForecastDepartures(forecastDepartures);
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

    /**
     * Direction and alighting shares from the learned profile, or, without one, from the network
     * alone (every reachable station an equally likely destination).
     */
    public static FlowShares shares(JobSettings settings, Network network) {
        if (settings.profileFile == null) {
            return FlowShares.fromNetwork(network, NETWORK_SHARES_SLOT_SECONDS);
        }
        return FlowProfile.load(settings.profileFile, network).shares(network);
    }

    /**
     * The flow shares of each line of a city, in its order: a learned profile describes one line,
     * so a city of several lines takes each line's shares from its network.
     */
    public static List<FlowShares> shares(JobSettings settings, City city) {
        if (city.lineCount() == 1) {
            return List.of(shares(settings, city.line(0)));
        }
        if (settings.profileFile != null) {
            throw new UserError(
                    "a flow profile describes one line; "
                            + settings.networkFile
                            + " is a city of "
                            + city.lineCount()
                            + " lines (leave out --profile, and the config's profile)");
        }
        List<FlowShares> shares = new ArrayList<>();
        for (Network line : city.lines()) {
            shares.add(FlowShares.fromNetwork(line, NETWORK_SHARES_SLOT_SECONDS));
        }
        return shares;
    }

    private void runOnKafka(CrowdDispatchJob job, JobSettings settings, City city)
            throws Exception {
        KafkaTopics topics = KafkaTopics.load(settings.topicsFile);
        Properties admin = new Properties();
        admin.setProperty("bootstrap.servers", settings.bootstrapServers);
        KafkaClientSecurity.forThisProcess().applyTo(admin);
        TransactionTimeouts.checkAgainstBroker(admin, settings.transactionTimeout);
        Configuration conf = JobEnvironment.configuration(settings, true);
        StreamExecutionEnvironment env;
        if (local) {
            uiPort = LoopbackPorts.chosen(uiPort, "the web UI", "choose another with --ui-port");
            Configuration localConf = JobEnvironment.local(conf, uiPort);
            metricsPort =
                    LoopbackPorts.optional(
                            metricsPort, "the metrics", "choose another with --metrics-port");
            if (metricsPort != LoopbackPorts.NONE) {
                localConf = JobEnvironment.withPrometheus(localConf, metricsPort);
            }
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(localConf);
        } else {
            env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        }
        JobSinks sinks = JobSinkSets.kafka(settings, topics, city.timeZone());
        job.defineOnKafka(env, topics, bounded, sinks);
        if (local) {
            StringBuilder served = new StringBuilder();
            try {
                for (LocalCompanion companion : companions) {
                    served.append(companion.start(settings, topics, city.line(0)));
                }
                JobClient client = env.executeAsync(JOB_NAME);
                System.err.println(
                        "Crowd-dispatch job "
                                + client.getJobID()
                                + " running on a local Flink MiniCluster; web UI at http://localhost:"
                                + uiPort
                                + served
                                + (metricsPort != LoopbackPorts.NONE
                                        ? ", metrics at http://localhost:"
                                                + metricsPort
                                                + "/metrics"
                                        : "")
                                + " (Ctrl-C stops it)");
                client.getJobExecutionResult().get();
            } finally {
                companions.forEach(LocalCompanion::close);
            }
        } else {
            env.execute(JOB_NAME);
        }
    }
}
