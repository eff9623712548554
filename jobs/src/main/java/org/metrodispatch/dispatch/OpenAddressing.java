package org.metrodispatch.dispatch;

/**
 * Hash tables of long keys in plain arrays: linear probing from a key's home slot, deletion by
 * shifting the rest of the probe run back (no tombstones), capacity a power of two, 0 marking a
 * free slot (a table keeps the key 0 aside itself). Optional values sit in a parallel array. For
 * structures on the path of every record, where a boxed {@code Long} per key costs more than the
 * work around it.
 */
public final class OpenAddressing {

    /** A free slot. */
    public static final long FREE = 0L;

    private OpenAddressing() {}

    /** The slot of {@code key}, or -1; {@code key} is not {@link #FREE}. */
    public static int find(long[] keys, long key) {
        int mask = keys.length - 1;
        for (int at = home(key, mask); keys[at] != FREE; at = (at + 1) & mask) {
            if (keys[at] == key) {
                return at;
            }
        }
        return -1;
    }

    /**
     * The slot of {@code key} if it is there, else the free slot it would take; the table must have
     * a free slot.
     */
    public static int slotFor(long[] keys, long key) {
        int mask = keys.length - 1;
        int at = home(key, mask);
        while (keys[at] != FREE && keys[at] != key) {
            at = (at + 1) & mask;
        }
        return at;
    }

    /** Empties a slot, moving later keys (and values, when given) of its probe run back. */
    public static void removeAt(long[] keys, long[] values, int slot) {
        int mask = keys.length - 1;
        int gap = slot;
        int next = (gap + 1) & mask;
        while (keys[next] != FREE) {
            int home = home(keys[next], mask);
            // Moved back only if the gap lies on its way from its home slot.
            if (((next - home) & mask) >= ((next - gap) & mask)) {
                keys[gap] = keys[next];
                if (values != null) {
                    values[gap] = values[next];
                }
                gap = next;
            }
            next = (next + 1) & mask;
        }
        keys[gap] = FREE;
    }

    /** Puts every key (and value, when given) of one table into another, empty one. */
    public static void rehash(long[] fromKeys, long[] fromValues, long[] toKeys, long[] toValues) {
        for (int i = 0; i < fromKeys.length; i++) {
            if (fromKeys[i] != FREE) {
                int at = slotFor(toKeys, fromKeys[i]);
                toKeys[at] = fromKeys[i];
                if (toValues != null) {
                    toValues[at] = fromValues[i];
                }
            }
        }
    }

    /** A key's home slot: its bits mixed, as keys may be small or patterned. */
    private static int home(long key, int mask) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32)) & mask;
    }
}
