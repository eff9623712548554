package org.metrodispatch.simulator.output;

import org.metrodispatch.contract.cli.TimeOfDay;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.run.RunRecord;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.engine.SimulationSummary;

import java.nio.file.Path;
import java.util.List;

/** What a simulation puts in its run record: the same for {@code simulate} and {@code evaluate}. */
public final class SimulationRecords {

    /** The simulator's outputs in a run folder: a folder holding one of them holds a run. */
    public static final List<String> OUTPUTS =
            List.of(
                    FileEventSink.GATE_EVENTS_FILE,
                    FileEventSink.TRAIN_EVENTS_FILE,
                    FileEventSink.GROUND_TRUTH_FILE);

    private SimulationRecords() {}

    /** The scenario (and the files it extends), the seed, the day and window, the network. */
    public static RunRecord describe(
            RunRecord record, Scenario scenario, Path scenarioFile, SimulationOptions options) {
        return record.scenario(scenarioFile)
                .seed(options.seed())
                .network(scenario.network().id(), scenario.networkFile())
                .parameter("scenarioId", scenario.id())
                .parameter("date", options.date().toString())
                .parameter("from", TimeOfDay.format(options.fromSecond()))
                .parameter("to", TimeOfDay.format(options.toSecond()))
                .parameter("speed", options.fast() ? "fast" : options.speed());
    }

    /** The counts of what was simulated. */
    public static void outcome(RunRecord record, SimulationSummary summary) {
        record.outcome("gateTaps", summary.gateTaps)
                .outcome("gateHeartbeats", summary.heartbeats)
                .outcome("trainEvents", summary.trainEvents)
                .outcome("signallingHeartbeats", summary.signallingHeartbeats)
                .outcome("resent", summary.duplicates)
                .outcome("veryLate", summary.veryLate)
                .outcome("malformed", summary.malformed)
                .outcome("eventRecords", summary.eventRecords())
                .outcome("groundTruthLines", summary.truthLines);
        if (summary.lostTaps + summary.silencedRecords + summary.skewedRecords > 0) {
            record.outcome("lostTaps", summary.lostTaps)
                    .outcome("silencedRecords", summary.silencedRecords)
                    .outcome("skewedRecords", summary.skewedRecords);
        }
        if (summary.dayDemandFactor != 1.0) {
            record.outcome("dayDemandFactor", Math.round(summary.dayDemandFactor * 1e4) / 1e4);
        }
        if (summary.lostTrainReports > 0) {
            record.outcome("lostTrainReports", summary.lostTrainReports);
        }
    }
}
