package org.metrodispatch.contract.time;

import java.util.Arrays;

/**
 * Parses ISO-8601 timestamps as {@link IsoTime} does, remembering the last one: a feed's records
 * come in time order, many of them in the same second, so most timestamps are the text of the one
 * before and need no parsing. One per thread: it is not safe to share.
 */
public final class LastIsoTime {

    private byte[] text = new byte[32];
    private int length = -1;
    private long millis;

    /**
     * Parses {@code length} ASCII bytes from {@code offset}, as {@link IsoTime#parseMillis(byte[],
     * int, int)}.
     *
     * @throws IllegalArgumentException when they are not a timestamp with an offset (and then
     *     nothing is remembered)
     */
    public long parseMillis(byte[] ascii, int offset, int length) {
        if (length == this.length
                && Arrays.equals(ascii, offset, offset + length, text, 0, length)) {
            return millis;
        }
        long parsed = IsoTime.parseMillis(ascii, offset, length);
        if (text.length < length) {
            text = new byte[length];
        }
        System.arraycopy(ascii, offset, text, 0, length);
        this.length = length;
        this.millis = parsed;
        return parsed;
    }
}
