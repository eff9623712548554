package org.metrodispatch.dispatch;

import java.util.ArrayList;
import java.util.List;

/**
 * One gate's taps against its heartbeats' cumulative counters. Taps wait until event time has
 * passed the next heartbeat; then the interval between two heartbeats is closed: the counters say
 * how many taps the gate made, the waiting taps how many the job received. Resent taps count once.
 * Plain Java: kept in memory by the operator that reads the feeds. After a restore, accounting
 * starts again, but only with intervals that begin at or after {@code trustFrom}: taps read before
 * the restore point can lie after a heartbeat read after it (records arrive out of order), and they
 * would be missing from the first intervals.
 */
public final class GateLedger {

    /**
     * A closed interval between two heartbeats; a first heartbeat closes an empty one ({@code from
     * == to}, nothing counted), so the gate is known to be heard.
     */
    public record Interval(long from, long to, long expected, long received) {}

    /** Heartbeats not closed yet: their time and the gate's cumulative count. */
    private final TimeQueue beats = new TimeQueue();

    /** Taps not counted yet: their time and the hash of their event id. */
    private final TimeQueue taps = new TimeQueue();

    /** The hashes of the taps waiting, so a resent tap counts once. */
    private final LongSet tapKeys = new LongSet();

    private final long trustFrom;
    private long lastBeatTime = FeedObservation.UNKNOWN;
    private long lastBeatCount = -1;

    /** A ledger that compares every interval. */
    public GateLedger() {
        this(Long.MIN_VALUE);
    }

    /**
     * @param trustFrom intervals that begin before this event time are only heard, not compared:
     *     the ledger cannot know that it saw all their taps
     */
    public GateLedger(long trustFrom) {
        this.trustFrom = trustFrom;
    }

    /** A tap with its time and the hash of its event id. */
    public void tap(long time, long key) {
        if (tapKeys.add(key)) {
            taps.add(time, key);
        }
    }

    /** A heartbeat with the gate's cumulative count of taps. */
    public void beat(long time, long count) {
        beats.put(time, count);
    }

    /** Closes the intervals whose ending heartbeat is at or before {@code watermark}. */
    public List<Interval> closeUpTo(long watermark) {
        List<Interval> closed = new ArrayList<>();
        while (!beats.isEmpty() && beats.firstTime() <= watermark) {
            long to = beats.firstTime();
            long count = beats.firstValue();
            beats.removeFirst();
            long received = takeTapsUpTo(to);
            if (lastBeatCount >= 0 && count >= lastBeatCount && lastBeatTime >= trustFrom) {
                closed.add(new Interval(lastBeatTime, to, count - lastBeatCount, received));
            } else {
                // A first heartbeat (at the start, after a restore), an interval that began
                // before the ledger could see all its taps, or a counter that went back: nothing
                // to compare, but the gate is heard.
                closed.add(new Interval(to, to, 0, 0));
            }
            // A counter that went back (a restarted gate, a new day) starts a new baseline.
            lastBeatTime = to;
            lastBeatCount = count;
        }
        return closed;
    }

    private long takeTapsUpTo(long time) {
        long taken = 0;
        while (!taps.isEmpty() && taps.firstTime() <= time) {
            tapKeys.remove(taps.firstValue());
            taps.removeFirst();
            taken++;
        }
        return taken;
    }
}
