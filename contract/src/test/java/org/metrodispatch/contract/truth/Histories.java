package org.metrodispatch.contract.truth;

import java.util.ArrayList;
import java.util.List;

/** Hand-made platform histories for the tests: minutes and departures at given minutes. */
public final class Histories {

    public static final long T0 = 1_772_582_400_000L; // 2026-03-04 08:00 in Chengdu

    private Histories() {}

    public static long minute(double m) {
        return T0 + Math.round(m * 60_000);
    }

    /** Departures at minutes 0, 3, 6, ... leaving the given numbers behind. */
    public static PlatformHistory departures(int... leftBehind) {
        return new PlatformHistory(List.of(), departureList(leftBehind));
    }

    /** Minute counts from minute 0 on, at the given levels, with the given waiting. */
    public static PlatformHistory levels(String levels, int waiting) {
        return new PlatformHistory(minuteList(levels, waiting), List.of());
    }

    /** The departures of one history and the minutes of another together. */
    public static PlatformHistory both(PlatformHistory departures, PlatformHistory levels) {
        return new PlatformHistory(levels.minutes(), departures.departures());
    }

    public static List<PlatformHistory.Departure> departureList(int... leftBehind) {
        List<PlatformHistory.Departure> list = new ArrayList<>();
        for (int i = 0; i < leftBehind.length; i++) {
            list.add(
                    new PlatformHistory.Departure(
                            minute(3 * i), "T" + i, 10, 100, leftBehind[i], 1_880, 1_880));
        }
        return list;
    }

    public static List<PlatformHistory.Minute> minuteList(String levels, int waiting) {
        List<PlatformHistory.Minute> list = new ArrayList<>();
        for (int i = 0; i < levels.length(); i++) {
            LevelOfService los = LevelOfService.parse(String.valueOf(levels.charAt(i)));
            list.add(
                    new PlatformHistory.Minute(
                            minute(i), waiting, los.minimumM2PerPerson() + 0.01, los));
        }
        return list;
    }
}
