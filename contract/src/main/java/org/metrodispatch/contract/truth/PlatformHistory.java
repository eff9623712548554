package org.metrodispatch.contract.truth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What really happened on one platform, by the ground truth: the waiting at the start of each
 * minute and every train's departure, each in order of time.
 */
public final class PlatformHistory {

    /** Passengers waiting at the start of a minute (epoch ms). */
    public record Minute(long time, int waiting, double densityM2PerPerson, LevelOfService los) {}

    /** A train leaving (epoch ms): who got off, who got on, whom it could not take, its load. */
    public record Departure(
            long time,
            String trainId,
            int alighted,
            int boarded,
            int leftBehind,
            int load,
            int capacity) {}

    private final List<Minute> minutes;
    private final List<Departure> departures;

    /** A platform the ground truth says nothing about. */
    public PlatformHistory() {
        this(List.of(), List.of());
    }

    /** A history of the given minutes and departures, in any order. */
    public PlatformHistory(List<Minute> minutes, List<Departure> departures) {
        List<Minute> sortedMinutes = new ArrayList<>(minutes);
        sortedMinutes.sort(Comparator.comparingLong(Minute::time));
        List<Departure> sortedDepartures = new ArrayList<>(departures);
        sortedDepartures.sort(Comparator.comparingLong(Departure::time));
        this.minutes = List.copyOf(sortedMinutes);
        this.departures = List.copyOf(sortedDepartures);
    }

    /** Every minute, in order of time. */
    public List<Minute> minutes() {
        return minutes;
    }

    /** Every departure, in order of time. */
    public List<Departure> departures() {
        return departures;
    }

    /** True when the ground truth has neither a minute nor a departure of this platform. */
    public boolean isEmpty() {
        return minutes.isEmpty() && departures.isEmpty();
    }

    /** The minutes from {@code from} to {@code to}, both included. */
    public List<Minute> minutesBetween(long from, long to) {
        List<Minute> list = new ArrayList<>();
        for (Minute m : minutes) {
            if (m.time() >= from && m.time() <= to) {
                list.add(m);
            }
        }
        return list;
    }

    /** The departures from {@code from} to {@code to}, both included. */
    public List<Departure> departuresBetween(long from, long to) {
        List<Departure> list = new ArrayList<>();
        for (Departure d : departures) {
            if (d.time() >= from && d.time() <= to) {
                list.add(d);
            }
        }
        return list;
    }
}
