package org.metrodispatch.job;

import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.HashMap;
import java.util.SortedSet;
import java.util.TreeSet;

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

    /** Stations are far fewer than this: one long keys a station's second. */
    private static final long STATIONS = 65_536;

    /** Open seconds by {@code second * STATIONS + station}. */
    private transient HashMap<Long, StationSecond.Builder> open;

    /** The same keys in order of time, for shipping. */
    private transient TreeSet<Long> order;

    private transient Counter duplicates;

    @Override
    public void open() throws Exception {
        super.open();
        open = new HashMap<>();
        order = new TreeSet<>();
        duplicates = getMetricGroup().counter("duplicates");
    }

    @Override
    public void processElement(StreamRecord<StationEvent> element) {
        StationEvent event = element.getValue();
        long second = Math.floorDiv(event.eventTime, 1000L);
        long key = second * STATIONS + event.station;
        StationSecond.Builder builder = open.get(key);
        if (builder == null) {
            builder = new StationSecond.Builder(event.station, second);
            open.put(key, builder);
            order.add(key);
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
                        ? Long.MAX_VALUE / STATIONS - 1
                        : Math.floorDiv(watermark - 999, 1000L);
        SortedSet<Long> due = order.headSet((lastComplete + 1) * STATIONS);
        for (Long key : due) {
            StationSecond combined = open.remove(key).build();
            output.collect(new StreamRecord<>(combined, combined.second * 1000));
        }
        due.clear();
    }
}
