package org.metrodispatch.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metrodispatch.job.Records.T0;

class DispatchWatermarksTest {

    private static final long BOUND = 90_000;
    private static final long MAX_JUMP = 360 * 60_000L;

    /** Records the watermarks a generator emits. */
    private static final class RecordingOutput implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }

    private final DispatchWatermarks.Generator generator =
            new DispatchWatermarks.Generator(BOUND, MAX_JUMP);
    private final RecordingOutput output = new RecordingOutput();

    private void event(long timestamp) {
        generator.onEvent(new RawRecord(), timestamp, output);
    }

    private static long wm(long maxTimestamp) {
        return maxTimestamp - BOUND - 1;
    }

    @Test
    void followsTheLatestTimeMinusTheBound() {
        event(T0);
        event(T0 + 1_000);
        event(T0 + 5_000);
        assertThat(output.watermarks).containsExactly(wm(T0 + 1_000), wm(T0 + 5_000));
    }

    @Test
    void recordsOutOfOrderDoNotMoveIt() {
        event(T0);
        event(T0 + 10_000);
        event(T0 + 2_000);
        event(T0 + 10_000);
        event(T0 - 80_000);
        assertThat(output.watermarks).containsExactly(wm(T0 + 10_000));
    }

    @Test
    void unknownTimesAreIgnored() {
        event(T0);
        event(EventTimeSniffer.UNKNOWN);
        event(T0 + 1_000);
        event(EventTimeSniffer.UNKNOWN);
        event(T0 + 2_000);
        assertThat(output.watermarks).containsExactly(wm(T0 + 1_000), wm(T0 + 2_000));
    }

    @Test
    void oneRecordFarAheadDoesNotMoveEventTime() {
        event(T0);
        event(T0 + 1_000);
        event(T0 + 365L * 86_400_000); // a gate whose clock is a year ahead
        event(T0 + 2_000);
        event(T0 + 365L * 86_400_000 + 30_000);
        event(T0 + 3_000);
        assertThat(output.watermarks)
                .containsExactly(wm(T0 + 1_000), wm(T0 + 2_000), wm(T0 + 3_000));
    }

    @Test
    void aJumpWithinTheLimitIsBelieved() {
        event(T0);
        event(T0 + 1_000);
        event(T0 + 1_000 + MAX_JUMP);
        assertThat(output.watermarks).containsExactly(wm(T0 + 1_000), wm(T0 + 1_000 + MAX_JUMP));
    }

    @Test
    void aCorruptFirstRecordDoesNotSetEventTime() {
        event(T0 + 365L * 86_400_000);
        event(T0);
        event(T0 + 1_000);
        event(T0 + 2_000);
        assertThat(output.watermarks).containsExactly(wm(T0 + 1_000), wm(T0 + 2_000));
    }

    @Test
    void theStreamGoesOnAfterAGapLongerThanTheLimit() {
        event(T0);
        event(T0 + 1_000);
        long after = T0 + 2 * MAX_JUMP; // the feed was down for twelve hours
        event(after);
        assertThat(output.watermarks).containsExactly(wm(T0 + 1_000));
        event(after + 500);
        event(after + 2_000);
        assertThat(output.watermarks)
                .containsExactly(wm(T0 + 1_000), wm(after + 500), wm(after + 2_000));
    }

    @Test
    void neverGoesBack() {
        event(T0);
        event(T0 + 60_000);
        event(T0 + 30_000);
        event(T0 + 60_000);
        event(T0 + 60_001);
        assertThat(output.watermarks).isSorted().doesNotHaveDuplicates();
        assertThat(output.watermarks).containsExactly(wm(T0 + 60_000), wm(T0 + 60_001));
    }

    @Test
    void noWatermarksOnTheClock() {
        event(T0);
        event(T0 + 1_000);
        int before = output.watermarks.size();
        generator.onPeriodicEmit(output);
        generator.onPeriodicEmit(output);
        assertThat(output.watermarks).hasSize(before);
        assertThat(output.idle).isFalse();
    }

    @Test
    void theStrategyTakesTimestampsFromThePayload() {
        var strategy =
                DispatchWatermarks.strategy(
                        Duration.ofSeconds(90), Duration.ofHours(6), Duration.ZERO);
        var assigner = strategy.createTimestampAssigner(() -> null);
        RawRecord record = Records.raw(Records.text("{\"eventTime\":\"2026-03-04T00:00:07Z\"}"), 1);
        assertThat(assigner.extractTimestamp(record, 0)).isEqualTo(T0 + 7_000);
        assertThat(assigner.extractTimestamp(Records.raw(Records.text("{}"), 2), 0))
                .isEqualTo(EventTimeSniffer.UNKNOWN);
    }
}
