package org.metrodispatch.job;

import java.util.Arrays;
import java.util.Objects;

/**
 * A station's events of one second of event time, combined before they are shipped to the station's
 * keyed processing: taps and heartbeats travel as parallel arrays (kind, event-id hash, content
 * hash, and where each came from, so that resends are recognised and a reused id or a late record
 * can still be reported downstream), train reports as they are. One record instead of dozens. A
 * Flink POJO.
 */
public class StationSecond {

    /** {@link #tapTypes} of a gate entry. */
    public static final byte ENTRY = 0;

    /** {@link #tapTypes} of a gate exit. */
    public static final byte EXIT = 1;

    /** {@link #tapTypes} of a gate heartbeat. */
    public static final byte HEARTBEAT = 2;

    // Empty arrays cannot change: one of each serves every instance (Flink makes one per record).
    private static final byte[] NO_TYPES = new byte[0];
    private static final long[] NO_LONGS = new long[0];
    private static final int[] NO_INTS = new int[0];
    private static final String[] NO_SOURCES = new String[0];
    private static final StationEvent[] NO_TRAINS = new StationEvent[0];

    public int station;

    /** Epoch second. */
    public long second;

    /** Per tap or heartbeat: {@link #ENTRY}, {@link #EXIT} or {@link #HEARTBEAT}. */
    public byte[] tapTypes = NO_TYPES;

    /** Per tap or heartbeat: the hash of its event id ({@link StationEvent#eventKey}). */
    public long[] tapKeys = NO_LONGS;

    /** Per tap or heartbeat: the hash of its content ({@link StationEvent#contentKey}). */
    public long[] tapContents = NO_LONGS;

    /** Per tap or heartbeat: its position in its source. */
    public long[] tapOrders = NO_LONGS;

    /** Per tap or heartbeat: its source, as an index into {@link #sources}. */
    public int[] tapSources = NO_INTS;

    /** The sources of the taps, each once. */
    public String[] sources = NO_SOURCES;

    public StationEvent[] trainEvents = NO_TRAINS;

    /** Latest wall-clock ingestion among the events, for latency measurements. */
    public long maxIngestMillis;

    public StationSecond() {}

    /** One event on its own, as the combiner would ship it. */
    public static StationSecond of(StationEvent event) {
        Builder builder = new Builder(event.station, Math.floorDiv(event.eventTime, 1000L));
        builder.add(event);
        return builder.build();
    }

    /** The number of taps and heartbeats of one kind. */
    public int count(byte type) {
        int n = 0;
        for (byte t : tapTypes) {
            if (t == type) {
                n++;
            }
        }
        return n;
    }

    /** The source and position of tap {@code i}, as rejected records name it. */
    public String tapOrigin(int i) {
        return sources[tapSources[i]] + ":" + tapOrders[i];
    }

    /** Collects events of one station and second, dropping resends, until shipped. */
    static final class Builder {
        private final int station;
        private final long second;
        // Sized to what comes: most station-seconds hold one or two events, and a backlog read
        // ahead of the watermark can leave hundreds of thousands of them open at once.
        private byte[] types = NO_TYPES;
        private long[] keys = NO_LONGS;
        private long[] contents = NO_LONGS;
        private long[] orders = NO_LONGS;
        private int[] sourceIndex = NO_INTS;
        private int count;
        private String[] sources = NO_SOURCES;
        private StationEvent[] trains = NO_TRAINS;
        private long maxIngestMillis;

        Builder(int station, long second) {
            this.station = station;
            this.second = second;
        }

        /**
         * Adds an event; false when it is a resend (same id, same content) of one already here. An
         * event that reuses an id with other content is kept: the station's processing reports it.
         */
        boolean add(StationEvent event) {
            byte type;
            switch (event.type) {
                case ENTRY:
                    type = ENTRY;
                    break;
                case EXIT:
                    type = EXIT;
                    break;
                case HEARTBEAT:
                    type = HEARTBEAT;
                    break;
                default:
                    for (StationEvent train : trains) {
                        if (train.eventKey == event.eventKey
                                && train.contentKey == event.contentKey) {
                            return false;
                        }
                    }
                    trains = Arrays.copyOf(trains, trains.length + 1);
                    trains[trains.length - 1] = PendingSecond.copy(event);
                    maxIngestMillis = Math.max(maxIngestMillis, event.ingestMillis);
                    return true;
            }
            for (int i = 0; i < count; i++) {
                if (keys[i] == event.eventKey && contents[i] == event.contentKey) {
                    return false;
                }
            }
            if (count == keys.length) {
                int size = Math.max(2, count * 2);
                types = Arrays.copyOf(types, size);
                keys = Arrays.copyOf(keys, size);
                contents = Arrays.copyOf(contents, size);
                orders = Arrays.copyOf(orders, size);
                sourceIndex = Arrays.copyOf(sourceIndex, size);
            }
            types[count] = type;
            keys[count] = event.eventKey;
            contents[count] = event.contentKey;
            orders[count] = event.sourceOrder;
            sourceIndex[count] = sourceIndex(event.source);
            count++;
            maxIngestMillis = Math.max(maxIngestMillis, event.ingestMillis);
            return true;
        }

        private int sourceIndex(String source) {
            // Nearly always the first: a station's taps come from one file or partition.
            for (int i = 0; i < sources.length; i++) {
                if (Objects.equals(sources[i], source)) {
                    return i;
                }
            }
            sources = Arrays.copyOf(sources, sources.length + 1);
            sources[sources.length - 1] = source;
            return sources.length - 1;
        }

        StationSecond build() {
            StationSecond combined = new StationSecond();
            combined.station = station;
            combined.second = second;
            // The builder is done with: its arrays go as they are when they are full.
            combined.tapTypes = count == types.length ? types : Arrays.copyOf(types, count);
            combined.tapKeys = count == keys.length ? keys : Arrays.copyOf(keys, count);
            combined.tapContents =
                    count == contents.length ? contents : Arrays.copyOf(contents, count);
            combined.tapOrders = count == orders.length ? orders : Arrays.copyOf(orders, count);
            combined.tapSources =
                    count == sourceIndex.length ? sourceIndex : Arrays.copyOf(sourceIndex, count);
            combined.sources = sources;
            combined.trainEvents = trains;
            combined.maxIngestMillis = maxIngestMillis;
            return combined;
        }
    }
}
