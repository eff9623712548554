package org.metrodispatch.ops;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.job.CrowdDispatchMain;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.engine.SimulationSummary;
import org.metrodispatch.simulator.output.FileEventSink;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How the job's cost grows with the network: the scenario's line simulated as 1, 2, ... separate
 * lines of one city (copies, each with its own seed), the job replaying each day at each
 * parallelism. Per size: events/s (median and spread of the runs), the cost per record against one
 * line, the heap in use through the day, and the decisions per line (one planner per line).
 */
final class ScaleBench {

    private static final Pattern LINE_ID = Pattern.compile("\"lineId\":\"([^\"]*)\"");

    private final Scenario scenario;
    private final SimulationOptions day;
    private final JobSettings settings;
    private final int repeat;
    private final Path work;
    private final PrintStream out;
    private final Step step;

    /** Says on standard error which step runs. */
    @FunctionalInterface
    interface Step {
        void starts(String what, int run);
    }

    ScaleBench(
            Scenario scenario,
            SimulationOptions day,
            JobSettings settings,
            int repeat,
            Path work,
            PrintStream out,
            Step step) {
        this.scenario = scenario;
        this.day = day;
        this.settings = settings;
        this.repeat = repeat;
        this.work = work;
        this.out = out;
        this.step = step;
    }

    void run(List<Integer> lineCounts, List<Integer> parallelisms) throws Exception {
        List<String> rows = new ArrayList<>();
        List<String> heapLines = new ArrayList<>();
        List<String> spreadLines = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        // Per parallelism, the median rate of the smallest city: what cost per record compares to.
        Map<Integer, Double> smallestCityRate = new TreeMap<>();
        boolean warmedUp = false;
        for (int lines : lineCounts) {
            List<Scenario> copies = scenario.onCopies(lines);
            List<Network> networks = new ArrayList<>();
            copies.forEach(copy -> networks.add(copy.network()));
            City city = City.of(scenario.id() + "-x" + lines, scenario.id(), networks);
            Path files = work.resolve("scale-day");
            step.starts("scale: simulating " + lines + " lines", -1);
            long records = simulate(copies, files);
            // Every copy has its line's stations in the same order: the line's shares serve all.
            List<FlowShares> shares =
                    Collections.nCopies(
                            lines, CrowdDispatchMain.shares(settings, scenario.network()));
            for (int parallelism : parallelisms) {
                settings.parallelism = parallelism;
                Path replayOut = work.resolve("scale-out");
                String label = lines + " lines, parallelism " + parallelism;
                if (!warmedUp) {
                    step.starts("scale: warm-up, " + label, -1);
                    BenchCommand.replay(settings, city, shares, files, replayOut, records, false);
                    warmedUp = true;
                }
                List<Double> rates = new ArrayList<>();
                for (int i = 0; i < repeat; i++) {
                    step.starts("scale: " + label, i);
                    ThroughputProbe.Result result =
                            BenchCommand.replay(
                                    settings, city, shares, files, replayOut, records, false);
                    rates.add(records / result.wallSeconds);
                }
                step.starts("scale: heap, " + label, -1);
                ThroughputProbe.Result heap =
                        BenchCommand.replay(
                                settings, city, shares, files, replayOut, records, true);
                Map<String, Integer> decisions = decisionsPerLine(replayOut);
                RunSpread spread = RunSpread.of(rates);
                smallestCityRate.putIfAbsent(parallelism, spread.median());
                double costPerRecord =
                        lines == lineCounts.get(0)
                                ? 1.0
                                : smallestCityRate.get(parallelism) / spread.median();
                rows.add(
                        String.format(
                                Locale.ROOT,
                                "%5d %8d %5d %12s %12s %12s %12s %10.2f %9s",
                                lines,
                                city.stationCount(),
                                parallelism,
                                String.format(Locale.ROOT, "%,d", records),
                                String.format(Locale.ROOT, "%,.0f", spread.median()),
                                String.format(Locale.ROOT, "%,.0f", spread.min()),
                                String.format(Locale.ROOT, "%,.0f", spread.max()),
                                costPerRecord,
                                decisions.size() + "/" + lines));
                heapLines.add(label + ": " + heapMarks(heap));
                if (parallelism > 1) {
                    spreadLines.add(lines + " lines: " + keySpread(city, parallelism));
                }
                if (spread.doubtful()) {
                    warnings.add(
                            String.format(
                                    Locale.ROOT,
                                    "Warning: the runs of %s disagree by a factor of %.2f",
                                    label,
                                    spread.factor()));
                }
            }
        }
        String heading =
                String.format(
                        Locale.ROOT,
                        "%5s %8s %5s %12s %12s %12s %12s %10s %9s",
                        "lines",
                        "stations",
                        "p",
                        "records",
                        "events/s",
                        "min",
                        "max",
                        "cost/rec",
                        "planned");
        out.printf(
                Locale.ROOT,
                "%nScale: %s as separate lines of one city, job replay (end to end), %d runs each%n%s%n",
                scenario.id(),
                repeat,
                heading);
        rows.forEach(out::println);
        warnings.forEach(out::println);
        out.println(
                "cost/rec: wall time per record against the smallest city at the same parallelism"
                        + " (1.00 = cost grows linearly\nwith the records); planned: lines with"
                        + " decisions / lines (each line has its own planner).");
        out.println("Job heap in use after GC through the day (MiniCluster in this JVM):");
        heapLines.forEach(line -> out.println("  " + line));
        out.println(
                "Keys per subtask (Flink's key-group assignment, max parallelism "
                        + settings.maxParallelism
                        + "):");
        spreadLines.forEach(line -> out.println("  " + line));
    }

