package org.metrodispatch.simulator;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationObserver;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.engine.SimulationSummary;
import org.metrodispatch.simulator.output.FileEventSink;

import java.io.IOException;
import java.nio.file.Path;

/** The project's real scenario files and a way to run them in tests. */
public final class TestScenarios {

    public static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
    public static final Path FULL_DAY = CONFIG.resolve("scenarios/weekday-full-day.yaml");
    public static final Path MORNING_PEAK = CONFIG.resolve("scenarios/weekday-morning-peak.yaml");

    private TestScenarios() {}

    public static Scenario fullDay() {
        return Scenario.load(FULL_DAY);
    }

    public static Scenario morningPeak() {
        return Scenario.load(MORNING_PEAK);
    }

    public static int time(String hhmm) {
        String[] parts = hhmm.split(":");
        return Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60;
    }

    /** Runs a scenario into files in {@code folder}, with an observer. */
    public static SimulationSummary runToFiles(
            Scenario scenario,
            long seed,
            String from,
            String to,
            Path folder,
            SimulationObserver observer)
            throws IOException {
        SimulationOptions options =
                new SimulationOptions(
                        seed, scenario.date(), time(from), time(to), SimulationOptions.FAST);
        try (FileEventSink sink = new FileEventSink(folder)) {
            Simulation simulation = new Simulation(scenario, options, sink);
            simulation.setObserver(observer);
            return simulation.run();
        }
    }
}
