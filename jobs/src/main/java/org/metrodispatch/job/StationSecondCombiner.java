package org.metrodispatch.job;

import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * Combines each station's events per second of event time before the keyBy, so that the shuffle and
 * the keyed state see one record per station and second instead of one per tap.
 *
 * <p>A second is shipped as soon as the watermark has passed it (before the watermark is forwarded,
 * so it is never late downstream), and everything held is shipped before each checkpoint barrier,
 * so the operator needs no state: a second may then arrive in parts, which the station's keyed
 * processing merges, recognising resends by their event-id hashes.
 *
 * <p>What it holds is bounded: past {@code maxOpenStationSeconds} station-seconds, the newest open
 * second is shipped early. Reading a backlog, partitions run hours apart (train reports are far
 * fewer than taps, so their partitions are read ahead), and the seconds read ahead of the watermark
 * would otherwise all wait here; shipped, they wait in the stations' pending state, one compact
 * bucket per second, and a second that comes in parts is merged there.
 */
public final class StationSecondCombiner extends AbstractStreamOperator<StationSecond>
        implements OneInputStreamOperator<StationEvent, StationSecond> {

    private static final long serialVersionUID = 1L;

    private static final int INITIAL_STATIONS = 64;

    private final int maxOpenStationSeconds;

    /** Open seconds in order of time, each with its stations' builders by station index. */
    private transient TreeMap<Long, StationSecond.Builder[]> open;

    /** The second most events belong to, looked up once rather than per event. */
    private transient long currentSecond;

    private transient StationSecond.Builder[] current;

    /** Station-seconds held, over all open seconds. */
    private transient int openStationSeconds;

    private transient Counter duplicates;

    /**
     * @param maxOpenStationSeconds how many station-seconds it holds at most before it ships the
     *     newest open second early
     */
    public StationSecondCombiner(int maxOpenStationSeconds) {
        if (maxOpenStationSeconds < 1) {
            throw new IllegalArgumentException("maxOpenStationSeconds must be positive");
        }
        this.maxOpenStationSeconds = maxOpenStationSeconds;
    }

    @Override
    public void open() throws Exception {
        super.open();
        open = new TreeMap<>();
        current = null;
        openStationSeconds = 0;
        duplicates = JobMetrics.group(getMetricGroup()).counter("duplicates");
    }

    @Override
    public void processElement(StreamRecord<StationEvent> element) {
        StationEvent event = element.getValue();
        long second = Math.floorDiv(event.eventTime, 1000L);
        if (current == null || second != currentSecond) {
            current =
                    open.computeIfAbsent(second, s -> new StationSecond.Builder[INITIAL_STATIONS]);
            currentSecond = second;
        }
        if (event.station >= current.length) {
            current = Arrays.copyOf(current, Math.max(event.station + 1, current.length * 2));
            open.put(second, current);
        }
        StationSecond.Builder builder = current[event.station];
        if (builder == null) {
            builder = new StationSecond.Builder(event.station, second);
            current[event.station] = builder;
            openStationSeconds++;
        }
        if (!builder.add(event)) {
            duplicates.inc();
        }
        while (openStationSeconds > maxOpenStationSeconds) {
            shipSecond(open.lastEntry().getKey());
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        ship(mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        ship(Long.MAX_VALUE);
    }

    @Override
    public void finish() throws Exception {
        ship(Long.MAX_VALUE);
        super.finish();
    }

    /** Ships the seconds whose end is at or before {@code watermark}, oldest first. */
    private void ship(long watermark) {
        // A second ends at second * 1000 + 999: those up to this one are complete.
        long lastComplete =
                watermark == Long.MAX_VALUE
                        ? Long.MAX_VALUE
                        : Math.floorDiv(watermark - 999, 1000L);
        while (!open.isEmpty() && open.firstKey() <= lastComplete) {
            shipSecond(open.firstKey());
        }
    }

    /** Ships one open second: a record per station that has events in it. */
    private void shipSecond(long second) {
        StationSecond.Builder[] stations = open.remove(second);
        for (StationSecond.Builder builder : stations) {
            if (builder != null) {
                StationSecond combined = builder.build();
                output.collect(new StreamRecord<>(combined, combined.second * 1000));
                openStationSeconds--;
            }
        }
        if (stations == current) {
            current = null;
        }
    }
}
