package org.metrodispatch.dispatch;

/**
 * A set of longs in open addressing (linear probing, deletion by shifting back), without a boxed
 * {@code Long} per member: it sits on the path of every gate tap. Not thread-safe.
 */
public final class LongSet {

    private static final int MIN_CAPACITY = 8;

    /** Marks an empty slot; the member with this value is kept aside in {@link #hasFree}. */
    private static final long FREE = 0L;

    private long[] slots;
    private int size;
    private boolean hasFree;

    public LongSet() {
        slots = new long[MIN_CAPACITY];
    }

    /** Adds a value; returns whether it was new. */
    public boolean add(long value) {
        if (value == FREE) {
            boolean added = !hasFree;
            hasFree = true;
            return added;
        }
        int mask = slots.length - 1;
        int at = home(value, mask);
        while (slots[at] != FREE) {
            if (slots[at] == value) {
                return false;
            }
            at = (at + 1) & mask;
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
        int mask = slots.length - 1;
        int at = home(value, mask);
        while (slots[at] != value) {
            if (slots[at] == FREE) {
                return false;
            }
            at = (at + 1) & mask;
        }
        // Shift later members of the probe run back into the gap, so every member stays reachable
        // from its home slot without tombstones.
        int gap = at;
        int next = (gap + 1) & mask;
        while (slots[next] != FREE) {
            int home = home(slots[next], mask);
            if (((next - home) & mask) >= ((next - gap) & mask)) {
                slots[gap] = slots[next];
                gap = next;
            }
            next = (next + 1) & mask;
        }
        slots[gap] = FREE;
        size--;
        if (slots.length > MIN_CAPACITY && size * 8 < slots.length) {
            resize(slots.length / 2);
        }
        return true;
    }

    public boolean contains(long value) {
        if (value == FREE) {
            return hasFree;
        }
        int mask = slots.length - 1;
        for (int at = home(value, mask); slots[at] != FREE; at = (at + 1) & mask) {
            if (slots[at] == value) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return size + (hasFree ? 1 : 0);
    }

    private void resize(int capacity) {
        long[] old = slots;
        slots = new long[capacity];
        int mask = capacity - 1;
        for (long value : old) {
            if (value != FREE) {
                int at = home(value, mask);
                while (slots[at] != FREE) {
                    at = (at + 1) & mask;
                }
                slots[at] = value;
            }
        }
    }

    /** The slot a value probes from: its bits mixed, as values may be small or patterned. */
    private static int home(long value, int mask) {
        long mixed = value * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32)) & mask;
    }
}
