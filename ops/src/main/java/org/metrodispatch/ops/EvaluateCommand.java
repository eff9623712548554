package org.metrodispatch.ops;

import org.metrodispatch.calibration.Calibration;
import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.contract.cli.ProjectPaths;
import org.metrodispatch.contract.cli.TimeOfDay;
import org.metrodispatch.contract.cli.TimeWindowOptions;
import org.metrodispatch.contract.cli.TimeWindowOptions.Window;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.SparePool;
import org.metrodispatch.contract.run.RunRecord;
import org.metrodispatch.contract.time.DayClock;
import org.metrodispatch.contract.truth.GroundTruth;
import org.metrodispatch.contract.truth.Platform;
import org.metrodispatch.contract.truth.PlatformHistory;
import org.metrodispatch.evaluation.EvaluationFigure;
import org.metrodispatch.evaluation.EvaluationReport;
import org.metrodispatch.evaluation.EvaluationSettings;
import org.metrodispatch.evaluation.ProfileCheck;
import org.metrodispatch.evaluation.ScenarioEvaluation;
import org.metrodispatch.evaluation.SeedEvaluation;
import org.metrodispatch.job.CrowdDispatchMain;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.Replay;
import org.metrodispatch.job.ReplaySummary;
import org.metrodispatch.simulator.closedloop.ClosedLoopController;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.engine.SimulationSummary;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.SimulationRecords;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code metro-dispatch evaluate}: runs each seed of each scenario twice, without dispatch (the job
 * only watches: a replay) and in closed loop (the simulator runs the empty trains the job sends,
 * through Kafka), then scores the job against the simulator's ground truth and writes {@code
 * report.json}, {@code report.md} and {@code figure.png}.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measure how good the dispatch decisions are: each seed runs without dispatch and in"
                    + " closed loop; detection (recall, precision, delay) and effect (left behind,"
                    + " waiting, density) against the simulator's ground truth.",
            "Writes report.json, report.md and figure.png, and keeps every run's files. Each seed"
                    + " prints a line as it goes; on 2 cores a seed of the morning peak takes about 5"
                    + " minutes (simulation, replay and closed loop)."
        })
public final class EvaluateCommand implements Callable<Integer> {

    /** The profile's slot: a quarter hour, as the calibrate command's default. */
    private static final int PROFILE_SLOT_SECONDS = 900;

    /** Simulated history parses; more than this share broken means something else is wrong. */
    private static final double MAX_INVALID_HISTORY_SHARE = 0.5;

    @Option(
            names = "--scenario",
            paramLabel = "FILE",
            description =
                    "Scenario to evaluate; repeat for several (default: the scenarios of"
                            + " config/evaluation.yaml).")
    List<Path> scenarioFiles;

    @Option(
            names = "--seeds",
            paramLabel = "N,N,...",
            split = ",",
            description = "Seeds (default: those of config/evaluation.yaml, 1 to 5).")
    List<Long> seeds;

    @Option(
            names = "--history-seeds",
            paramLabel = "N,N,...",
            split = ",",
            description =
                    "Seeds of the past days the job's profile is learned from; none may be"
                            + " evaluated (default: config/evaluation.yaml's, 101 to 103).")
    List<Long> historySeeds;

    @Option(
            names = "--gates-only",
            description =
                    "Score detection with the job seeing the gates alone (no train feed: gate-only"
                            + " mode); the closed loop still runs with both feeds.")
    boolean gatesOnly;

    @Option(
            names = "--forecast-departures",
            paramLabel = "N",
            description =
                    "Forecast mode: the job raises a platform when the departures that left"
                            + " passengers behind and the next N forecast to do so make the K in a"
                            + " row (default: config/job.yaml's detection.forecastDepartures).")
    Integer forecastDepartures;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Report and runs folder (default: runs/evaluation).")
    Path out;

    @Mixin TimeWindowOptions window = new TimeWindowOptions();

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Evaluation settings (default: config/evaluation.yaml).")
    Path config;

    @Spec CommandSpec spec;

    private EvaluationSettings settings;

