package org.metrodispatch.job;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

import java.time.Duration;
import java.util.Arrays;

/**
 * How far one Kafka partition has been read, in event time, so that the source can pause the
 * partitions running ahead of the others (Flink's split watermark alignment). A consumer reading a
 * backlog fetches large batches of one partition at a time, and the train topic, with far fewer
 * records per minute than the gates', races ahead in event time; every record read ahead of the
 * slowest partition waits in the stations' state for the watermark, so a day's backlog at
 * parallelism 1 held hundreds of thousands of waiting seconds. Paused partitions bound that wait by
 * the allowed drift.
 *
 * <p>These watermarks serve only that pacing: the job's event time comes from validated events
 * ({@link EventTimeOperator}, which ignores the source's watermarks). Their time is the records'
 * own, unvalidated, so the pace must not follow a few wild clocks, or a partition would be paused
 * until the others reach a gate's wrong year: at each periodic emit it is the median of the records
 * read since the last one (at least the last {@value #MIN_SAMPLES}, at most the last {@value
 * #SAMPLES}), and it never goes back. A sparse partition (a train topic's at night) is thus paced
 * by its last few records, not held hours back by a thousand.
 */
public final class PartitionPace implements WatermarkGenerator<RawRecord> {

    /** The most records the median is taken over (a power of two: the ring's index is masked). */
    static final int SAMPLES = 1024;

    /** The fewest: enough that a few wild clocks cannot move it. */
    static final int MIN_SAMPLES = 16;

    /**
     * A partition silent this long is left out of the pacing: a share of the job's idleness, so
     * that the partitions paused for one whose records have ended resume well before event time
     * gives up on them ({@link EventTimeOperator} takes a partition silent for the idleness as
     * gone).
     */
    private static final int IDLENESS_SHARE = 4;

    /** When the job has no idleness: a partition never heard from again must not stop the rest. */
    private static final Duration DEFAULT_IDLENESS = Duration.ofSeconds(15);

    /** The sources paced together: the job's one Kafka source. */
    private static final String ALIGNMENT_GROUP = "metro-dispatch-partitions";

    /**
     * A record's time is the one sniffed from it once, at the source ({@link EventTimeSniffer}).
     */
    private static final SerializableTimestampAssigner<RawRecord> SNIFFED_TIME =
            (record, previous) -> record.sniffedEventTime;

    private final long[] recent = new long[SAMPLES];
    private final long[] sorted = new long[SAMPLES];
    private long seen;
    private long seenAtLastEmit;
    private long pace = Long.MIN_VALUE;

    /** The source's strategy without pacing (a replay, or a drift of zero): no watermarks. */
    public static WatermarkStrategy<RawRecord> unpaced() {
        return WatermarkStrategy.<RawRecord>noWatermarks().withTimestampAssigner(SNIFFED_TIME);
    }

    /**
     * The source's watermark strategy on Kafka: each partition paced by its own {@code
     * PartitionPace}, partitions more than {@code maxDrift} ahead of the slowest paused, a
     * partition silent for a quarter of the job's {@code idleness} left out (so one with nothing to
     * read holds nothing back).
     *
     * @param every how often the readers' paces are compared; the job emits the source's watermarks
     *     as often ({@code pipeline.auto-watermark-interval}), so that a partition is not read far
     *     ahead between two comparisons
     */
    public static WatermarkStrategy<RawRecord> aligned(
            Duration maxDrift, Duration every, Duration idleness) {
        return WatermarkStrategy.<RawRecord>forGenerator(context -> new PartitionPace())
                .withTimestampAssigner(SNIFFED_TIME)
                .withIdleness(
                        idleness.isZero() ? DEFAULT_IDLENESS : idleness.dividedBy(IDLENESS_SHARE))
                .withWatermarkAlignment(ALIGNMENT_GROUP, maxDrift, every);
    }

    @Override
    public void onEvent(RawRecord record, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp != EventTimeSniffer.UNKNOWN) {
            recent[(int) (seen++ & (SAMPLES - 1))] = eventTimestamp;
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (seen == seenAtLastEmit) {
            return;
        }
        int count = (int) Math.min(Math.max(seen - seenAtLastEmit, MIN_SAMPLES), SAMPLES);
        count = (int) Math.min(count, seen);
        seenAtLastEmit = seen;
        // The newest `count` records of the ring, oldest first.
        for (int i = 0; i < count; i++) {
            sorted[i] = recent[(int) ((seen - count + i) & (SAMPLES - 1))];
        }
        Arrays.sort(sorted, 0, count);
        long median = sorted[count / 2];
        if (median > pace) {
            pace = median;
            output.emitWatermark(new Watermark(pace));
        }
    }

    /** The pace so far ({@code Long.MIN_VALUE} before the first timed record). */
    long pace() {
        return pace;
    }
}
