package org.metrodispatch.evaluation;

import org.metrodispatch.contract.truth.GroundTruth;
import org.metrodispatch.contract.truth.LevelOfService;
import org.metrodispatch.contract.truth.Platform;
import org.metrodispatch.contract.truth.PlatformHistory;

import java.util.Map;
import java.util.TreeMap;

/**
 * How crowded a station (both directions) or the whole line was over a run, by the ground truth.
 *
 * @param peakLeftBehind the most passengers a single train left behind
 * @param totalLeftBehind passengers left behind, summed over departures (someone left behind by two
 *     trains counts twice)
 * @param waitingPassengerMinutes the waiting counted at the start of each minute, summed: each
 *     count stands for one minute
 * @param worstDensityM2PerPerson the least area per waiting person seen on a platform
 * @param minutesAtOrWorse platform-minutes at the crowded level of service or worse
 */
public record CrowdingMeasures(
        int peakLeftBehind,
        long totalLeftBehind,
        long waitingPassengerMinutes,
        double worstDensityM2PerPerson,
        long minutesAtOrWorse) {

    static final CrowdingMeasures NONE = new CrowdingMeasures(0, 0, 0, Double.POSITIVE_INFINITY, 0);

    /** The measures of one platform within {@code [from, to)}. */
    static CrowdingMeasures of(
            PlatformHistory history, long from, long to, LevelOfService crowded) {
        int peak = 0;
        long total = 0;
        for (PlatformHistory.Departure departure : history.departures()) {
            if (departure.time() >= from && departure.time() < to) {
                peak = Math.max(peak, departure.leftBehind());
                total += departure.leftBehind();
            }
        }
        long waiting = 0;
        double worst = Double.POSITIVE_INFINITY;
        long atOrWorse = 0;
        for (PlatformHistory.Minute minute : history.minutes()) {
            if (minute.time() >= from && minute.time() < to) {
                waiting += minute.waiting();
                worst = Math.min(worst, minute.densityM2PerPerson());
                if (minute.los().atLeastAsBadAs(crowded)) {
                    atOrWorse++;
                }
            }
        }
        return new CrowdingMeasures(peak, total, waiting, worst, atOrWorse);
    }

    CrowdingMeasures plus(CrowdingMeasures other) {
        return new CrowdingMeasures(
                Math.max(peakLeftBehind, other.peakLeftBehind),
                totalLeftBehind + other.totalLeftBehind,
                waitingPassengerMinutes + other.waitingPassengerMinutes,
                Math.min(worstDensityM2PerPerson, other.worstDensityM2PerPerson),
                minutesAtOrWorse + other.minutesAtOrWorse);
    }

    /** Each station's measures, both directions together, in order of station id. */
    static Map<String, CrowdingMeasures> byStation(
            GroundTruth truth, long from, long to, LevelOfService crowded) {
        Map<String, CrowdingMeasures> stations = new TreeMap<>();
        for (Map.Entry<Platform, PlatformHistory> platform : truth.platforms().entrySet()) {
            stations.merge(
                    platform.getKey().stationId(),
                    of(platform.getValue(), from, to, crowded),
                    CrowdingMeasures::plus);
        }
        return stations;
    }

    /** The whole line's measures. */
    static CrowdingMeasures line(Map<String, CrowdingMeasures> stations) {
        return stations.values().stream().reduce(NONE, CrowdingMeasures::plus);
    }
}
