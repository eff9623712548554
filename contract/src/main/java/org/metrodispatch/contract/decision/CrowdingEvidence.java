package org.metrodispatch.contract.decision;

import java.util.Objects;

/**
 * What the job saw on a platform when it decided: the counts of the sliding window, its estimate of
 * the passengers waiting, who was left behind, and the last train. A Flink POJO.
 */
public class CrowdingEvidence {

    /** Start of the sliding window the counts come from, epoch milliseconds. */
    public long windowStart;

    /** End of that window (exclusive), epoch milliseconds. */
    public long windowEnd;

    /** Gate entries at the station in the window. */
    public int windowEntries;

    /** Gate exits at the station in the window. */
    public int windowExits;

    /** Estimated passengers waiting on this direction's side of the platform. */
    public double waitingEstimate;

    /** Estimated passengers the last train in this direction left behind. */
    public int leftBehind;

    /** Departures in a row that left passengers behind. */
    public int consecutiveLeftBehind;

    /** Waiting area per waiting person, square metres. */
    public double densityM2PerPerson;

    /** Level of service A-F of the waiting area. */
    public String levelOfService;

    public String lastTrainId;

    /** When the last train in this direction left, epoch milliseconds; 0 when none yet. */
    public long lastDepartureTime;

    public int lastTrainLoad;

    public int lastTrainCapacity;

    /**
     * Passengers the next train is expected to leave behind (the job's forecast); -1 when none was
     * made (outside service hours, or an older job).
     */
    public int forecastLeftBehind = -1;

    /**
     * What the estimate rests on: {@link #TRAIN_REPORTS}, or {@link #GATES_ONLY} when this side's
     * train reports are silent or absent and departures are taken from the timetable.
     */
    public String basis = TRAIN_REPORTS;

    public static final String TRAIN_REPORTS = "train-reports";
    public static final String GATES_ONLY = "gates-only";

    public CrowdingEvidence() {}

    public CrowdingEvidence copy() {
        CrowdingEvidence copy = new CrowdingEvidence();
        copy.windowStart = windowStart;
        copy.windowEnd = windowEnd;
        copy.windowEntries = windowEntries;
        copy.windowExits = windowExits;
        copy.waitingEstimate = waitingEstimate;
        copy.leftBehind = leftBehind;
        copy.consecutiveLeftBehind = consecutiveLeftBehind;
        copy.densityM2PerPerson = densityM2PerPerson;
        copy.levelOfService = levelOfService;
        copy.lastTrainId = lastTrainId;
        copy.lastDepartureTime = lastDepartureTime;
        copy.lastTrainLoad = lastTrainLoad;
        copy.lastTrainCapacity = lastTrainCapacity;
        copy.forecastLeftBehind = forecastLeftBehind;
        copy.basis = basis;
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CrowdingEvidence)) {
            return false;
        }
        CrowdingEvidence that = (CrowdingEvidence) o;
        return windowStart == that.windowStart
                && windowEnd == that.windowEnd
                && windowEntries == that.windowEntries
                && windowExits == that.windowExits
                && Double.compare(waitingEstimate, that.waitingEstimate) == 0
                && leftBehind == that.leftBehind
                && consecutiveLeftBehind == that.consecutiveLeftBehind
                && Double.compare(densityM2PerPerson, that.densityM2PerPerson) == 0
                && Objects.equals(levelOfService, that.levelOfService)
                && Objects.equals(lastTrainId, that.lastTrainId)
                && lastDepartureTime == that.lastDepartureTime
                && lastTrainLoad == that.lastTrainLoad
                && lastTrainCapacity == that.lastTrainCapacity
                && forecastLeftBehind == that.forecastLeftBehind
                && Objects.equals(basis, that.basis);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                windowEnd, waitingEstimate, leftBehind, consecutiveLeftBehind, lastTrainId);
    }

    @Override
    public String toString() {
        return "Evidence{waiting="
                + Math.round(waitingEstimate)
                + ", leftBehind="
                + leftBehind
                + " x"
                + consecutiveLeftBehind
                + ", "
                + levelOfService
                + '}';
    }
}
