package org.metrodispatch.job;

import org.metrodispatch.contract.time.IsoTime;
import org.metrodispatch.contract.time.LastIsoTime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds the event time of a raw record without parsing the rest of it, for the source's watermarks:
 * watermarks are made per Kafka partition, before the record is parsed downstream. The time found
 * travels with the record ({@link RawRecord}), so the parser takes it instead of reading it again.
 * A record whose time cannot be found gets {@link #UNKNOWN} and does not move the watermark; the
 * parser later turns it into a dead letter.
 */
public final class EventTimeSniffer {

    /** No event time could be read. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private static final byte[] FIELD = "\"eventTime\"".getBytes(StandardCharsets.US_ASCII);
    private static final int LONGEST_TIMESTAMP = 40;

    /**
     * How far the search may jump when the byte under the needle's last position is {@code b}
     * (Boyer-Moore-Horspool): every source record is searched, so most bytes are skipped unread.
     */
    private static final int[] SKIP = skipTable(FIELD);

    private EventTimeSniffer() {}

    /** The event time in a payload, or {@link #UNKNOWN}. */
    public static long eventTime(byte[] payload) {
        return timeAt(payload, valueAt(payload));
    }

    /**
     * Where the eventTime value is: the byte offset of its opening quote, or -1 when there is no
     * eventTime key followed by a string.
     */
    public static int valueAt(byte[] payload) {
        if (payload == null) {
            return -1;
        }
        // The key, not a string value that happens to read "eventTime": a key has a colon next.
        int p = -1;
        for (int at = indexOf(payload, FIELD, 0);
                at >= 0;
                at = indexOf(payload, FIELD, at + FIELD.length)) {
            int next = skipSpace(payload, at + FIELD.length);
            if (next < payload.length && payload[next] == ':') {
                p = next;
                break;
            }
        }
        if (p < 0) {
            return -1;
        }
        p = skipSpace(payload, p + 1);
        return p < payload.length && payload[p] == '"' ? p : -1;
    }

    /**
     * The time in the string value whose opening quote is at {@code quote} (see {@link #valueAt}),
     * or {@link #UNKNOWN} when there is none or it is not a valid time.
     */
    public static long timeAt(byte[] payload, int quote) {
        return timeAt(payload, quote, null);
    }

    /**
     * As {@link #timeAt(byte[], int)}, parsing with {@code last} (a reader's own) when it is not
     * null: most records carry the timestamp of the one before.
     */
    public static long timeAt(byte[] payload, int quote, LastIsoTime last) {
        if (quote < 0) {
            return UNKNOWN;
        }
        int start = quote + 1;
        int end = start;
        while (end < payload.length && payload[end] != '"' && end - start <= LONGEST_TIMESTAMP) {
            end++;
        }
        if (end >= payload.length || payload[end] != '"') {
            return UNKNOWN;
        }
        try {
            return last == null
                    ? IsoTime.parseMillis(payload, start, end - start)
                    : last.parseMillis(payload, start, end - start);
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    private static int skipSpace(byte[] bytes, int p) {
        while (p < bytes.length
                && (bytes[p] == ' ' || bytes[p] == '\t' || bytes[p] == '\n' || bytes[p] == '\r')) {
            p++;
        }
        return p;
    }

    private static int[] skipTable(byte[] needle) {
        int[] skip = new int[256];
        Arrays.fill(skip, needle.length);
        for (int j = 0; j < needle.length - 1; j++) {
            skip[needle[j] & 0xff] = needle.length - 1 - j;
        }
        return skip;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        int last = needle.length - 1;
        int i = from;
        while (i + last < haystack.length) {
            int j = last;
            while (haystack[i + j] == needle[j]) {
                if (j == 0) {
                    return i;
                }
                j--;
            }
            i += SKIP[haystack[i + last] & 0xff];
        }
        return -1;
    }
}
