package org.metrodispatch.ops;

import org.metrodispatch.board.BoardServer;
import org.metrodispatch.board.FolderFeed;
import org.metrodispatch.board.LiveBoard;
import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.contract.cli.LoopbackPorts;
import org.metrodispatch.contract.cli.ProjectPaths;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.run.RunRecord;
import org.metrodispatch.job.JobEnvironment;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.ops.review.DecisionLogReader;
import org.metrodispatch.ops.review.LoggedDecision;
import org.metrodispatch.simulator.closedloop.ClosedLoopController;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.engine.SimulationSummary;
import org.metrodispatch.simulator.metrics.MetricsServer;
import org.metrodispatch.simulator.metrics.SimulatorMetrics;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

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
            names = "--profile",
            paramLabel = "FILE",
            description =
                    "The job's flow profile (default: config/job.yaml's; for another network, learn"
                            + " one with 'metro-dispatch calibrate').")
    Path profileFile;

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

    @Option(
            names = "--metrics-port",
            defaultValue = "" + JobEnvironment.DEFAULT_METRICS_PORT,
            paramLabel = "PORT",
            description =
                    "Port of the job's metrics for Prometheus, at /metrics (default:"
                            + " ${DEFAULT-VALUE}; 0 takes a free one, -1 exports none).")
    int metricsPort;

    @Option(names = "--board-port", paramLabel = "PORT", description = LiveBoard.PORT_HELP)
    int boardPort = LiveBoard.DEFAULT_PORT;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new UserError("--speed must be a positive number");
        }
        Path scenarioPath =
                scenarioFile != null
                        ? scenarioFile
                        : ProjectPaths.config("scenarios/weekday-morning-peak.yaml");
        Scenario scenario = Scenario.load(scenarioPath);
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
        int port =
                LoopbackPorts.chosen(
                        uiPort, "the web UI", "choose another with --ui-port (0 takes a free one)");
        int metrics =
                LoopbackPorts.optional(
                        metricsPort,
                        "the metrics",
                        "choose another with --metrics-port (0 takes a free one)");
        System.out.println("Run folder: " + run.toAbsolutePath());

        JobSettings settings = JobSettings.load(ProjectPaths.config("job.yaml"));
        String notice = LocalLoop.watch(settings, scenario);
        if (profileFile != null) {
            settings.profileFile = profileFile;
        } else if (notice != null) {
            System.err.println("metro-dispatch demo: " + notice);
        }
        SimulationOptions options =
                new SimulationOptions(
                        seed, scenario.date(), scenario.fromSecond(), scenario.toSecond(), speed);
        RunRecord record = RunRecord.begin(run, "demo", CommandLines.typedWords(spec));
        LocalLoop.describe(record, scenario, scenarioPath, options, settings, closedLoop);
        // The simulator's own metrics beside the job's, on a free loopback port.
        SimulatorMetrics simulatorMetrics = SimulatorMetrics.of(scenario, options);
        // The line board follows the run folder's files: the outputs the notebooks read.
        try (MetricsServer simulatorServer =
                        metrics == LoopbackPorts.NONE
                                ? null
                                : MetricsServer.start(0, simulatorMetrics::render);
                BoardServer board =
                        LiveBoard.start(
                                boardPort, scenario.network(), new FolderFeed(List.of(run)))) {
            String addresses =
                    (board == null ? "" : ", " + LiveBoard.addresses(board))
                            + (simulatorServer == null
                                    ? ""
                                    : metricsAddresses(metrics, simulatorServer));
            return record.track(
                    () ->
                            demo(
                                    scenario,
                                    settings,
                                    options,
                                    run,
                                    port,
                                    metrics,
                                    addresses,
                                    simulatorMetrics,
                                    record));
        }
    }

    private static String metricsAddresses(int jobPort, MetricsServer simulator) {
        return ", metrics at http://localhost:"
                + jobPort
                + "/metrics (job) and http://localhost:"
                + simulator.port()
                + "/metrics (simulator)";
    }

    private int demo(
            Scenario scenario,
            JobSettings settings,
            SimulationOptions options,
            Path run,
            int port,
            int metricsPort,
            String metricsAddresses,
            SimulatorMetrics simulatorMetrics,
            RunRecord record)
            throws Exception {
        // Ctrl-C: the run stops where it is; say what it got to.
        Thread interrupted =
                new Thread(
                        () -> {
                            printStoppedEarly(run);
                            record.failed("stopped before the end of the window (interrupted)");
                        },
                        "demo-summary");
        Runtime.getRuntime().addShutdownHook(interrupted);
        LocalLoop.Result result;
        try {
            result =
                    new LocalLoop(scenario, settings, run)
                            .closedLoop(closedLoop)
                            .webUi(port)
                            .metrics(metricsPort)
                            .simulatorProgress(simulatorMetrics)
                            .decisionLog(
                                    new DemoDecisionSink(
                                            run.resolve("decisions.jsonl"),
                                            scenario.network().timeZone()))
                            .onJobStarted(
                                    kafka ->
                                            System.out.printf(
                                                    Locale.ROOT,
                                                    "Kafka at %s; the job runs on a local Flink"
                                                            + " MiniCluster, web UI at"
                                                            + " http://localhost:%d%s%nSimulating"
                                                            + " %s (seed %d) at %.0fx real time%s;"
                                                            + " decisions as they happen:%n%n",
                                                    kafka,
                                                    port,
                                                    metricsAddresses,
                                                    scenario.id(),
                                                    seed,
                                                    speed,
                                                    closedLoop
                                                            ? ", closed loop: the empty trains run"
                                                            : ""))
                            .run(options);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook reports what the run got to.
            }
        }
        LocalLoop.outcome(record, run, result);
        printSummary(run, result.summary(), result.loop());
        return 0;
    }

    private static void printStoppedEarly(Path run) {
        Map<DecisionType, Integer> counts = new EnumMap<>(DecisionType.class);
        try {
            // Complete lines only: the last one may have been cut short by the stop.
            for (LoggedDecision logged :
                    new DecisionLogReader(run.resolve("decisions.jsonl")).readNew().decisions()) {
                counts.merge(logged.decision().decision, 1, Integer::sum);
            }
        } catch (IOException e) {
            // No decision log yet.
        }
        System.out.printf(
                Locale.ROOT,
                "%nStopped before the end of the window; decisions so far: %s.%nOutputs in %s%n",
                counts,
                run.toAbsolutePath());
        System.out.flush();
    }

    private static void printSummary(Path run, SimulationSummary summary, ClosedLoopController loop)
            throws IOException {
        Map<DecisionType, Integer> counts = new EnumMap<>(DecisionType.class);
        int trains = 0;
        List<LoggedDecision> decisions =
                new DecisionLogReader(run.resolve("decisions.jsonl")).readAll().decisions();
        for (LoggedDecision logged : decisions) {
            DispatchDecision d = logged.decision();
            counts.merge(d.decision, 1, Integer::sum);
            if (d.emptyTrain != null) {
                trains++;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%nSummary: %,d gate taps and %,d train reports simulated; %d decisions %s; %d empty trains recommended%s.%n"
                        + "Dead letters: %d, late events: %d, feed alerts: %d.%n"
                        + "Outputs in %s: decisions.jsonl, station-load.jsonl, dead-letters.jsonl, late-events.jsonl,"
                        + " feed-health.jsonl,"
                        + " and the simulator's gate-events, train-events and ground-truth files.%n"
                        + "Review them with: bin/metro-dispatch review --decisions %s%n",
                summary.gateTaps,
                summary.trainEvents,
                decisions.size(),
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
                Files.readAllLines(run.resolve("feed-health.jsonl")).size(),
                run.toAbsolutePath(),
                run.resolve("decisions.jsonl"));
    }
}
