package org.metrodispatch.dispatch;

import static org.metrodispatch.dispatch.OpenAddressing.FREE;

/**
 * A set of longs in open addressing ({@link OpenAddressing}), without a boxed {@code Long} per
 * member: it sits on the path of every gate tap. Not thread-safe.
 */
public final class LongSet {

    private static final int MIN_CAPACITY = 8;

    private long[] slots = new long[MIN_CAPACITY];
    private int size;

    /** Whether {@link OpenAddressing#FREE}, which marks empty slots, is a member. */
    private boolean hasFree;

    /** Adds a value; returns whether it was new. */
    public boolean add(long value) {
        if (value == FREE) {
            boolean added = !hasFree;
            hasFree = true;
            return added;
        }
        int at = OpenAddressing.slotFor(slots, value);
        if (slots[at] == value) {
            return false;
        }
        slots[at] = value;
        size++;
        // At most half full: probes stay short.
        if (size * 2 > slots.length) {
            resize(slots.length * 2);
        }
        return true;
    }

    /** Removes a value; returns whether it was there. */
    public boolean remove(long value) {
        if (value == FREE) {
            boolean removed = hasFree;
            hasFree = false;
            return removed;
        }
        int at = OpenAddressing.find(slots, value);
        if (at < 0) {
            return false;
        }
        OpenAddressing.removeAt(slots, null, at);
        size--;
        if (slots.length > MIN_CAPACITY && size * 8 < slots.length) {
            resize(slots.length / 2);
        }
        return true;
    }

    public boolean contains(long value) {
        return value == FREE ? hasFree : OpenAddressing.find(slots, value) >= 0;
    }

    public int size() {
        return size + (hasFree ? 1 : 0);
    }

    private void resize(int capacity) {
        long[] old = slots;
        slots = new long[capacity];
        OpenAddressing.rehash(old, null, slots, null);
    }
}
