package org.metrodispatch.evaluation;

import org.metrodispatch.contract.truth.GroundTruth;
import org.metrodispatch.contract.truth.Histories;
import org.metrodispatch.contract.truth.LevelOfService;
import org.metrodispatch.contract.truth.Platform;
import org.metrodispatch.contract.truth.PlatformHistory;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.metrodispatch.contract.truth.Histories.minute;

class EffectTest {

    @Test
    void measuresOfAPlatformWithinTheSpan() {
        PlatformHistory history =
                Histories.both(
                        Histories.departures(10, 300, 50, 0), Histories.levels("CDEFC", 200));
        CrowdingMeasures measures =
                CrowdingMeasures.of(history, minute(0), minute(9), LevelOfService.E);
        assertThat(measures.peakLeftBehind()).isEqualTo(300);
        assertThat(measures.totalLeftBehind()).as("departures at 0, 3, 6").isEqualTo(360);
        assertThat(measures.waitingPassengerMinutes()).as("5 minutes of 200").isEqualTo(1000);
        assertThat(measures.minutesAtOrWorse()).as("E and F").isEqualTo(2);
        assertThat(measures.worstDensityM2PerPerson()).isCloseTo(0.01, within(1e-9));
    }

    @Test
    void stationsAddTheirDirectionsAndTheLineAddsTheStations() {
        Map<Platform, PlatformHistory> platforms = new TreeMap<>();
        platforms.put(new Platform("a", "north"), Histories.departures(100, 0));
        platforms.put(new Platform("a", "south"), Histories.departures(40, 40));
        platforms.put(new Platform("b", "north"), Histories.departures(250));
        GroundTruth truth = new GroundTruth(platforms);
        Map<String, CrowdingMeasures> stations =
                CrowdingMeasures.byStation(truth, minute(0), minute(60), LevelOfService.E);
        assertThat(stations.get("a").peakLeftBehind()).isEqualTo(100);
        assertThat(stations.get("a").totalLeftBehind()).isEqualTo(180);
        CrowdingMeasures line = CrowdingMeasures.line(stations);
        assertThat(line.peakLeftBehind()).isEqualTo(250);
        assertThat(line.totalLeftBehind()).isEqualTo(430);
    }

    @Test
    void reductionsAreOneMinusWithOverWithoutWithPeaksAveragedOverSeeds() {
        Effect effect =
                Effect.of(
                        List.of(
                                new CrowdingMeasures(1000, 5000, 40_000, 0.3, 10),
                                new CrowdingMeasures(600, 3000, 20_000, 0.4, 0)),
                        List.of(
                                new CrowdingMeasures(400, 1000, 30_000, 0.6, 0),
                                new CrowdingMeasures(400, 1000, 15_000, 0.7, 0)));
        assertThat(effect.without().meanPeakLeftBehind()).isEqualTo(800);
        assertThat(effect.leftBehindReduction()).isCloseTo(0.5, within(1e-9));
        assertThat(effect.waitingReduction()).isCloseTo(0.25, within(1e-9));
        assertThat(effect.totalLeftBehindReduction()).isCloseTo(0.75, within(1e-9));
        assertThat(effect.without().worstDensityM2PerPerson()).isEqualTo(0.3);
        assertThat(effect.without().minutesAtOrWorse()).isEqualTo(10);
    }

    @Test
    void nothingToReduceIsNoReductionAndMoreIsANegativeOne() {
        assertThat(Stats.reduction(0, 10)).isZero();
        assertThat(Stats.reduction(100, 150)).isCloseTo(-0.5, within(1e-9));
    }

    @Test
    void medians() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
        assertThat(Stats.median(List.of())).isNaN();
    }
}
