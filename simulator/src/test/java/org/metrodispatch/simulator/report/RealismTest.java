package org.metrodispatch.simulator.report;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.simulator.TestScenarios;
import org.metrodispatch.simulator.engine.SimulationObserver;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default full weekday of Chengdu Line 1 against the figures of a real line (DOMAIN.md), and
 * the motivating case appearing by itself from the demand model.
 */
class RealismTest {

    private static final long SEED = 11;
    private static RealismReport fullDay;
    private static ArrivalLoads nijiaqiaoArrivals;

    @BeforeAll
    static void simulateAFullDay(@TempDir Path dir) throws IOException {
        Scenario scenario = TestScenarios.fullDay();
        long dayStart =
                scenario.date().atStartOfDay(scenario.network().timeZone()).toEpochSecond() * 1000;
        fullDay = new RealismReport(scenario.network(), dayStart);
        nijiaqiaoArrivals =
                new ArrivalLoads(
                        scenario.network().indexOf("sichuan-gymnasium"),
                        scenario.network().indexOf("nijiaqiao"),
                        dayStart);
        TestScenarios.runToFiles(
                scenario, SEED, "05:30", "23:30", dir, new Both(fullDay, nijiaqiaoArrivals));
    }

    @Test
    void dailyEntriesAreThoseOfLineOne() {
        assertThat(fullDay.totalEntries()).isBetween(800_000L, 1_200_000L);
    }

    @Test
    void morningPeakHourCarriesItsShareOfTheDay() {
        assertThat(fullDay.morningPeakHourShare()).isBetween(0.14, 0.20);
    }

    @Test
    void busiestSectionCarriesWhatTheRealOneDoes() {
        RealismReport.Section busiest = fullDay.busiestSection();
        assertThat(busiest.passengers()).isBetween(38_000L, 48_000L);
        double[] loadFactors = busiest.loadFactors(1460);
        assertThat(loadFactors[1]).as("median train").isBetween(0.90, 1.30);
        assertThat(loadFactors[2]).as("most loaded train").isLessThanOrEqualTo(1.30);
        assertThat(busiest.shareOfTrainsLoadedBetween(1460, 0.90, 1.30))
                .isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void trainsReachNijiaqiaoSouthboundFullInThePeak() {
        // Arrival load at Nijiaqiao is the load leaving Sichuan Gymnasium.
        assertThat(nijiaqiaoArrivals.medianLoadBetween(8 * 60, 8 * 60 + 30))
                .isGreaterThanOrEqualTo((int) (0.9 * 1880));
    }

    @Test
    void passengersAreLeftBehindAtNijiaqiaoTrainAfterTrain() {
        RealismReport.LeftBehindRuns runs = fullDay.leftBehind("nijiaqiao", Direction.FORWARD);
        assertThat(runs.longestRunBetween(7 * 60 + 30, 9 * 60)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void nobodyIsLeftBehindOffPeak() {
        assertThat(fullDay.leftBehindBetween(0, 7 * 60)).isZero();
        assertThat(fullDay.leftBehindBetween(10 * 60, 16 * 60 + 30)).isZero();
        assertThat(fullDay.leftBehindBetween(20 * 60 + 30, 24 * 60)).isZero();
    }

    /** Loads of the trains leaving one station for the next, by minute of the day. */
    static final class ArrivalLoads implements SimulationObserver {
        private final int from;
        private final int to;
        private final long dayStart;
        private final List<int[]> loads = new ArrayList<>();

        ArrivalLoads(int from, int to, long dayStart) {
            this.from = from;
            this.to = to;
            this.dayStart = dayStart;
        }

        @Override
        public void onDeparture(
                int station,
                int nextStation,
                int directionIndex,
                String trainId,
                long epochMillis,
                int alighted,
                int boarded,
                int leftBehind,
                int load) {
            if (station == from && nextStation == to) {
                loads.add(new int[] {(int) ((epochMillis - dayStart) / 60_000), load});
            }
        }

        int medianLoadBetween(int fromMinute, int toMinute) {
            int[] window =
                    loads.stream()
                            .filter(l -> l[0] >= fromMinute && l[0] < toMinute)
                            .mapToInt(l -> l[1])
                            .sorted()
                            .toArray();
            assertThat(window).isNotEmpty();
            return window[window.length / 2];
        }
    }

    /** Two observers at once. */
    static final class Both implements SimulationObserver {
        private final SimulationObserver first;
        private final SimulationObserver second;

        Both(SimulationObserver first, SimulationObserver second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void onEntry(int station, long epochMillis) {
            first.onEntry(station, epochMillis);
            second.onEntry(station, epochMillis);
        }

        @Override
        public void onDeparture(
                int station,
                int nextStation,
                int directionIndex,
                String trainId,
                long epochMillis,
                int alighted,
                int boarded,
                int leftBehind,
                int load) {
            first.onDeparture(
                    station,
                    nextStation,
                    directionIndex,
                    trainId,
                    epochMillis,
                    alighted,
                    boarded,
                    leftBehind,
                    load);
            second.onDeparture(
                    station,
                    nextStation,
                    directionIndex,
                    trainId,
                    epochMillis,
                    alighted,
                    boarded,
                    leftBehind,
                    load);
        }
    }
}