    /** Simulates the lines together into files; returns the records written. */
    private long simulate(List<Scenario> lines, Path files) throws IOException {
        List<Simulation> simulations = new ArrayList<>();
        try (FileEventSink sink = new FileEventSink(files)) {
            for (int k = 0; k < lines.size(); k++) {
                simulations.add(new Simulation(lines.get(k), day.withSeed(day.seed() + k), sink));
            }
            return SimulationSummary.sum(Simulation.runTogether(simulations)).eventRecords();
        }
    }

    /** Decisions in the replay's log, by line. */
    private static Map<String, Integer> decisionsPerLine(Path replayOut) throws IOException {
        Map<String, Integer> perLine = new TreeMap<>(Comparator.naturalOrder());
        try (Stream<String> decisions = Files.lines(replayOut.resolve("decisions.jsonl"))) {
            decisions.forEach(
                    decision -> {
                        Matcher m = LINE_ID.matcher(decision);
                        if (m.find()) {
                            perLine.merge(m.group(1), 1, Integer::sum);
                        }
                    });
        }
        return perLine;
    }

    /**
     * Which subtask each key goes to, as Flink assigns keys to key groups and key groups to
     * subtasks: the planners and feed-health judges (keyed by line id), the station flows (keyed by
     * the station's city index).
     */
    private String keySpread(City city, int parallelism) {
        int[] lines = new int[parallelism];
        for (Network line : city.lines()) {
            lines[subtask(line.lineId(), parallelism)]++;
        }
        int[] stations = new int[parallelism];
        for (int s = 0; s < city.stationCount(); s++) {
            stations[subtask(s, parallelism)]++;
        }
        return "planners " + perSubtask(lines) + ", stations " + perSubtask(stations);
    }

    private int subtask(Object key, int parallelism) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(
                key, settings.maxParallelism, parallelism);
    }

    private static String perSubtask(int[] counts) {
        List<String> parts = new ArrayList<>();
        for (int count : counts) {
            parts.add(Integer.toString(count));
        }
        return String.join(" / ", parts);
    }

    private static String heapMarks(ThroughputProbe.Result run) {
        List<String> marks = new ArrayList<>();
        for (long[] mark : run.heapMarks) {
            marks.add(String.format(Locale.ROOT, "%d %% %d MB", mark[0], mark[1]));
        }
        return marks.isEmpty() ? "not measured (too quick)" : String.join(", ", marks);
    }
}
