package org.metrodispatch.evaluation;

import org.metrodispatch.contract.truth.LevelOfService;

import java.util.ArrayList;
import java.util.List;

/** What really happened on one platform: the waiting each minute and every train's departure. */
public final class PlatformHistory {

    /** Passengers waiting at the start of a minute (epoch ms). */
    public record Minute(long time, int waiting, double densityM2PerPerson, LevelOfService los) {}

    /** A train leaving (epoch ms), and the passengers it could not take. */
    public record Departure(long time, String trainId, int boarded, int leftBehind) {}

    private final List<Minute> minutes = new ArrayList<>();
    private final List<Departure> departures = new ArrayList<>();

    public void add(Minute minute) {
        minutes.add(minute);
    }

    public void add(Departure departure) {
        departures.add(departure);
    }

    /** In order of time. */
    public List<Minute> minutes() {
        return minutes;
    }

    /** In order of time. */
    public List<Departure> departures() {
        return departures;
    }

    void sort() {
        minutes.sort((a, b) -> Long.compare(a.time(), b.time()));
        departures.sort((a, b) -> Long.compare(a.time(), b.time()));
    }
}
