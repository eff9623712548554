package org.metrodispatch.simulator.engine;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.simulator.TestScenarios;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Arrivals follow the demand model's time-of-day profile (a non-homogeneous Poisson process). */
class DemandArrivalsTest {

    @Test
    void entriesPerStationAndQuarterHourMatchTheProfile(@TempDir Path dir) throws IOException {
        Scenario scenario = TestScenarios.morningPeak();
        int stations = scenario.network().stationCount();
        long dayStart =
                scenario.date().atStartOfDay(scenario.network().timeZone()).toEpochSecond() * 1000;
        int[][] observed = new int[stations][4];
        TestScenarios.runToFiles(
                scenario,
                5,
                "07:00",
                "08:00",
                dir,
                new SimulationObserver() {
                    @Override
                    public void onEntry(int station, long epochMillis) {
                        int quarter = (int) ((epochMillis - dayStart) / 900_000L) - 28;
                        observed[station][quarter]++;
                    }
                });
        double squaredZ = 0;
        int cells = 0;
        for (int s = 0; s < stations; s++) {
            for (int q = 0; q < 4; q++) {
                double expected = 0;
                for (int second = 0; second < 900; second++) {
                    expected += scenario.demand().entryRate(s, 7 * 3600 + q * 900 + second);
                }
                if (expected < 50) {
                    continue;
                }
                double z = (observed[s][q] - expected) / Math.sqrt(expected);
                squaredZ += z * z;
                cells++;
                assertThat(Math.abs(z)).as("station %d quarter %d", s, q).isLessThan(5);
            }
        }
        // Poisson counts: the mean squared z-score is about 1 (not 0: the arrivals are random).
        assertThat(squaredZ / cells).isBetween(0.4, 2.0);
    }
}
