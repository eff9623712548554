package org.metrodispatch.ops.review;

import org.metrodispatch.contract.time.TimeFormatter;

import java.time.ZoneOffset;

/** Times as a dispatcher reads them: local HH:MM:SS, durations in minutes. */
final class Times {

    private Times() {}

    /** Local time of day, seconds since midnight, of an instant at an offset. */
    static int secondOfDay(long epochMillis, ZoneOffset offset) {
        long local = Math.floorDiv(epochMillis, 1000L) + offset.getTotalSeconds();
        return (int) Math.floorMod(local, 86_400L);
    }

    /** {@code 08:05:30}; {@code -} for no time (0). */
    static String hhmmss(long epochMillis, ZoneOffset offset) {
        if (epochMillis == 0) {
            return "-";
        }
        int s = secondOfDay(epochMillis, offset);
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** The ISO-8601 form the job writes, {@code 2026-03-04T08:05:30+08:00}; empty for 0. */
    static String iso(long epochMillis, ZoneOffset offset) {
        return epochMillis == 0 ? "" : new TimeFormatter(offset).format(epochMillis);
    }

    /** A duration for people: {@code 45 s}, {@code 12 min}, {@code 1 h 05 min}. */
    static String duration(long millis) {
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = Math.round(seconds / 60.0);
        if (minutes < 60) {
            return minutes + " min";
        }
        return String.format("%d h %02d min", minutes / 60, minutes % 60);
    }

    /** A signed difference for comparisons: {@code 2 min 30 s later}, {@code 40 s earlier}. */
    static String difference(long millis) {
        long seconds = Math.abs(Math.round(millis / 1000.0));
        String amount;
        if (seconds < 60) {
            amount = seconds + " s";
        } else if (seconds % 60 == 0) {
            amount = seconds / 60 + " min";
        } else {
            amount = seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds == 0) {
            return "at the same second";
        }
        return amount + (millis > 0 ? " later" : " earlier");
    }
}
