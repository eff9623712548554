package org.metrodispatch.ops;

import org.metrodispatch.contract.cli.ProjectPaths;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.time.DayClock;
import org.metrodispatch.job.CrowdDispatchJob;
import org.metrodispatch.job.CrowdDispatchMain;
import org.metrodispatch.job.DispatchWatermarks;
import org.metrodispatch.job.JobEnvironment;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.JobSinkSets;
import org.metrodispatch.job.JobSinks;
import org.metrodispatch.job.Replay;
import org.metrodispatch.job.io.JsonEncoder;
import org.metrodispatch.job.io.JsonLinesFileSink;
import org.metrodispatch.job.io.KafkaIO;
import org.metrodispatch.simulator.closedloop.ClosedLoopController;
import org.metrodispatch.simulator.closedloop.RecommendationFeed;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.engine.SimulationSummary;
import org.metrodispatch.simulator.engine.TripPlanner;
import org.metrodispatch.simulator.kafka.LocalKafkaBroker;
import org.metrodispatch.simulator.kafka.TopicAdmin;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.KafkaEventSink;
import org.metrodispatch.simulator.output.TeeSink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code metro-dispatch demo}: the whole loop on one machine, in one process: a Kafka broker, the
 * job on a local Flink MiniCluster with its web UI, and the simulator feeding the morning peak at a
 * pace a person can follow; each decision is printed as it happens. With {@code --closed-loop} the
 * simulator carries the recommendations out. Everything it starts stops with it.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the whole loop locally: a Kafka broker, the job (local Flink with web UI) and the"
                    + " simulator on the weekday morning peak; print each decision as it happens.",
            "Outputs go to a run folder whose path is printed. Ctrl-C stops everything."
        })
