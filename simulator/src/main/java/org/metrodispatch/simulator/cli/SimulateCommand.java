package org.metrodispatch.simulator.cli;

import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.contract.cli.KafkaPropertiesOption;
import org.metrodispatch.contract.cli.LoopbackPorts;
import org.metrodispatch.contract.cli.ProjectPaths;
import org.metrodispatch.contract.cli.TimeOfDay;
import org.metrodispatch.contract.cli.TimeWindowOptions;
import org.metrodispatch.contract.cli.TimeWindowOptions.Window;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.run.RunRecord;
import org.metrodispatch.contract.time.DayClock;
import org.metrodispatch.simulator.closedloop.ClosedLoopController;
import org.metrodispatch.simulator.closedloop.RecommendationFeed;
import org.metrodispatch.simulator.engine.ProgressListener;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.engine.SimulationSummary;
import org.metrodispatch.simulator.engine.TripPlanner;
import org.metrodispatch.simulator.kafka.TopicAdmin;
import org.metrodispatch.simulator.metrics.MetricsServer;
import org.metrodispatch.simulator.metrics.SimulatorMetrics;
import org.metrodispatch.simulator.output.EventSink;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.KafkaEventSink;
import org.metrodispatch.simulator.output.SimulationRecords;
import org.metrodispatch.simulator.report.RealismReport;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code metro-dispatch simulate}: generates a day of gate taps, train reports and ground truth.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Simulate rush-hour traffic on a metro network: fare-gate taps, train arrivals and"
                    + " departures with their load, and the ground truth of every platform.",
            "Same scenario, seed and flags give byte-identical output."
        },
        footer = {
            "",
            "Examples:",
            "  metro-dispatch simulate --scenario config/scenarios/weekday-morning-peak.yaml --fast"
                    + " --out runs/peak",
            "  metro-dispatch simulate --scenario config/scenarios/weekday-full-day.yaml --speed 60"
                    + " --kafka localhost:9092",
            "",
            "With --out, DIR/run.json records the run: command line, scenario, seed, network, the"
                    + " SHA-256 of every file read, version, start and end, outcome."
        })
public final class SimulateCommand implements Callable<Integer> {

