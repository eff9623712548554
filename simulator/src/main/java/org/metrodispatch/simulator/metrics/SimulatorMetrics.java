package org.metrodispatch.simulator.metrics;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.simulator.engine.ProgressListener;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.engine.SimulationSummary;

import java.util.Locale;

/**
 * What a running simulation has done, for Prometheus (docs/metrics.md): records sent, the simulated
 * clock and the speed against real time. It hears the run's progress (every 64 simulated seconds)
 * and its end, and renders the text exposition format on demand, from any thread.
 */
public final class SimulatorMetrics implements ProgressListener {

    private final String scenario;
    private final long seed;
    private final long startMillis;

    private volatile long simulatedMillis;
    private volatile long recordsSent;
    private volatile long wallNanos;
    private volatile boolean finished;

    /** The metrics of a run of a scenario with these options. */
    public static SimulatorMetrics of(Scenario scenario, SimulationOptions options) {
        long start =
                options.date().atStartOfDay(scenario.network().timeZone()).toEpochSecond() * 1000
                        + options.fromSecond() * 1000L;
        return new SimulatorMetrics(scenario.id(), options.seed(), start);
    }

    /**
     * @param startMillis the simulated time the run starts at (epoch milliseconds), for the speed
     */
    public SimulatorMetrics(String scenario, long seed, long startMillis) {
        this.scenario = scenario;
        this.seed = seed;
        this.startMillis = startMillis;
        this.simulatedMillis = startMillis;
    }

    @Override
    public void onProgress(long simulatedMillis, long recordsDelivered, long wallNanos) {
        this.simulatedMillis = simulatedMillis;
        this.recordsSent = recordsDelivered;
        this.wallNanos = wallNanos;
    }

    @Override
    public void onFinished(SimulationSummary summary) {
        recordsSent = summary.gateRecordsDelivered + summary.trainRecordsDelivered;
        wallNanos = (long) (summary.wallSeconds * 1e9);
        finished = true;
    }

    /** Records the simulator delivered to its sink so far (gate and train feeds). */
    public long recordsSent() {
        return recordsSent;
    }

    /** Simulated seconds per wall-clock second since the start; 0 before any progress. */
    public double speed() {
        long wall = wallNanos;
        return wall <= 0 ? 0 : (simulatedMillis - startMillis) / 1e3 / (wall / 1e9);
    }

    /** The metrics in Prometheus' text exposition format. */
    public String render() {
        String labels =
                String.format(
                        Locale.ROOT, "{scenario=\"%s\",seed=\"%d\"}", escaped(scenario), seed);
        StringBuilder out = new StringBuilder();
        metric(
                out,
                "metro_simulator_records_sent_total",
                "counter",
                "Records delivered to the feeds (gate taps and heartbeats, train reports).",
                labels,
                Long.toString(recordsSent));
        metric(
                out,
                "metro_simulator_simulated_time_seconds",
                "gauge",
                "The simulated clock, epoch seconds.",
                labels,
                Long.toString(Math.floorDiv(simulatedMillis, 1000L)));
        metric(
                out,
                "metro_simulator_speed_ratio",
                "gauge",
                "Simulated seconds per wall-clock second since the start.",
                labels,
                String.format(Locale.ROOT, "%.3f", speed()));
        metric(
                out,
                "metro_simulator_finished",
                "gauge",
                "1 once the simulated window is over and every record delivered.",
                labels,
                finished ? "1" : "0");
        return out.toString();
    }

    private static void metric(
            StringBuilder out, String name, String type, String help, String labels, String value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        out.append(name).append(labels).append(' ').append(value).append('\n');
    }

    private static String escaped(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
