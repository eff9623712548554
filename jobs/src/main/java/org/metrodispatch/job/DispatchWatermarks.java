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
 * without a readable time are ignored, and so is a time that jumps implausibly far ahead of the
 * split's latest, so one corrupt record cannot push event time into the future. A jump is believed
 * only when the next record with a readable time confirms it, landing within the same bound of it:
 * so the stream goes on after a real gap (a feed that was down for hours), and the first record of
 * a split (or after a restart) cannot set event time on its own either.
 */
public final class DispatchWatermarks {

    private DispatchWatermarks() {}

    /**
     * @param outOfOrderness how late a record may come and still count
     * @param maxJump a record further ahead of the split's latest time than this does not move it
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
                        .withTimestampAssigner(
                                (record, previous) -> EventTimeSniffer.eventTime(record.payload));
        return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
    }

    /** Emits {@code max event time - bound - 1} whenever it advances. */
    static final class Generator implements WatermarkGenerator<RawRecord> {

        private final long bound;
        private final long maxJump;
        private long maxTimestamp = Long.MIN_VALUE;
        private long emitted = Long.MIN_VALUE;

        /** A time that jumped ahead and waits for the next record to confirm it, or MIN_VALUE. */
        private long jumpedTo = Long.MIN_VALUE;

        Generator(long bound, long maxJump) {
            this.bound = bound;
            this.maxJump = maxJump;
        }

        @Override
        public void onEvent(RawRecord record, long timestamp, WatermarkOutput output) {
            if (timestamp == EventTimeSniffer.UNKNOWN) {
                return;
            }
            if (maxTimestamp == Long.MIN_VALUE || timestamp > maxTimestamp + maxJump) {
                boolean confirmed =
                        jumpedTo != Long.MIN_VALUE && Math.abs(timestamp - jumpedTo) <= maxJump;
                if (!confirmed) {
                    jumpedTo = timestamp;
                    return;
                }
                timestamp = Math.max(timestamp, jumpedTo);
            }
            jumpedTo = Long.MIN_VALUE;
            if (timestamp > maxTimestamp) {
                maxTimestamp = timestamp;
                long watermark = maxTimestamp - bound - 1;
                if (watermark > emitted) {
                    emitted = watermark;
                    output.emitWatermark(new Watermark(watermark));
                }
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            // Watermarks follow the data only (see onEvent).
        }
    }
}