public final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--scenario",
            paramLabel = "FILE",
            description = "Scenario (default: config/scenarios/weekday-morning-peak.yaml).")
    Path scenarioFile;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "N",
            description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--speed",
            defaultValue = "60",
            paramLabel = "X",
            description =
                    "Times real time (default: ${DEFAULT-VALUE}: the morning peak in about 5 minutes).")
    double speed;

    @Option(
            names = "--closed-loop",
            description = "The simulator carries out the recommendations: empty trains run.")
    boolean closedLoop;

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            description = "Run folder (default: runs/demo-<date>-<time>).")
    Path runDir;

    @Option(
            names = "--ui-port",
            defaultValue = "8081",
            paramLabel = "PORT",
            description = "Flink web UI port (default: ${DEFAULT-VALUE}; 0 takes a free one).")
    int uiPort;

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new UserError("--speed must be a positive number");
        }
        Scenario scenario =
                Scenario.load(
                        scenarioFile != null
                                ? scenarioFile
                                : ProjectPaths.config("scenarios/weekday-morning-peak.yaml"));
        Path run =
                runDir != null
                        ? runDir
                        : ProjectPaths.home()
                                .resolve("runs")
                                .resolve(
                                        "demo-"
                                                + LocalDateTime.now()
                                                        .format(
                                                                DateTimeFormatter.ofPattern(
                                                                        "yyyyMMdd-HHmmss",
                                                                        Locale.ROOT)));
        Files.createDirectories(run);
        int port = uiPort == 0 ? freePort() : requireFree(uiPort);
        System.out.println("Run folder: " + run.toAbsolutePath());

        JobSettings settings = JobSettings.load(ProjectPaths.config("job.yaml"));
        Network network = scenario.network();
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(run.resolve("kafka"), 0, 0)) {
            KafkaTopics topics = KafkaTopics.load(settings.topicsFile);
            TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, KafkaTopics.Role.values());
            settings.bootstrapServers = broker.bootstrapServers();
            settings.groupId = "demo";
            settings.startFrom = "earliest";
            settings.checkpointDirectory = run.resolve("checkpoints").toUri().toString();
            // Short checkpoints: recommendations become visible (and the closed loop moves) sooner.
            settings.checkpointInterval =
                    Duration.ofSeconds(Math.min(2, settings.checkpointInterval.toSeconds()));
            settings.checkpointMinPause = Duration.ZERO;
            JobClient job = startJob(settings, network, topics, run, port);
            Thread shutdown = new Thread(() -> stop(job), "demo-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdown);
            System.out.printf(
                    Locale.ROOT,
                    "Kafka at %s; the job runs on a local Flink MiniCluster, web UI at http://localhost:%d%n"
                            + "Simulating %s (seed %d) at %.0fx real time%s; decisions as they happen:%n%n",
                    broker.bootstrapServers(),
                    port,
                    scenario.id(),
                    seed,
                    speed,
                    closedLoop ? ", closed loop: the empty trains run" : "");
            ClosedLoopController loop;
            SimulationSummary summary;
            try {
                SimulationOptions options =
                        new SimulationOptions(
                                seed,
                                scenario.date(),
                                scenario.fromSecond(),
                                scenario.toSecond(),
                                speed);
                try (FileEventSink files = new FileEventSink(run);
                        KafkaEventSink kafka =
                                new KafkaEventSink(broker.bootstrapServers(), topics);
                        RecommendationFeed feed =
                                closedLoop
                                        ? new RecommendationFeed(
                                                broker.bootstrapServers(),
                                                topics.name(KafkaTopics.Role.RECOMMENDATIONS),
                                                topics.name(KafkaTopics.Role.JOB_PROGRESS))
                                        : null) {
                    Simulation simulation =
                            new Simulation(scenario, options, new TeeSink(files, kafka));
                    loop = feed == null ? null : controller(scenario, options, feed);
                    if (loop != null) {
                        simulation.setController(loop);
                    }
                    summary = simulation.run();
                }
                // The job is a bound behind event time: give its last checkpoint time to commit.
                TimeUnit.MILLISECONDS.sleep(2 * settings.checkpointInterval.toMillis() + 1_000);
            } finally {
                stop(job);
                Runtime.getRuntime().removeShutdownHook(shutdown);
            }
            Replay.mergeOutputs(run);
            printSummary(run, summary, loop);
        }
        return 0;
    }

    private JobClient startJob(
            JobSettings settings, Network network, KafkaTopics topics, Path run, int port)
            throws Exception {
        Configuration conf = JobEnvironment.configuration(settings, true);
        conf.set(RestOptions.PORT, port);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        JobSinks sinks =
                JobSinkSets.kafka(settings, topics, network.timeZone())
                        .decisionLog(
                                new DemoDecisionSink(
                                        run.resolve("decisions.jsonl"), network.timeZone()))
                        .stationLoad(
                                new JsonLinesFileSink<>(
                                        run,
                                        JobSinkSets.STATION_LOAD,
                                        JsonEncoder.STATION_LOAD,
                                        network.timeZone()))
                        .deadLetters(
                                new JsonLinesFileSink<>(
                                        run,
                                        JobSinkSets.DEAD_LETTERS,
                                        JsonEncoder.REJECTED,
                                        network.timeZone()))
                        .lateEvents(
                                new JsonLinesFileSink<>(
                                        run,
                                        JobSinkSets.LATE_EVENTS,
                                        JsonEncoder.REJECTED,
                                        network.timeZone()));
        new CrowdDispatchJob(settings, network, CrowdDispatchMain.shares(settings, network))
                .define(
                        env,
                        KafkaIO.source(settings, topics, false),
                        settings.parallelism,
                        DispatchWatermarks.strategy(
                                settings.outOfOrderness, settings.maxClockSkew, settings.idleness),
                        sinks);
        return env.executeAsync("metro-dispatch demo");
    }

    private static ClosedLoopController controller(
            Scenario scenario, SimulationOptions options, RecommendationFeed feed) {
        DayClock clock = new DayClock(options.date(), scenario.network().timeZone());
        return new ClosedLoopController(
                scenario.network(),
                new TripPlanner(scenario.network(), clock),
                feed,
                clock.epochSecond(options.fromSecond()) * 1000,
                ClosedLoopController.defaultSlack(scenario.network()),
                Duration.ofSeconds(120));
    }

    private static void stop(JobClient job) {
        try {
            if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // Already gone with its MiniCluster: nothing left to stop.
        }
    }

    private static void printSummary(Path run, SimulationSummary summary, ClosedLoopController loop)
            throws IOException {
        Map<DecisionType, Integer> counts = new EnumMap<>(DecisionType.class);
        int trains = 0;
        List<String> lines = Files.readAllLines(run.resolve("decisions.jsonl"));
        for (String line : lines) {
            DispatchDecision d = OutputJson.readDecision(line);
            counts.merge(d.decision, 1, Integer::sum);
            if (d.emptyTrain != null) {
                trains++;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%nSummary: %,d gate taps and %,d train reports simulated; %d decisions %s; %d empty trains recommended%s.%n"
                        + "Dead letters: %d, late events: %d.%n"
                        + "Outputs in %s: decisions.jsonl, station-load.jsonl, dead-letters.jsonl, late-events.jsonl,"
                        + " and the simulator's gate-events, train-events and ground-truth files.%n"
                        + "Review them with: bin/metro-dispatch review --decisions %s%n",
                summary.gateTaps,
                summary.trainEvents,
                lines.size(),
                counts,
                trains,
                loop == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", %d inserted by the closed loop",
                                loop.trainsInserted()),
                Files.readAllLines(run.resolve("dead-letters.jsonl")).size(),
                Files.readAllLines(run.resolve("late-events.jsonl")).size(),
                run.toAbsolutePath(),
                run.resolve("decisions.jsonl"));
    }

    private static int requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return port;
        } catch (IOException e) {
            throw new UserError(
                    "port "
                            + port
                            + " for the web UI is already in use; choose another with --ui-port (0 takes a free one)");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
