package org.metrodispatch.ops;

import org.metrodispatch.contract.cli.LoopbackPorts;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.kafka.KafkaClientSecurity;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.run.RunRecord;
import org.metrodispatch.contract.time.DayClock;
import org.metrodispatch.job.CrowdDispatchJob;
import org.metrodispatch.job.CrowdDispatchMain;
import org.metrodispatch.job.JobEnvironment;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.JobSinkSets;
import org.metrodispatch.job.JobSinks;
import org.metrodispatch.job.Replay;
import org.metrodispatch.job.ReplaySummary;
import org.metrodispatch.job.io.JsonEncoder;
import org.metrodispatch.job.io.JsonLinesFileSink;
import org.metrodispatch.simulator.closedloop.ClosedLoopController;
import org.metrodispatch.simulator.closedloop.RecommendationFeed;
import org.metrodispatch.simulator.engine.ProgressListener;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.engine.SimulationSummary;
import org.metrodispatch.simulator.engine.TripPlanner;
import org.metrodispatch.simulator.kafka.LocalKafkaBroker;
import org.metrodispatch.simulator.kafka.TopicAdmin;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.KafkaEventSink;
import org.metrodispatch.simulator.output.SimulationRecords;
import org.metrodispatch.simulator.output.TeeSink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The whole loop in one process: a Kafka broker of its own, the job on a local Flink MiniCluster
 * reading and writing Kafka, and the simulator feeding it, optionally carrying out the job's
 * recommendations (closed loop). When the simulated window is over it waits until the job has
 * decided everything up to {@link Result#decidedUntil()}, so a run ends at a point that does not
 * depend on the wall clock; then it stops the job and the broker.
 *
 * <p>Outputs in the run folder: the simulator's files, {@code decisions.jsonl}, {@code
 * station-load.jsonl}, {@code dead-letters.jsonl}, {@code late-events.jsonl} and {@code
 * feed-health.jsonl}.
 */
public final class LocalLoop {

    /** How long the job may publish no progress before the run is given up. */
    public static final Duration STALL = Duration.ofMinutes(2);

    /**
     * Event time after the last event that the job's watermark may still be short of when the feeds
     * stop: the allowed out-of-orderness, plus the longest gap between a partition's heartbeats,
     * plus room for the feeds' delays.
     */
    private static final Duration TAIL_MARGIN = Duration.ofSeconds(90);

    /** What a run did. */
    public record Result(SimulationSummary summary, ClosedLoopController loop, long decidedUntil) {}

    private final Scenario scenario;
    private final JobSettings settings;
    private final Path run;
    private boolean closedLoop;
    private int webUiPort = -1;
    private int metricsPort = LoopbackPorts.NONE;
    private ProgressListener simulatorProgress = ProgressListener.NONE;
    private Sink<DispatchDecision> decisionLog;
    private Consumer<String> onJobStarted = address -> {};

    /** {@code settings} are changed for the run: Kafka, checkpoints; pass ones of its own. */
    public LocalLoop(Scenario scenario, JobSettings settings, Path run) {
        this.scenario = scenario;
        this.settings = settings;
        this.run = run;
    }

    /**
     * Points the job at the scenario's network. The job never learns the scenario's demand: on the
     * job file's own network it keeps its profile; on another, the profile is set aside (shares
     * from the network alone) until one learned there is given.
     *
     * @return a notice for the user when the profile was set aside, else null
     */
    public static String watch(JobSettings settings, Scenario scenario) {
        return settings.useNetwork(scenario.networkFile());
    }

    /**
     * What a run of the loop puts in its run record: the simulation's scenario, seed and network,
     * and the job's configuration and flow profile.
     */
    public static RunRecord describe(
            RunRecord record,
            Scenario scenario,
            Path scenarioFile,
            SimulationOptions options,
            JobSettings settings,
            boolean closedLoop) {
        SimulationRecords.describe(record, scenario, scenarioFile, options);
        if (settings.configFile != null) {
            record.config("job config", settings.configFile);
        }
        if (settings.profileFile != null) {
            record.config("flow profile", settings.profileFile);
        }
        return record.parameter("closedLoop", closedLoop);
    }

    /** The counts of a finished run of the loop, from the simulation and the job's files. */
    public static void outcome(RunRecord record, Path run, Result result) throws IOException {
        SimulationRecords.outcome(record, result.summary());
        ReplaySummary.read(run, run).addTo(record);
        if (result.loop() != null) {
            record.outcome("emptyTrainsInserted", result.loop().trainsInserted())
                    .outcome("emptyTrainsStoodDown", result.loop().cancelled())
                    .outcome("notCarriedOut", result.loop().notCarriedOut());
        }
    }

    /** The simulator carries out the recommendations: empty trains run. */
    public LocalLoop closedLoop(boolean closed) {
        this.closedLoop = closed;
        return this;
    }

    /** Serve the Flink web UI on this port (none by default). */
    public LocalLoop webUi(int port) {
        this.webUiPort = port;
        return this;
    }

    /**
     * Exports the job's metrics for Prometheus on this port; {@link LoopbackPorts#NONE}, the
     * default, none.
     */
    public LocalLoop metrics(int port) {
        this.metricsPort = port;
        return this;
    }

