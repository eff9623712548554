package org.metrodispatch.ops;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * This JVM's CPU time, all its threads together. On a shared machine a rate in events per second
 * moves with whatever else runs; the CPU time a record costs moves much less, so the bench gives
 * both.
 */
final class ProcessCpu {

    /** Not known: the JVM does not tell its CPU time. */
    static final long UNKNOWN = -1;

    private ProcessCpu() {}

    /** The CPU time this JVM has used so far, in nanoseconds, or {@link #UNKNOWN}. */
    static long nanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            long used = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
            return used >= 0 ? used : UNKNOWN;
        }
        return UNKNOWN;
    }

    /**
     * Microseconds of CPU per record between two readings, or NaN when either is unknown or no
     * record went by.
     */
    static double microsPerRecord(long cpuFrom, long cpuTo, long records) {
        if (cpuFrom == UNKNOWN || cpuTo == UNKNOWN || records <= 0) {
            return Double.NaN;
        }
        return (cpuTo - cpuFrom) / 1e3 / records;
    }
}