    /** Seeds of the days the job's profile is learned from. */
    private List<Long> history;

    /** This evaluation's run record; each run it makes has one of its own that names it. */
    private RunRecord evaluation;

    @Override
    public Integer call() throws Exception {
        settings =
                EvaluationSettings.load(
                        config != null ? config : ProjectPaths.config("evaluation.yaml"));
        List<Path> files = scenarioFiles != null ? scenarioFiles : settings.scenarios();
        List<Long> seedList = seeds != null ? seeds : settings.seeds();
        if (seedList.stream().anyMatch(s -> s < 0)
                || new HashSet<>(seedList).size() < seedList.size()) {
            throw new UserError("--seeds must be distinct numbers of 0 or more");
        }
        history = historySeeds != null ? historySeeds : settings.historySeeds();
        if (history.stream().anyMatch(s -> s < 0)
                || history.stream().anyMatch(seedList::contains)) {
            throw new UserError(
                    "--history-seeds must be numbers of 0 or more that are not evaluated (--seeds):"
                            + " the job learns from other days than those it is judged on");
        }
        if (forecastDepartures != null && (forecastDepartures < 0 || forecastDepartures > 10)) {
            throw new UserError("--forecast-departures must be between 0 and 10");
        }
        Path dir = out != null ? out : ProjectPaths.home().resolve("runs").resolve("evaluation");
        Files.createDirectories(dir);
        // Every scenario and window checked before the first long run.
        List<Scenario> loaded = new ArrayList<>();
        for (Path file : files) {
            Scenario scenario = Scenario.load(file);
            span(scenario);
            loaded.add(scenario);
        }
        evaluation = RunRecord.begin(dir, "evaluate", CommandLines.typedWords(spec));
        evaluation.config(
                "evaluation config",
                config != null ? config : ProjectPaths.config("evaluation.yaml"));
        for (int i = 0; i < files.size(); i++) {
            evaluation.config("scenario", files.get(i));
            if (i == 0) {
                evaluation.network(loaded.get(i).network().id(), loaded.get(i).networkFile());
            }
            evaluation.config("network", loaded.get(i).networkFile());
        }
        evaluation
                .config("job config", ProjectPaths.config("job.yaml"))
                .parameter("scenarios", loaded.stream().map(Scenario::id).toList())
                .parameter("seeds", seedList)
                .parameter("historySeeds", history)
                .parameter("gatesOnly", gatesOnly)
                .parameter("forecastDepartures", forecastDepartures);
        return evaluation.track(() -> evaluate(files, loaded, seedList, dir));
    }

