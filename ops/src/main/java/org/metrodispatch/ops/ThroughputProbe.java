package org.metrodispatch.ops;

import org.metrodispatch.contract.cli.LoopbackPorts;
import org.metrodispatch.job.JobEnvironment;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs a job on a local MiniCluster and samples, while it runs, how many records its parser has
 * taken in (the counter {@code eventsIn}, read in this JVM through {@link EventsInReporter}): so a
 * benchmark can tell the steady rate from the fixed costs of starting the job and committing its
 * last checkpoint.
 */
final class ThroughputProbe {

    private static final long SAMPLE_MILLIS = 100;

    /** What a run measured. */
    static final class Result {
        final double wallSeconds;
        final double steadyRate;

        /** Microseconds of this JVM's CPU per record over the same part as the steady rate. */
        final double steadyCpuMicros;

        /**
         * When asked for: {percent of the input taken in, heap in use after a GC in MB}, once past
         * each fifth of the input.
         */
        final List<long[]> heapMarks;

        Result(
                double wallSeconds,
                double steadyRate,
                double steadyCpuMicros,
                List<long[]> heapMarks) {
            this.wallSeconds = wallSeconds;
            this.steadyRate = steadyRate;
            this.steadyCpuMicros = steadyCpuMicros;
            this.heapMarks = heapMarks;
        }
    }

    private static final int HEAP_MARKS = 5;

    private ThroughputProbe() {}

    /**
     * Runs the job that {@code graph} adds to a fresh local environment and returns its wall time
     * and its rate between 20 % and 80 % of {@code records} taken in.
     */
    static Result run(
            Configuration jobConfiguration,
            Consumer<StreamExecutionEnvironment> graph,
            long records)
            throws Exception {
        return run(jobConfiguration, graph, records, false);
    }

    /**
     * As {@link #run(Configuration, Consumer, long)}; with {@code trackHeap}, also collects the
     * garbage at each fifth of the input and notes the heap in use, so a run shows whether the
     * job's state grows with the input. Such a run's rates are not to be reported.
     */
    static Result run(
            Configuration jobConfiguration,
            Consumer<StreamExecutionEnvironment> graph,
            long records,
            boolean trackHeap)
            throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<long[]> heap = new ArrayList<>();
        long heapStep = Math.max(1, records / HEAP_MARKS);
        long nextHeapMark = heapStep;
        int port = LoopbackPorts.free();
        Configuration conf = JobEnvironment.local(jobConfiguration, port);
        EventsInReporter.addTo(conf);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        graph.accept(env);
        long start = System.nanoTime();
        JobClient job = env.executeAsync("metro-dispatch bench");
        List<Sample> samples = new ArrayList<>();
        // A local job's MiniCluster goes away with the job: watch the result, not the status.
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        while (!result.isDone()) {
            long taken = EventsInReporter.eventsIn();
            if (taken >= 0) {
                samples.add(new Sample(System.nanoTime(), taken, ProcessCpu.nanos()));
                if (trackHeap && taken >= nextHeapMark && taken < records) {
                    System.gc();
                    heap.add(
                            new long[] {
                                100 * taken / records, memory.getHeapMemoryUsage().getUsed() >> 20
                            });
                    nextHeapMark = (taken / heapStep + 1) * heapStep;
                }
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
        result.get();
        double wall = (System.nanoTime() - start) / 1e9;
        Sample low = firstPast(samples, records / 5);
        Sample high = firstPast(samples, records * 4 / 5);
        if (low == null || high == null || high.wallNanos() <= low.wallNanos()) {
            return new Result(wall, Double.NaN, Double.NaN, heap);
        }
        long steadyRecords = high.taken() - low.taken();
        return new Result(
                wall,
                steadyRecords / ((high.wallNanos() - low.wallNanos()) / 1e9),
                ProcessCpu.microsPerRecord(low.cpuNanos(), high.cpuNanos(), steadyRecords),
                heap);
    }

    /** A look at the running job: when, how many records it had taken in, this JVM's CPU time. */
    private record Sample(long wallNanos, long taken, long cpuNanos) {}

    /** The first sample with at least {@code records} taken in, or null. */
    private static Sample firstPast(List<Sample> samples, long records) {
        for (Sample sample : samples) {
            if (sample.taken() >= records) {
                return sample;
            }
        }
        return null;
    }
}
