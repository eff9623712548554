package org.metrodispatch.ops.it;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.contract.run.RunRecord;
import org.metrodispatch.job.CrowdDispatchMain;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.Replay;
import org.metrodispatch.job.ReplaySummary;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.SimulationRecords;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.nio.file.Path;
import java.util.List;

/**
 * A run folder as a user makes one: the weekday morning peak 07:30-09:30 on seed 3 simulated into
 * RUN_DIR (with its ground truth), then replayed through the job into RUN_DIR/job, each with its
 * run record. Nijiaqiao southbound crowds a few minutes after 08:00.
 */
final class SeededRun {

    static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
    static final Path PROJECT = CONFIG.getParent();
    static final long SEED = 3;
    static final int FROM = 7 * 3600 + 30 * 60;
    static final int TO = 9 * 3600 + 30 * 60;

    private SeededRun() {}

    /** A MiniCluster like a small real one: one TaskManager with room for parallelism 2. */
    static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(4)
                        .build());
    }

    /** Simulates and replays into {@code dir/peak}; returns that run folder. */
    static Path morningPeak(Path dir) throws Exception {
        Path run = simulatedMorningPeak(dir);
        JobSettings settings = JobSettings.load(CONFIG.resolve("job.yaml"));
        Network network = NetworkLoader.load(settings.networkFile);
        Path job = run.resolve("job");
        RunRecord replayed = RunRecord.begin(job, "job", List.of("SeededRun"));
        Replay.describe(replayed, settings, network, run);
        replayed.track(
                () -> {
                    Replay.run(
                            settings,
                            network,
                            CrowdDispatchMain.shares(settings, network),
                            run,
                            job);
                    ReplaySummary.read(run, job).addTo(replayed);
                    return 0;
                });
        return run;
    }

    /** Simulates into {@code dir/peak}; returns that run folder. */
    static Path simulatedMorningPeak(Path dir) throws Exception {
        Path scenarioFile = CONFIG.resolve("scenarios/weekday-morning-peak.yaml");
        Scenario scenario = Scenario.load(scenarioFile);
        Path run = dir.resolve("peak");
        SimulationOptions options =
                new SimulationOptions(SEED, scenario.date(), FROM, TO, SimulationOptions.FAST);
        RunRecord simulated = RunRecord.begin(run, "simulate", List.of("SeededRun"));
        SimulationRecords.describe(simulated, scenario, scenarioFile, options);
        simulated.track(
                () -> {
                    try (FileEventSink sink = new FileEventSink(run)) {
                        SimulationRecords.outcome(
                                simulated, new Simulation(scenario, options, sink).run());
                    }
                    return 0;
                });
        return run;
    }
}
