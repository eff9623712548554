package org.metrodispatch.contract.time;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * Formats epoch milliseconds as ISO-8601 local time with the UTC offset of a network's time zone,
 * for example {@code 2026-03-04T08:12:03.417+08:00}; the fraction is left out when it is zero.
 *
 * <p>Writes into a caller's buffer without allocating, so the simulator can stamp a million events
 * a second. The zone's offset is looked up once per 15 minutes of event time. Most time-zone
 * transitions fall on quarter hours, but not all (Newfoundland changed its clocks at 00:01 until
 * 2011), so a quarter hour whose two ends have different offsets is not cached. Not thread-safe.
 */
public final class TimeFormatter {

    private static final long OFFSET_CACHE_SLOT_MILLIS = 15 * 60_000L;

    private final ZoneId zone;
    private final ZoneRules rules;
    private long cachedSlot = Long.MIN_VALUE;
    private int cachedOffsetSeconds;
    private long cachedDay = Long.MIN_VALUE;
    private final byte[] cachedDate = new byte[10];

    public TimeFormatter(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
    }

    public ZoneId zone() {
        return zone;
    }

    /** The zone's UTC offset at an instant, in seconds. */
    public int offsetSeconds(long epochMillis) {
        long slot = Math.floorDiv(epochMillis, OFFSET_CACHE_SLOT_MILLIS);
        if (slot != cachedSlot) {
            long slotStart = slot * OFFSET_CACHE_SLOT_MILLIS;
            int atStart = offsetAt(slotStart);
            if (atStart != offsetAt(slotStart + OFFSET_CACHE_SLOT_MILLIS - 1)) {
                // The offset changes within this quarter hour: look it up every time.
                cachedSlot = Long.MIN_VALUE;
                return offsetAt(epochMillis);
            }
            cachedOffsetSeconds = atStart;
            cachedSlot = slot;
        }
        return cachedOffsetSeconds;
    }

    private int offsetAt(long epochMillis) {
        return rules.getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
    }

    /** Returns the timestamp as a new string. */
    public String format(long epochMillis) {
        StringBuilder out = new StringBuilder(29);
        appendTo(out, epochMillis);
        return out.toString();
    }

    /** Appends the timestamp to a string builder. */
    public void appendTo(StringBuilder out, long epochMillis) {
        byte[] scratch = new byte[32];
        int length = write(scratch, 0, epochMillis);
        for (int i = 0; i < length; i++) {
            out.append((char) scratch[i]);
        }
    }

    /**
     * Writes the timestamp as ASCII into {@code buffer} at {@code position}, which must have room
     * for 29 bytes, and returns the number of bytes written.
     */
    public int write(byte[] buffer, int position, long epochMillis) {
        int offset = offsetSeconds(epochMillis);
        long localMillis = epochMillis + offset * 1000L;
        long days = Math.floorDiv(localMillis, 86_400_000L);
        int millisOfDay = (int) (localMillis - days * 86_400_000L);
        if (days != cachedDay) {
            writeDate(days);
        }
        int p = position;
        System.arraycopy(cachedDate, 0, buffer, p, cachedDate.length);
        p += cachedDate.length;
        buffer[p++] = 'T';
        p = digits(buffer, p, millisOfDay / 3_600_000, 2);
        buffer[p++] = ':';
        p = digits(buffer, p, (millisOfDay / 60_000) % 60, 2);
        buffer[p++] = ':';
        p = digits(buffer, p, (millisOfDay / 1000) % 60, 2);
        int millis = millisOfDay % 1000;
        if (millis != 0) {
            buffer[p++] = '.';
            p = digits(buffer, p, millis, 3);
        }
        if (offset == 0) {
            buffer[p++] = 'Z';
        } else {
            buffer[p++] = (byte) (offset < 0 ? '-' : '+');
            int absolute = Math.abs(offset);
            p = digits(buffer, p, absolute / 3600, 2);
            buffer[p++] = ':';
            p = digits(buffer, p, (absolute / 60) % 60, 2);
        }
        return p - position;
    }

    /** Caches {@code YYYY-MM-DD} of a day since the epoch (H. Hinnant's civil-from-days). */
    private void writeDate(long days) {
        long z = days + 719468;
        long era = (z >= 0 ? z : z - 146096) / 146097;
        long dayOfEra = z - era * 146097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        int p = digits(cachedDate, 0, year, 4);
        cachedDate[p++] = '-';
        p = digits(cachedDate, p, month, 2);
        cachedDate[p++] = '-';
        digits(cachedDate, p, day, 2);
        cachedDay = days;
    }

    private static int digits(byte[] buffer, int position, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            buffer[position + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return position + width;
    }
}
