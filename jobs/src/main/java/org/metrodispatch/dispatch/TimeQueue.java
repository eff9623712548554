package org.metrodispatch.dispatch;

import java.util.Arrays;

/**
 * Pairs of an event time and a value, kept in order of time in primitive arrays: added near the end
 * (a feed's records come nearly in order, so a pair finds its place a step or two back from the
 * end), taken from the front. A backlog read ahead of the other partitions can leave many waiting;
 * taking the due ones never looks past them. Not thread-safe.
 */
final class TimeQueue {

    private static final int INITIAL_CAPACITY = 16;

    private long[] times = new long[INITIAL_CAPACITY];
    private long[] values = new long[INITIAL_CAPACITY];

    /** The pairs waiting are at {@code [first, end)}. */
    private int first;

    private int end;

    /** Adds a pair after those with the same time or earlier. */
    void add(long time, long value) {
        insert(time, value, false);
    }

    /** Sets the value at a time: replaces the pair with the same time, or adds one. */
    void put(long time, long value) {
        insert(time, value, true);
    }

    boolean isEmpty() {
        return first == end;
    }

    int size() {
        return end - first;
    }

    /** The earliest time waiting; only when not {@link #isEmpty()}. */
    long firstTime() {
        return times[first];
    }

    /** The value of the earliest pair; only when not {@link #isEmpty()}. */
    long firstValue() {
        return values[first];
    }

    /** Takes the earliest pair away; only when not {@link #isEmpty()}. */
    void removeFirst() {
        first++;
        if (first == end) {
            first = 0;
            end = 0;
        }
    }

    private void insert(long time, long value, boolean replace) {
        int at = end;
        while (at > first && times[at - 1] > time) {
            at--;
        }
        if (replace && at > first && times[at - 1] == time) {
            values[at - 1] = value;
            return;
        }
        if (end == times.length) {
            at -= first;
            makeRoom();
        }
        System.arraycopy(times, at, times, at + 1, end - at);
        System.arraycopy(values, at, values, at + 1, end - at);
        times[at] = time;
        values[at] = value;
        end++;
    }

    /**
     * Moves the waiting pairs to the front, and doubles the arrays when they are over half full.
     */
    private void makeRoom() {
        int waiting = end - first;
        if (waiting > times.length / 2) {
            times = Arrays.copyOf(times, times.length * 2);
            values = Arrays.copyOf(values, values.length * 2);
        }
        System.arraycopy(times, first, times, 0, waiting);
        System.arraycopy(values, first, values, 0, waiting);
        first = 0;
        end = waiting;
    }
}
