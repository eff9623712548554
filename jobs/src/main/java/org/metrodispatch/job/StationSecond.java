package org.metrodispatch.job;

import java.util.Arrays;

/**
 * A station's events of one second of event time, combined before they are shipped to the station's
 * keyed processing: tap and heartbeat counts travel as the hashes of their event ids (so resends
 * can still be recognised downstream), train reports as they are. One record instead of dozens. A
 * Flink POJO.
 */
public class StationSecond {

    public int station;

    /** Epoch second. */
    public long second;

    public long[] entryKeys = new long[0];

    public long[] exitKeys = new long[0];

    public long[] heartbeatKeys = new long[0];

    public StationEvent[] trainEvents = new StationEvent[0];

    /** Latest wall-clock ingestion among the events, for latency measurements. */
    public long maxIngestMillis;

    public StationSecond() {}

    /** One event on its own, as the combiner would ship it. */
    public static StationSecond of(StationEvent event) {
        StationSecond combined = new StationSecond();
        combined.station = event.station;
        combined.second = Math.floorDiv(event.eventTime, 1000L);
        combined.maxIngestMillis = event.ingestMillis;
        long[] key = {event.eventKey};
        switch (event.type) {
            case ENTRY:
                combined.entryKeys = key;
                break;
            case EXIT:
                combined.exitKeys = key;
                break;
            case HEARTBEAT:
                combined.heartbeatKeys = key;
                break;
            default:
                combined.trainEvents = new StationEvent[] {event};
        }
        return combined;
    }

    /** Collects events of one station and second, dropping resends, until shipped. */
    static final class Builder {
        private final int station;
        private final long second;
        private long[] entries = new long[8];
        private int entryCount;
        private long[] exits = new long[8];
        private int exitCount;
        private long[] heartbeats = new long[4];
        private int heartbeatCount;
        private StationEvent[] trains = new StationEvent[0];
        private long maxIngestMillis;

        Builder(int station, long second) {
            this.station = station;
            this.second = second;
        }

        /** Adds an event; false when it is a resend of one already here. */
        boolean add(StationEvent event) {
            if (contains(entries, entryCount, event.eventKey)
                    || contains(exits, exitCount, event.eventKey)
                    || contains(heartbeats, heartbeatCount, event.eventKey)) {
                return false;
            }
            switch (event.type) {
                case ENTRY:
                    entries = append(entries, entryCount++, event.eventKey);
                    break;
                case EXIT:
                    exits = append(exits, exitCount++, event.eventKey);
                    break;
                case HEARTBEAT:
                    heartbeats = append(heartbeats, heartbeatCount++, event.eventKey);
                    break;
                default:
                    for (StationEvent train : trains) {
                        if (train.eventKey == event.eventKey) {
                            return false;
                        }
                    }
                    trains = Arrays.copyOf(trains, trains.length + 1);
                    trains[trains.length - 1] = PendingSecond.copy(event);
            }
            maxIngestMillis = Math.max(maxIngestMillis, event.ingestMillis);
            return true;
        }

        StationSecond build() {
            StationSecond combined = new StationSecond();
            combined.station = station;
            combined.second = second;
            combined.entryKeys = Arrays.copyOf(entries, entryCount);
            combined.exitKeys = Arrays.copyOf(exits, exitCount);
            combined.heartbeatKeys = Arrays.copyOf(heartbeats, heartbeatCount);
            combined.trainEvents = trains;
            combined.maxIngestMillis = maxIngestMillis;
            return combined;
        }

        private static boolean contains(long[] keys, int count, long key) {
            for (int i = 0; i < count; i++) {
                if (keys[i] == key) {
                    return true;
                }
            }
            return false;
        }

        private static long[] append(long[] keys, int index, long key) {
            long[] target = index == keys.length ? Arrays.copyOf(keys, keys.length * 2) : keys;
            target[index] = key;
            return target;
        }
    }
}
