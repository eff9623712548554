package org.metrodispatch.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

import java.time.Duration;

/**
 * Watermarks for the raw input: bounded out-of-orderness, made per source split (per Kafka
 * partition) from the event time sniffed in each record.
 *
 * <p>Watermarks are emitted as records arrive, not on a wall-clock timer, so where they fall in the
 * stream depends only on the data: a replay classifies the same records as late every time. Records
 * without a readable time are ignored, and so are times that jump implausibly far from the split's
 * clock until consecutive records confirm them ({@link PlausibleClock}): one corrupt record cannot
 * push event time into the future.
 */
public final class DispatchWatermarks {

    private DispatchWatermarks() {}

    /** Records in a row that must agree before a jump of the clock is believed. */
    public static final int CONFIRMATIONS = 2;

    /**
     * @param outOfOrderness how late a record may come and still count
     * @param maxJump a record further than this from the split's clock moves it only when confirmed
     * @param idleness a split silent this long (wall clock) stops holding the watermark back; zero
     *     to never mark splits idle (replay)
     */
    public static WatermarkStrategy<RawRecord> strategy(
            Duration outOfOrderness, Duration maxJump, Duration idleness) {
        WatermarkStrategy<RawRecord> strategy =
                WatermarkStrategy.<RawRecord>forGenerator(
                                context ->
                                        new Generator(
                                                outOfOrderness.toMillis(), maxJump.toMillis()))
                        .withTimestampAssigner((record, previous) -> record.sniffedEventTime);
        return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
    }

    /** Emits {@code latest believed event time - bound - 1} whenever it advances. */
    static final class Generator implements WatermarkGenerator<RawRecord> {

        private final long bound;
        private final PlausibleClock clock;
        private long emitted = Long.MIN_VALUE;

        Generator(long bound, long maxJump) {
            this.bound = bound;
            this.clock = new PlausibleClock(maxJump, CONFIRMATIONS);
        }

        @Override
        public void onEvent(RawRecord record, long timestamp, WatermarkOutput output) {
            if (!clock.observe(timestamp)) {
                return;
            }
            long watermark = clock.latest() - bound - 1;
            if (watermark > emitted) {
                emitted = watermark;
                output.emitWatermark(new Watermark(watermark));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            // Watermarks follow the data only (see onEvent).
        }
    }
}
