package org.metrodispatch.job;

import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Combines each station's events per second of event time before the keyBy, so that the shuffle and
 * the keyed state see one record per station and second instead of one per tap.
 *
 * <p>A second is shipped as soon as the watermark has passed it (before the watermark is forwarded,
 * so it is never late downstream), and everything held is shipped before each checkpoint barrier,
 * so the operator needs no state: a second may then arrive in parts, which the station's keyed
 * processing merges, recognising resends by their event-id hashes.
 */
public final class StationSecondCombiner extends AbstractStreamOperator<StationSecond>
        implements OneInputStreamOperator<StationEvent, StationSecond> {

    private static final long serialVersionUID = 1L;

    private static final int INITIAL_STATIONS = 64;

    /** Open seconds in order of time, each with its stations' builders by station index. */
    private transient TreeMap<Long, StationSecond.Builder[]> open;

    /** The second most events belong to, looked up once rather than per event. */
    private transient long currentSecond;

    private transient StationSecond.Builder[] current;

    private transient Counter duplicates;

    @Override
    public void open() throws Exception {
        super.open();
        open = new TreeMap<>();
        current = null;
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
        }
        if (!builder.add(event)) {
            duplicates.inc();
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
        Iterator<Map.Entry<Long, StationSecond.Builder[]>> due =
                open.headMap(lastComplete, true).entrySet().iterator();
        while (due.hasNext()) {
            Map.Entry<Long, StationSecond.Builder[]> second = due.next();
            for (StationSecond.Builder builder : second.getValue()) {
                if (builder != null) {
                    StationSecond combined = builder.build();
                    output.collect(new StreamRecord<>(combined, combined.second * 1000));
                }
            }
            if (second.getValue() == current) {
                current = null;
            }
            due.remove();
        }
    }
}
