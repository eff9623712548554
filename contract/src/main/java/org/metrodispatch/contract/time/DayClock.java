package org.metrodispatch.contract.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * Converts between instants and the local times of day that timetables and profiles are written in,
 * correctly across daylight-saving changes: 07:00 is 07:00 on the wall clock, whatever the offset.
 */
public final class DayClock {

    private static final int DAY_SECONDS = 86_400;

    private final LocalDate date;
    private final ZoneId zone;
    private final ZoneRules rules;

    public DayClock(LocalDate date, ZoneId zone) {
        this.date = date;
        this.zone = zone;
        this.rules = zone.getRules();
    }

    /**
     * The epoch second of a local time of day on this clock's date (24:00 is the next midnight).
     */
    public long epochSecond(int secondOfDay) {
        LocalDateTime local = date.atStartOfDay().plusSeconds(secondOfDay);
        return local.atZone(zone).toEpochSecond();
    }

    /** The local time of day of an instant, seconds since local midnight (0 to 86,399). */
    public int secondOfDay(long epochSecond) {
        return secondOfDay(epochSecond, rules);
    }

    /** The local time of day of an instant in a zone, seconds since local midnight. */
    public static int secondOfDay(long epochSecond, ZoneRules rules) {
        int offset = rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        return (int) Math.floorMod(epochSecond + offset, (long) DAY_SECONDS);
    }

    public LocalDate date() {
        return date;
    }

    public ZoneId zone() {
        return zone;
    }
}
