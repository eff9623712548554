package org.metrodispatch.evaluation;

import org.metrodispatch.contract.truth.LevelOfService;

/** Hand-made platform histories for the tests: minutes and departures at given minutes. */
final class Histories {

    static final long T0 = 1_772_582_400_000L; // 2026-03-04 08:00 in Chengdu

    private Histories() {}

    static long minute(double m) {
        return T0 + Math.round(m * 60_000);
    }

    /** Departures at minutes 0, 3, 6, ... leaving the given numbers behind. */
    static PlatformHistory departures(int... leftBehind) {
        PlatformHistory history = new PlatformHistory();
        for (int i = 0; i < leftBehind.length; i++) {
            history.add(new PlatformHistory.Departure(minute(3 * i), "T" + i, 100, leftBehind[i]));
        }
        return history;
    }

    /** Minute counts from minute 0 on, at the given levels, with the given waiting. */
    static PlatformHistory levels(String levels, int waiting) {
        PlatformHistory history = new PlatformHistory();
        for (int i = 0; i < levels.length(); i++) {
            LevelOfService los = LevelOfService.parse(String.valueOf(levels.charAt(i)));
            history.add(
                    new PlatformHistory.Minute(
                            minute(i), waiting, los.minimumM2PerPerson() + 0.01, los));
        }
        return history;
    }
}
