package org.metrodispatch.dispatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

    private static final int INITIAL_TAPS = 16;

    private final TreeMap<Long, Long> beats = new TreeMap<>();

    /**
     * Taps not counted yet, in order of time, at {@code [first, end)}: a backlog read from a
     * partition ahead of the others leaves many waiting, and each heartbeat takes only those up to
     * its time from the front. A gate's taps come nearly in order, so one is put in its place by
     * looking back from the end a step or two.
     */
    private long[] tapTimes = new long[INITIAL_TAPS];

    private long[] tapHashes = new long[INITIAL_TAPS];
    private int first;
    private int end;

    private final Set<Long> tapKeys = new HashSet<>();
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
            insertTap(time, key);
        }
    }

    /** A heartbeat with the gate's cumulative count of taps. */
    public void beat(long time, long count) {
        beats.put(time, count);
    }

    /** Closes the intervals whose ending heartbeat is at or before {@code watermark}. */
    public List<Interval> closeUpTo(long watermark) {
        List<Interval> closed = new ArrayList<>();
        Iterator<Map.Entry<Long, Long>> due = beats.headMap(watermark, true).entrySet().iterator();
        while (due.hasNext()) {
            Map.Entry<Long, Long> beat = due.next();
            long to = beat.getKey();
            long count = beat.getValue();
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
            due.remove();
        }
        return closed;
    }

    private void insertTap(long time, long key) {
        if (end == tapTimes.length) {
            int waiting = end - first;
            if (waiting > tapTimes.length / 2) {
                tapTimes = Arrays.copyOf(tapTimes, tapTimes.length * 2);
                tapHashes = Arrays.copyOf(tapHashes, tapHashes.length * 2);
            }
            System.arraycopy(tapTimes, first, tapTimes, 0, waiting);
            System.arraycopy(tapHashes, first, tapHashes, 0, waiting);
            first = 0;
            end = waiting;
        }
        int at = end;
        while (at > first && tapTimes[at - 1] > time) {
            tapTimes[at] = tapTimes[at - 1];
            tapHashes[at] = tapHashes[at - 1];
            at--;
        }
        tapTimes[at] = time;
        tapHashes[at] = key;
        end++;
    }

    private long takeTapsUpTo(long time) {
        int from = first;
        while (first < end && tapTimes[first] <= time) {
            tapKeys.remove(tapHashes[first]);
            first++;
        }
        int taken = first - from;
        if (first == end) {
            first = 0;
            end = 0;
        }
        return taken;
    }
}
