package org.metrodispatch.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

    @Test
    void theCpuTimeOfThisJvmGrowsWithWorkDone() {
        long before = ProcessCpu.nanos();
        assertThat(before).isNotEqualTo(ProcessCpu.UNKNOWN);
        // Busy until the JVM's CPU clock has moved (its resolution is coarse on some systems).
        long sum = 0;
        long after = before;
        for (int round = 0; after == before && round < 10_000; round++) {
            for (int i = 0; i < 100_000; i++) {
                sum += Long.numberOfTrailingZeros(i * 31L + sum);
            }
            after = ProcessCpu.nanos();
        }
        assertThat(sum).isNotZero();
        assertThat(after).isGreaterThan(before);
    }

    @Test
    void microsPerRecordDividesTheCpuTimeByTheRecordsAndSaysNothingWithoutEither() {
        assertThat(ProcessCpu.microsPerRecord(1_000_000, 4_000_000, 1_000)).isEqualTo(3.0);
        assertThat(ProcessCpu.microsPerRecord(ProcessCpu.UNKNOWN, 4_000_000, 1_000)).isNaN();
        assertThat(ProcessCpu.microsPerRecord(1_000_000, ProcessCpu.UNKNOWN, 1_000)).isNaN();
        assertThat(ProcessCpu.microsPerRecord(1_000_000, 4_000_000, 0)).isNaN();
    }
}
