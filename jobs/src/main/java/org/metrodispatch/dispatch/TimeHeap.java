package org.metrodispatch.dispatch;

import java.util.Arrays;

/**
 * Pairs of an event time and a small id, the earliest time first, in primitive arrays (a binary
 * heap): for what falls due as event time moves, such as the gates' heartbeats, which come from
 * several partitions read apart in time, so neither end of a queue is the place to add them. No
 * object per pair. Among pairs of one time, which comes first is not defined. Not thread-safe.
 */
public final class TimeHeap {

    private static final int INITIAL_CAPACITY = 16;

    private long[] times = new long[INITIAL_CAPACITY];
    private int[] ids = new int[INITIAL_CAPACITY];
    private int size;

    public void add(long time, int id) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            ids = Arrays.copyOf(ids, size * 2);
        }
        int at = size++;
        // Up from the bottom while the parent is later.
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (times[parent] <= time) {
                break;
            }
            times[at] = times[parent];
            ids[at] = ids[parent];
            at = parent;
        }
        times[at] = time;
        ids[at] = id;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    /** The earliest time; only when not {@link #isEmpty()}. */
    public long firstTime() {
        return times[0];
    }

    /** The id of the earliest pair; only when not {@link #isEmpty()}. */
    public int firstId() {
        return ids[0];
    }

    /** Takes the earliest pair away; only when not {@link #isEmpty()}. */
    public void removeFirst() {
        size--;
        if (size == 0) {
            return;
        }
        long time = times[size];
        int id = ids[size];
        int at = 0;
        // Down from the top while a child is earlier.
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && times[child + 1] < times[child]) {
                child++;
            }
            if (times[child] >= time) {
                break;
            }
            times[at] = times[child];
            ids[at] = ids[child];
            at = child;
        }
        times[at] = time;
        ids[at] = id;
    }
}
