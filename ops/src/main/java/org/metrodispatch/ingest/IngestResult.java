package org.metrodispatch.ingest;

import org.metrodispatch.contract.event.FeedEvent;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * What an ingest made of its source: the events in time order, and the counts its summary and run
 * record give.
 *
 * @param events gate taps (and, from counts, gate heartbeats) in time order, ids not yet assigned
 * @param rowsRead data rows read (header lines excluded)
 * @param rowsOffNetwork rows of stations the mapping does not put on the network (skipped)
 * @param offNetworkStations the source's ids of those stations
 * @param rejects rows that could not be read, per reason: the count and the first line numbers
 * @param entries ENTRY taps written
 * @param exits EXIT taps written
 * @param heartbeats gate heartbeats written (counts: one per interval boundary)
 * @param withCard taps that carry a card id
 * @param stations network stations with at least one event
 */
public record IngestResult(
        List<FeedEvent> events,
        long rowsRead,
        long rowsOffNetwork,
        SortedSet<String> offNetworkStations,
        Map<String, RejectCount> rejects,
        long entries,
        long exits,
        long heartbeats,
        long withCard,
        int stations) {

    /** Rows rejected for one reason. */
    public record RejectCount(long count, List<String> firstLines) {}

    public long rowsRejected() {
        return rejects.values().stream().mapToLong(RejectCount::count).sum();
    }

    public long taps() {
        return entries + exits;
    }

    /** The first event's time, epoch milliseconds, or 0 without events. */
    public long firstTime() {
        return events.isEmpty() ? 0 : events.get(0).eventTime();
    }

    public long lastTime() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).eventTime();
    }
}