    /** Hears the simulator's progress (its metrics, for one). */
    public LocalLoop simulatorProgress(ProgressListener listener) {
        this.simulatorProgress = listener;
        return this;
    }

    /** Where decisions go besides Kafka; {@code decisions.jsonl} in the run folder by default. */
    public LocalLoop decisionLog(Sink<DispatchDecision> sink) {
        this.decisionLog = sink;
        return this;
    }

    /** Told the broker's address once the job runs, before the simulation starts. */
    public LocalLoop onJobStarted(Consumer<String> listener) {
        this.onJobStarted = listener;
        return this;
    }

    public Result run(SimulationOptions options) throws Exception {
        Files.createDirectories(run);
        Network network = scenario.network();
        DayClock clock = new DayClock(options.date(), network.timeZone());
        long windowEnd = clock.epochSecond(options.toSecond()) * 1000;
        long decidedUntil = windowEnd - settings.outOfOrderness.toMillis() - TAIL_MARGIN.toMillis();
        // The broker is this run's own, on loopback, without logins: no security settings.
        KafkaClientSecurity.useForThisProcess(KafkaClientSecurity.none());
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(run.resolve("kafka"), 0, 0)) {
            KafkaTopics topics = KafkaTopics.load(settings.topicsFile);
            TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, KafkaTopics.Role.values());
            // The caller's settings, pointed at this run's broker and folder.
            settings.bootstrapServers = broker.bootstrapServers();
            settings.groupId = "local-loop";
            settings.startFrom = "earliest";
            settings.checkpointDirectory = run.resolve("checkpoints").toUri().toString();
            // Progress and recommendations become visible at each checkpoint: the loop moves with
            // them, so checkpoint every second.
            settings.checkpointInterval = Duration.ofSeconds(1);
            settings.checkpointMinPause = Duration.ZERO;
            JobClient job = startJob(settings, network, topics);
            Thread shutdown = new Thread(() -> stop(job), "local-loop-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdown);
            SimulationSummary summary;
            ClosedLoopController loop = null;
            try (RecommendationFeed feed =
                    new RecommendationFeed(
                            broker.bootstrapServers(),
                            topics.name(KafkaTopics.Role.RECOMMENDATIONS),
                            topics.name(KafkaTopics.Role.JOB_PROGRESS))) {
                onJobStarted.accept(broker.bootstrapServers());
                try (FileEventSink files = new FileEventSink(run);
                        KafkaEventSink kafka =
                                new KafkaEventSink(broker.bootstrapServers(), topics)) {
                    Simulation simulation =
                            new Simulation(scenario, options, new TeeSink(files, kafka));
                    simulation.setProgressListener(simulatorProgress);
                    if (closedLoop) {
                        loop =
                                new ClosedLoopController(
                                        network,
                                        new TripPlanner(network, clock),
                                        feed,
                                        clock.epochSecond(options.fromSecond()) * 1000,
                                        ClosedLoopController.defaultSlack(network),
                                        STALL);
                        simulation.setController(loop);
                    }
                    summary = simulation.run();
                }
                feed.await(decidedUntil, STALL);
            } finally {
                stop(job);
                Runtime.getRuntime().removeShutdownHook(shutdown);
            }
            Replay.mergeOutputs(run);
            return new Result(summary, loop, decidedUntil);
        }
    }

    private JobClient startJob(JobSettings local, Network network, KafkaTopics topics)
            throws Exception {
        Configuration conf = JobEnvironment.configuration(local, true);
        if (metricsPort != LoopbackPorts.NONE) {
            conf = JobEnvironment.withPrometheus(conf, metricsPort);
        }
        StreamExecutionEnvironment env;
        if (webUiPort >= 0) {
            env =
                    StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(
                            JobEnvironment.local(conf, webUiPort));
        } else {
            env = StreamExecutionEnvironment.createLocalEnvironment(JobEnvironment.local(conf, 0));
        }
        JobSinks sinks =
                JobSinkSets.kafka(local, topics, network.timeZone())
                        .decisionLog(
                                decisionLog != null
                                        ? decisionLog
                                        : fileSink(JobSinkSets.DECISIONS, JsonEncoder.DECISIONS))
                        .stationLoad(fileSink(JobSinkSets.STATION_LOAD, JsonEncoder.STATION_LOAD))
                        .deadLetters(fileSink(JobSinkSets.DEAD_LETTERS, JsonEncoder.REJECTED))
                        .lateEvents(fileSink(JobSinkSets.LATE_EVENTS, JsonEncoder.REJECTED))
                        .feedHealth(fileSink(JobSinkSets.FEED_HEALTH, JsonEncoder.FEED_ALERTS))
                        // The run folder's decisions file is the decision log; alerts have theirs.
                        .feedHealthLog(null);
        new CrowdDispatchJob(local, network, CrowdDispatchMain.shares(local, network))
                .defineOnKafka(env, topics, false, sinks);
        return env.executeAsync("metro-dispatch " + scenario.id());
    }

    private <T> JsonLinesFileSink<T> fileSink(String name, JsonEncoder<T> encoder) {
        return new JsonLinesFileSink<>(run, name, encoder, scenario.network().timeZone());
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
}