    @Option(
            names = "--scenario",
            required = true,
            paramLabel = "FILE",
            description = "Scenario file (config/scenarios/*.yaml).")
    Path scenarioFile;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "1",
            description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--date",
            paramLabel = "YYYY-MM-DD",
            description = "Day to simulate (default: the scenario's date).")
    LocalDate date;

    @Mixin TimeWindowOptions window = new TimeWindowOptions();

    @Mixin KafkaPropertiesOption kafkaProperties = new KafkaPropertiesOption();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Pace pace;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description = "Topic names and partitions (default: config/kafka.yaml).")
    Path kafkaConfig;

    @Option(
            names = "--gate-topic",
            paramLabel = "TOPIC",
            description = "Override the gate-events topic.")
    String gateTopic;

    @Option(
            names = "--train-topic",
            paramLabel = "TOPIC",
            description = "Override the train-events topic.")
    String trainTopic;

    @Option(
            names = "--truth-topic",
            paramLabel = "TOPIC",
            description = "Override the ground-truth topic.")
    String truthTopic;

    @Option(
            names = "--malformed-share",
            paramLabel = "P",
            description =
                    "Inject this share of malformed records, for testing (default: the scenario's, 0).")
    Double malformedShare;

    @Option(
            names = "--report",
            description =
                    "Print realism figures at the end: entries, peak hour, busiest section, left-behind.")
    boolean report;

    @Option(
            names = "--closed-loop",
            description =
                    "With --kafka: carry out the job's recommendations (empty trains), in step with"
                            + " the job's published progress. The job must run on the same topics,"
                            + " started fresh.")
    boolean closedLoop;

    @Option(
            names = "--stall-timeout",
            paramLabel = "SECONDS",
            defaultValue = "120",
            description =
                    "Closed loop: give up when the job publishes no progress this long (default: ${DEFAULT-VALUE}).")
    int stallSeconds;

    @Option(names = "--quiet", description = "No progress or summary on standard error.")
    boolean quiet;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            defaultValue = "-1",
            description =
                    "Serve the simulator's metrics for Prometheus at http://localhost:PORT/metrics"
                            + " while it runs (0 takes a free one; default: none).")
    int metricsPort;

    @Option(
            names = "--force",
            description =
                    "With --out: write over a run folder that already holds a run (run.json or the"
                            + " simulator's files).")
    boolean force;

    @Spec CommandSpec spec;

    /** How fast to run. */
    static final class Pace {
        @Option(names = "--fast", required = true, description = "Run as fast as possible.")
        boolean fast;

        @Option(
                names = "--speed",
                required = true,
                paramLabel = "X",
                description = "Run X times real time.")
        Double speed;
    }

    /** Where to write. */
    static final class Target {
        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR",
                description =
                        "Write gate-events.jsonl, train-events.jsonl and ground-truth.jsonl into DIR.")
        Path out;

        @Option(
                names = "--kafka",
                required = true,
                paramLabel = "HOST:PORT",
                description =
                        "Write to the Kafka topics of config/kafka.yaml, keyed by station id.")
        String kafka;
    }

    @Override
    public Integer call() throws Exception {
        if (closedLoop && target.kafka == null) {
            throw new UserError(
                    "--closed-loop needs --kafka: it reads the job's recommendations there");
        }
        List<Scenario> lines = new ArrayList<>(Scenario.loadLines(scenarioFile));
        if (lines.size() > 1 && (closedLoop || report)) {
            throw new UserError(
                    "--closed-loop and --report simulate one line; "
                            + scenarioFile
                            + " is a city of "
                            + lines.size()
                            + " lines");
        }
        if (malformedShare != null) {
            if (malformedShare < 0 || malformedShare > 0.5) {
                throw new UserError("--malformed-share must be between 0 and 0.5");
            }
            lines.replaceAll(line -> line.withMalformedShare(malformedShare));
        }
        Scenario scenario = lines.get(0);
        double speed = SimulationOptions.FAST;
        if (pace.speed != null) {
            if (!(pace.speed > 0) || pace.speed.isInfinite()) {
                throw new UserError("--speed must be a positive number");
            }
            speed = pace.speed;
        }
        // Taken or not, known before anything is written.
        metricsPort =
                LoopbackPorts.optional(
                        metricsPort,
                        "the simulator's metrics",
                        "choose another with --metrics-port");
        Window span = window.window(scenario.fromSecond(), scenario.toSecond());
        SimulationOptions options =
                new SimulationOptions(
                        seed,
                        date != null ? date : scenario.date(),
                        span.fromSecond(),
                        span.toSecond(),
                        speed);
        if (target.out == null) {
            // On Kafka there is no run folder to record the run in.
            return simulate(lines, options, null);
        }
        RunRecord.refuseExistingRun(target.out, force, "--force", SimulationRecords.OUTPUTS);
        RunRecord record = RunRecord.begin(target.out, "simulate", CommandLines.typedWords(spec));
        SimulationRecords.describe(record, scenario, scenarioFile, options);
        if (malformedShare != null) {
            record.parameter("malformedShare", malformedShare);
        }
        if (lines.size() > 1) {
            record.parameter("lines", lines.size());
        }
        return record.track(() -> simulate(lines, options, record));
    }

    /**
     * Runs the simulation of a line, or of a city's lines together (line {@code k} with seed {@code
     * seed + k}); counts what it did into {@code record} when there is one.
     */
    private int simulate(List<Scenario> lines, SimulationOptions options, RunRecord record)
            throws Exception {
        PrintStream err = System.err;
        Scenario scenario = lines.get(0);
        try (EventSink sink = openSink(scenario)) {
            Simulation simulation = new Simulation(scenario, options, sink);
            List<Simulation> all = new ArrayList<>(List.of(simulation));
            for (int k = 1; k < lines.size(); k++) {
                all.add(new Simulation(lines.get(k), options.withSeed(options.seed() + k), sink));
            }
            RealismReport realism = null;
            if (report) {
                realism =
                        new RealismReport(
                                scenario.network(),
                                options.date()
                                                .atStartOfDay(scenario.network().timeZone())
                                                .toEpochSecond()
                                        * 1000);
                simulation.setObserver(realism);
            }
            RecommendationFeed feed = null;
            ClosedLoopController loop = null;
            if (closedLoop) {
                KafkaTopics topics = topics();
                feed =
                        new RecommendationFeed(
                                target.kafka,
                                topics.name(KafkaTopics.Role.RECOMMENDATIONS),
                                topics.name(KafkaTopics.Role.JOB_PROGRESS));
                DayClock clock = new DayClock(options.date(), scenario.network().timeZone());
                loop =
                        new ClosedLoopController(
                                scenario.network(),
                                new TripPlanner(scenario.network(), clock),
                                feed,
                                clock.epochSecond(options.fromSecond()) * 1000,
                                ClosedLoopController.defaultSlack(scenario.network()),
                                Duration.ofSeconds(stallSeconds));
                simulation.setController(loop);
            }
            boolean progress = !quiet && CommandLines.stderrIsTerminal();
            ProgressListener listener =
                    progress
                            ? new TerminalProgress(err, scenario.network().timeZone())
                            : ProgressListener.NONE;
            MetricsServer metrics = null;
            if (metricsPort != LoopbackPorts.NONE) {
                SimulatorMetrics counts = SimulatorMetrics.of(scenario, options);
                metrics = MetricsServer.start(metricsPort, counts::render);
                err.println("Simulator metrics at http://localhost:" + metrics.port() + "/metrics");
                listener = ProgressListener.both(listener, counts);
            }
            simulation.setProgressListener(listener);
            SimulationSummary summary;
            try {
                summary = SimulationSummary.sum(Simulation.runTogether(all));
            } finally {
                if (feed != null) {
                    feed.close();
                }
                if (metrics != null) {
                    metrics.close();
                }
            }
            if (!quiet) {
                err.println(describe(summary, scenario, lines.size(), options));
                if (loop != null) {
                    loop.log().forEach(err::println);
                    err.printf(
                            "Closed loop: %d empty trains inserted, %d stood down, %d not carried out%n",
                            loop.trainsInserted(), loop.cancelled(), loop.notCarriedOut());
                }
            }
            if (realism != null) {
                System.out.print(realism.describe());
            }
            if (record != null) {
                SimulationRecords.outcome(record, summary);
            }
        }
        return 0;
    }

    private EventSink openSink(Scenario scenario) throws IOException {
        if (target.out != null) {
            return new FileEventSink(target.out);
        }
        KafkaTopics topics = topics();
        TopicAdmin.ensureTopics(
                target.kafka,
                topics,
                KafkaTopics.Role.GATE_EVENTS,
                KafkaTopics.Role.TRAIN_EVENTS,
                KafkaTopics.Role.GROUND_TRUTH);
        return new KafkaEventSink(target.kafka, topics);
    }

    private KafkaTopics topics() {
        return KafkaTopics.load(
                        kafkaConfig != null ? kafkaConfig : ProjectPaths.config("kafka.yaml"))
                .withName(KafkaTopics.Role.GATE_EVENTS, gateTopic)
                .withName(KafkaTopics.Role.TRAIN_EVENTS, trainTopic)
                .withName(KafkaTopics.Role.GROUND_TRUTH, truthTopic);
    }

    /** The feed faults' counts, only for a scenario that turns faults on. */
    private static String faults(SimulationSummary summary, Scenario scenario) {
        String lostReports =
                summary.lostTrainReports > 0
                        ? String.format(
                                Locale.ROOT, ", %,d train reports lost", summary.lostTrainReports)
                        : "";
        if (scenario.feedFaults().isEmpty()) {
            return lostReports;
        }
        return lostReports
                + String.format(
                        Locale.ROOT,
                        "; feed faults: %,d taps lost, %,d records silenced, %,d clock-skewed",
                        summary.lostTaps,
                        summary.silencedRecords,
                        summary.skewedRecords);
    }

    private String describe(
            SimulationSummary summary, Scenario scenario, int lines, SimulationOptions options) {
        String where = target.out != null ? target.out.toString() : "Kafka at " + target.kafka;
        return String.format(
                Locale.ROOT,
                "Simulated %s%s %s %s-%s (seed %d): %,d gate taps, %,d gate heartbeats, %,d train"
                        + " events, %,d signalling heartbeats"
                        + " (%,d resent, %,d very late, %,d malformed%s), %,d ground-truth lines"
                        + " -> %s%n%,d event records in %.1f s: %,.0f events/s",
                scenario.id(),
                lines > 1
                        ? " and " + (lines - 1) + (lines == 2 ? " more line" : " more lines")
                        : "",
                options.date(),
                TimeOfDay.format(options.fromSecond()),
                TimeOfDay.format(options.toSecond()),
                options.seed(),
                summary.gateTaps,
                summary.heartbeats,
                summary.trainEvents,
                summary.signallingHeartbeats,
                summary.duplicates,
                summary.veryLate,
                summary.malformed,
                faults(summary, scenario),
                summary.truthLines,
                where,
                summary.eventRecords(),
                summary.wallSeconds,
                summary.eventsPerSecond());
    }
}
