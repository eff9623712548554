package org.metrodispatch.ops;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The machine's load while a benchmark runs: the operating system's one-minute load average, before
 * the benchmark (what others put on the machine) and every few seconds during it (the benchmark
 * itself and the others). A load well above the number of cores during the runs means the figures
 * were measured on a busy machine.
 */
final class MachineLoad implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 5_000;

    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final double before;
    private final List<Double> samples = new ArrayList<>();
    private final Thread sampler;

    private MachineLoad() {
        this.before = os.getSystemLoadAverage();
        this.sampler =
                new Thread(
                        () -> {
                            try {
                                while (!Thread.currentThread().isInterrupted()) {
                                    Thread.sleep(SAMPLE_MILLIS);
                                    sample();
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "machine-load");
        sampler.setDaemon(true);
    }

    /** Notes the load now and samples it until closed. */
    static MachineLoad watch() {
        MachineLoad load = new MachineLoad();
        load.sampler.start();
        return load;
    }

    private synchronized void sample() {
        double load = os.getSystemLoadAverage();
        if (load >= 0) {
            samples.add(load);
        }
    }

    /** One line for the report; says when the platform does not tell its load. */
    synchronized String describe() {
        int cores = os.getAvailableProcessors();
        if (before < 0) {
            return "Machine load: not available on this platform (" + cores + " cores)";
        }
        RunSpread during = RunSpread.of(samples);
        return String.format(
                Locale.ROOT,
                "Machine load (1-minute average, %d cores): %.1f before the bench; during it"
                        + " %.1f / %.1f / %.1f (min / median / max of %d samples)%s",
                cores,
                before,
                during.min(),
                during.median(),
                during.max(),
                samples.size(),
                before > cores / 2.0
                        ? "; the machine was busy before the bench started: compare ratios, not"
                                + " rates"
                        : "");
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}
