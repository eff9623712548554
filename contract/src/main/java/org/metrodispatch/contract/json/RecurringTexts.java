package org.metrodispatch.contract.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One String for each text that recurs from record to record (a kind, a station, a gate, a line),
 * found from its bytes: a record's ids then cost no new String, and the maps that look them up
 * downstream find their hash already computed. Bounded: once full, new texts are made as they come
 * and not kept, so a feed of ever new ids cannot make it grow. Not thread-safe.
 */
final class RecurringTexts {

    private final String[] texts;
    private final byte[][] keys;
    private final int[] hashes;
    private final int mask;
    private final int maxProbes;

    /**
     * @param slots how many texts it can hold, a power of two
     * @param maxProbes how many slots a text may be looked for in before it is made afresh
     */
    RecurringTexts(int slots, int maxProbes) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.texts = new String[slots];
        this.keys = new byte[slots][];
        this.hashes = new int[slots];
        this.mask = slots - 1;
        this.maxProbes = maxProbes;
    }

    /** The text of {@code length} ISO-8859-1 bytes from {@code start}. */
    String text(byte[] bytes, int start, int length) {
        int hash = 0;
        for (int i = start; i < start + length; i++) {
            hash = 31 * hash + (bytes[i] & 0xff);
        }
        // Spread the low bits (ids often differ only in their last characters).
        int slot = (hash ^ (hash >>> 16)) & mask;
        for (int probe = 0; probe < maxProbes; probe++, slot = (slot + 1) & mask) {
            byte[] key = keys[slot];
            if (key == null) {
                byte[] kept = Arrays.copyOfRange(bytes, start, start + length);
                String text = new String(kept, StandardCharsets.ISO_8859_1);
                keys[slot] = kept;
                hashes[slot] = hash;
                texts[slot] = text;
                return text;
            }
            if (hashes[slot] == hash
                    && key.length == length
                    && Arrays.equals(key, 0, length, bytes, start, start + length)) {
                return texts[slot];
            }
        }
        return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }
}
