package org.metrodispatch.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metrodispatch.job.Records.T0;

class PartitionPaceTest {

    private static final long YEAR_MILLIS = 365L * 24 * 3_600_000;

    private final PartitionPace pace = new PartitionPace();
    private final Emitted emitted = new Emitted();

    @Test
    void followsThePartitionsRecordsAsTheyMove() {
        for (int second = 0; second < 600; second++) {
            read(T0 + second * 1_000L, 10);
        }
        pace.onPeriodicEmit(emitted);
        // The median of the last 1,024 records: about 51 seconds behind the newest.
        assertThat(emitted.marks).hasSize(1);
        assertThat(emitted.last()).isBetween(T0 + 540_000, T0 + 599_000);
        for (int second = 600; second < 1_200; second++) {
            read(T0 + second * 1_000L, 10);
        }
        pace.onPeriodicEmit(emitted);
        assertThat(emitted.marks).hasSize(2);
        assertThat(emitted.last()).isBetween(T0 + 1_140_000, T0 + 1_199_000);
    }

    @Test
    void aSparsePartitionIsPacedByItsLastFewRecords() {
        read(T0, 2_000);
        pace.onPeriodicEmit(emitted);
        // At night: one record a minute, one emit after each.
        for (int minute = 1; minute <= 60; minute++) {
            read(T0 + minute * 60_000L, 1);
            pace.onPeriodicEmit(emitted);
        }
        // The median of the last 16 records: 8 minutes behind the newest, not 60.
        assertThat(emitted.last()).isBetween(T0 + 50 * 60_000L, T0 + 53 * 60_000L);
    }

    @Test
    void aFewWildClocksDoNotMoveIt() {
        for (int i = 0; i < 2_000; i++) {
            // One record in ten from a gate a year ahead, one in ten from one a year behind.
            long offset = i % 10 == 0 ? YEAR_MILLIS : i % 10 == 5 ? -YEAR_MILLIS : 0;
            read(T0 + i + offset, 1);
        }
        pace.onPeriodicEmit(emitted);
        assertThat(emitted.last()).isBetween(T0, T0 + 2_000);
    }

    @Test
    void neverGoesBackAndSaysNothingNewWithoutNewRecords() {
        read(T0 + 60_000, 100);
        pace.onPeriodicEmit(emitted);
        read(T0, 2_000);
        pace.onPeriodicEmit(emitted);
        pace.onPeriodicEmit(emitted);
        assertThat(emitted.marks).containsExactly(T0 + 60_000);
        assertThat(pace.pace()).isEqualTo(T0 + 60_000);
    }

    @Test
    void recordsWithoutATimeAreLeftOut() {
        read(EventTimeSniffer.UNKNOWN, 5_000);
        pace.onPeriodicEmit(emitted);
        assertThat(emitted.marks).isEmpty();
        read(T0, 1);
        read(EventTimeSniffer.UNKNOWN, 5_000);
        pace.onPeriodicEmit(emitted);
        assertThat(emitted.marks).containsExactly(T0);
    }

    private void read(long time, int records) {
        for (int i = 0; i < records; i++) {
            pace.onEvent(null, time, emitted);
        }
    }

    private static final class Emitted implements WatermarkOutput {
        final List<Long> marks = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            marks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}

        long last() {
            return marks.get(marks.size() - 1);
        }
    }
}