    private int evaluate(List<Path> files, List<Scenario> loaded, List<Long> seedList, Path dir)
            throws Exception {
        List<ScenarioEvaluation> scenarios = new ArrayList<>();
        Figure figure = null;
        ZoneId zone = loaded.get(0).network().timeZone();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            Scenario scenario = loaded.get(i);
            Window span = span(scenario);
            List<SeedEvaluation> results = new ArrayList<>();
            Calibration.Result learned = learnProfile(scenario, file, span, dir);
            Path profile = dir.resolve(scenario.id()).resolve("history").resolve("profile.yaml");
            for (long seed : seedList) {
                SeedRun run = runSeed(scenario, file, profile, seed, span, dir);
                results.add(run.evaluation);
                if (figure == null) {
                    figure = Figure.of(run, scenario.id() + ", seed " + seed);
                }
            }
            scenarios.add(
                    new ScenarioEvaluation(
                            scenario.id(),
                            display(file),
                            TimeOfDay.format(span.fromSecond())
                                    + "-"
                                    + TimeOfDay.format(span.toSecond()),
                            results,
                            new ScenarioEvaluation.LearnedProfile(
                                    learned.profile().method(),
                                    history,
                                    learned.profile().accuracy(),
                                    ProfileCheck.of(learned.profile(), scenario.demand()))));
        }
        int forecast =
                forecastDepartures != null
                        ? forecastDepartures
                        : JobSettings.load(ProjectPaths.config("job.yaml"))
                                .detection
                                .forecastDepartures();
        EvaluationReport report =
                new EvaluationReport(
                        scenarios,
                        settings.rules(),
                        zone,
                        EvaluationReport.mode(gatesOnly, forecast));
        String figureFile = null;
        if (figure != null && figure.platform != null) {
            figureFile = "figure.png";
            EvaluationFigure.write(
                    dir.resolve(figureFile),
                    "Waiting at " + figure.platform + " (" + figure.run + ")",
                    figure.without,
                    figure.with,
                    figure.raises,
                    figure.emptyTrains,
                    figure.from,
                    figure.to,
                    zone);
        }
        report.write(dir, figureFile);
        System.out.printf(
                Locale.ROOT,
                "%nReport: %s (and report.json%s)%n",
                dir.resolve("report.md"),
                figureFile == null ? "" : ", " + figureFile);
        System.out.print(summaryLines(report));
        evaluation
                .outcome("recall", report.detection().recall())
                .outcome("precision", report.detection().precision())
                .outcome("medianDetectionDelayMinutes", report.detection().medianDelayMinutes());
        return 0;
    }

    /** The run record of one run of the evaluation, in its folder. */
    private RunRecord part(Path folder, String part, long seed) {
        return RunRecord.begin(folder, "evaluate", CommandLines.typedWords(spec))
                .parameter("part", part)
                .parameter("evaluation", evaluation.runId())
                .seed(seed);
    }

    /** Which part of the day to simulate: the scenario's window, or --from and --to. */
    private Window span(Scenario scenario) {
        return window.window(scenario.fromSecond(), scenario.toSecond());
    }

    private record SeedRun(
            SeedEvaluation evaluation,
            GroundTruth openTruth,
            GroundTruth closedTruth,
            List<DispatchDecision> closedDecisions,
            long from,
            long to) {}

    /**
     * Simulates the history seeds over the scenario's window and learns the job's profile from
     * them, as an operations centre learns from its past days; prints the profile's accuracy.
     */
    private Calibration.Result learnProfile(Scenario scenario, Path file, Window span, Path dir)
            throws Exception {
        Path historyDir = dir.resolve(scenario.id()).resolve("history");
        List<Path> days = new ArrayList<>();
        System.out.printf(
                Locale.ROOT, "%s history, seeds %s: simulating...", scenario.id(), history);
        long started = System.nanoTime();
        for (long seed : history) {
            Path day = historyDir.resolve("seed-" + seed);
            clean(day);
            SimulationOptions options =
                    new SimulationOptions(
                            seed,
                            scenario.date(),
                            span.fromSecond(),
                            span.toSecond(),
                            SimulationOptions.FAST);
            RunRecord simulated = part(day, "history day", seed);
            SimulationRecords.describe(simulated, scenario, file, options);
            simulated.track(
                    () -> {
                        try (FileEventSink files = new FileEventSink(day)) {
                            SimulationSummary summary =
                                    new Simulation(scenario, options, files).run();
                            SimulationRecords.outcome(simulated, summary);
                        }
                        return 0;
                    });
            days.add(day);
        }
        Calibration.Result learned =
                Calibration.learn(
                        scenario.network(),
                        days,
                        Calibration.AUTO,
                        PROFILE_SLOT_SECONDS,
                        MAX_INVALID_HISTORY_SHARE);
        Path profile = historyDir.resolve("profile.yaml");
        learned.profile()
                .write(
                        profile,
                        "Flow profile learned by metro-dispatch evaluate from history seeds "
                                + history
                                + " of "
                                + display(file));
        System.out.printf(
                Locale.ROOT,
                " %.0f s; profile by %s, held-out direction share error %s%n",
                (System.nanoTime() - started) / 1e9,
                learned.profile().method(),
                learned.profile().accuracy().containsKey("heldOutDirectionShareError")
                        ? String.format(
                                Locale.ROOT,
                                "%.3f",
                                learned.profile().accuracy().get("heldOutDirectionShareError"))
                        : "not measured (one day)");
        return learned;
    }

    private SeedRun runSeed(
            Scenario scenario, Path file, Path profile, long seed, Window span, Path dir)
            throws Exception {
        Path seedDir = dir.resolve(scenario.id()).resolve("seed-" + seed);
        Path open = seedDir.resolve("without-dispatch");
        Path closed = seedDir.resolve("with-dispatch");
        clean(open);
        clean(closed);
        SimulationOptions options =
                new SimulationOptions(
                        seed,
                        scenario.date(),
                        span.fromSecond(),
                        span.toSecond(),
                        SimulationOptions.FAST);
        System.out.printf(Locale.ROOT, "%s seed %d: without dispatch...", scenario.id(), seed);
        long started = System.nanoTime();
        RunRecord simulated = part(open, "simulation without dispatch", seed);
        SimulationRecords.describe(simulated, scenario, file, options);
        simulated.track(
                () -> {
                    try (FileEventSink files = new FileEventSink(open)) {
                        SimulationSummary summary = new Simulation(scenario, options, files).run();
                        SimulationRecords.outcome(simulated, summary);
                    }
                    return 0;
                });
        JobSettings replaySettings = jobSettings(scenario, profile);
        Network network = scenario.network();
        Path replayed = open.resolve("job");
        // Gate-only: the job sees the gate file alone, as with published fare-gate data.
        Path input = open;
        if (gatesOnly) {
            input = open.resolve("gates-only");
            Files.createDirectories(input);
            Files.copy(
                    open.resolve(FileEventSink.GATE_EVENTS_FILE),
                    input.resolve(FileEventSink.GATE_EVENTS_FILE));
            replaySettings.estimation = replaySettings.estimation.withGatesOnlyAfterSeconds(1);
        }
        Path replayInput = input;
        RunRecord replay = part(replayed, "replay without dispatch", seed);
        Replay.describe(replay, replaySettings, network, replayInput);
        replay.track(
                () -> {
                    Replay.run(
                            replaySettings,
                            network,
                            CrowdDispatchMain.shares(replaySettings, network),
                            replayInput,
                            replayed);
                    ReplaySummary.read(replayInput, replayed).addTo(replay);
                    return 0;
                });
        System.out.printf(
                Locale.ROOT,
                " %.0f s; with dispatch (closed loop)...",
                (System.nanoTime() - started) / 1e9);
        started = System.nanoTime();
        JobSettings loopSettings = jobSettings(scenario, profile);
        RunRecord looped = part(closed, "closed loop", seed);
        LocalLoop.describe(looped, scenario, file, options, loopSettings, true);
        AtomicReference<LocalLoop.Result> ran = new AtomicReference<>();
        looped.track(
                () -> {
                    ran.set(
                            new LocalLoop(scenario, loopSettings, closed)
                                    .closedLoop(true)
                                    .run(options));
                    LocalLoop.outcome(looped, closed, ran.get());
                    return 0;
                });
        LocalLoop.Result result = ran.get();
        System.out.printf(
                Locale.ROOT,
                " %.0f s, %d empty trains%n",
                (System.nanoTime() - started) / 1e9,
                result.loop().trainsInserted());
        DayClock clock = new DayClock(options.date(), network.timeZone());
        long from = clock.epochSecond(span.fromSecond()) * 1000;
        long to = result.decidedUntil();
        GroundTruth openTruth = GroundTruth.read(open.resolve(FileEventSink.GROUND_TRUTH_FILE));
        GroundTruth closedTruth = GroundTruth.read(closed.resolve(FileEventSink.GROUND_TRUTH_FILE));
        List<DispatchDecision> closedDecisions = decisions(closed.resolve("decisions.jsonl"));
        SeedEvaluation evaluation =
                SeedEvaluation.of(
                        seed,
                        new SeedEvaluation.Runs(
                                openTruth,
                                decisions(open.resolve("job").resolve("decisions.jsonl")),
                                closedTruth,
                                closedDecisions,
                                result.loop().trainsInserted(),
                                result.loop().mostSparesOut(),
                                network.sparePools().stream()
                                        .mapToInt(SparePool::spareTrains)
                                        .sum()),
                        from,
                        to,
                        settings.rules());
        return new SeedRun(evaluation, openTruth, closedTruth, closedDecisions, from, to);
    }

    /** The job's settings for a run: it watches the scenario's network with the learned profile. */
    private JobSettings jobSettings(Scenario scenario, Path profile) {
        JobSettings settings = JobSettings.load(ProjectPaths.config("job.yaml"));
        LocalLoop.watch(settings, scenario);
        settings.profileFile = profile;
        if (forecastDepartures != null) {
            settings.detection = settings.detection.withForecastDepartures(forecastDepartures);
        }
        return settings;
    }

    /** A scenario file as people know it: relative to the project when it is in it. */
    private static String display(Path file) {
        Path home = ProjectPaths.home().toAbsolutePath().normalize();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(home) ? home.relativize(absolute).toString() : file.toString();
    }

    private static void clean(Path dir) throws IOException {
        Folders.delete(dir);
        Files.createDirectories(dir);
    }

    private static List<DispatchDecision> decisions(Path file) throws IOException {
        List<DispatchDecision> decisions = new ArrayList<>();
        if (!Files.exists(file)) {
            return decisions;
        }
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                decisions.add(OutputJson.readDecision(line));
            }
        }
        return decisions;
    }

    /** The figure's data: the platform that left the most behind in the first run. */
    private static final class Figure {
        String run;
        Platform platform;
        PlatformHistory without;
        PlatformHistory with;
        List<Long> raises = new ArrayList<>();
        List<Long> emptyTrains = new ArrayList<>();
        long from;
        long to;

        static Figure of(SeedRun run, String name) {
            Figure figure = new Figure();
            figure.run = name;
            int worst = 0;
            for (Map.Entry<Platform, PlatformHistory> entry :
                    run.openTruth.platforms().entrySet()) {
                for (PlatformHistory.Departure departure : entry.getValue().departures()) {
                    if (departure.leftBehind() > worst) {
                        worst = departure.leftBehind();
                        figure.platform = entry.getKey();
                    }
                }
            }
            if (figure.platform == null) {
                return figure;
            }
            figure.without = run.openTruth.platforms().get(figure.platform);
            figure.with =
                    run.closedTruth
                            .platforms()
                            .getOrDefault(figure.platform, new PlatformHistory());
            Set<String> episodes = new HashSet<>();
            for (DispatchDecision decision : run.closedDecisions) {
                if (figure.platform.equals(new Platform(decision.stationId, decision.direction))
                        && episodes.add(decision.recommendationId)) {
                    figure.raises.add(decision.eventTime);
                }
            }
            for (PlatformHistory.Departure departure : figure.with.departures()) {
                if (departure.trainId().startsWith(ClosedLoopController.INSERTED_TRAIN_PREFIX)) {
                    figure.emptyTrains.add(departure.time());
                }
            }
            figure.from = run.from;
            figure.to = run.to;
            return figure;
        }
    }

    private static String summaryLines(EvaluationReport report) {
        StringBuilder text = new StringBuilder();
        var detection = report.detection();
        text.append(
                String.format(
                        Locale.ROOT,
                        "Detection: recall %.1f %%, precision %.1f %%, median delay %.1f min%n",
                        detection.recall() * 100,
                        detection.precision() * 100,
                        detection.medianDelayMinutes()));
        report.stationEffects()
                .forEach(
                        (station, effect) ->
                                text.append(
                                        String.format(
                                                Locale.ROOT,
                                                "%s: peak left behind %.0f -> %.0f (%.0f %% less),"
                                                        + " waiting %,d -> %,d passenger-minutes"
                                                        + " (%.0f %% less)%n",
                                                station,
                                                effect.without().meanPeakLeftBehind(),
                                                effect.with().meanPeakLeftBehind(),
                                                effect.leftBehindReduction() * 100,
                                                effect.without().waitingPassengerMinutes(),
                                                effect.with().waitingPassengerMinutes(),
                                                effect.waitingReduction() * 100)));

        return text.toString();
    }
}
