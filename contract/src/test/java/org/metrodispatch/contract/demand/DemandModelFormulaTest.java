package org.metrodispatch.contract.demand;

import org.metrodispatch.contract.network.Direction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The demand formulas of {@link DemandModel}'s documentation, worked out by hand on a four-station
 * line A-B-C-D with flat profiles, so that every expected value is a small fraction.
 */
class DemandModelFormulaTest {

    private static final String NETWORK =
            "id: abcd\n"
                    + "timeZone: UTC\n"
                    + "directions: {forward: south, reverse: north}\n"
                    + "train: {ratedCapacity: 100, crushCapacity: 150}\n"
                    + "stationDefaults: {dwellSeconds: 30}\n"
                    + "stations:\n"
                    + "  - {id: a, runSecondsToNext: 360}\n"
                    + "  - {id: b, runSecondsToNext: 360}\n"
                    + "  - {id: c, runSecondsToNext: 360}\n"
                    + "  - {id: d}\n"
                    + "services:\n"
                    + "  - {id: all, from: a, to: d}\n"
                    + "timetable:\n"
                    + "  serviceStart: '05:00'\n"
                    + "  serviceEnd: '23:00'\n"
                    + "  headways: [{from: '05:00', seconds: 300}]\n";

    @TempDir Path dir;

    private DemandModel load(double preferredMinutes, double shape) throws IOException {
        Files.writeString(dir.resolve("abcd.yaml"), NETWORK, StandardCharsets.UTF_8);
        String scenario =
                "id: flat\n"
                        + "network: abcd.yaml\n"
                        + "date: 2026-03-04\n"
                        + "window: {from: '05:00', to: '23:00'}\n"
                        + "demand:\n"
                        + "  roles:\n"
                        + "    flat: {entries: [['00:00', 1]], attraction: [['00:00', 1]]}\n"
                        + "  ride: {preferredMinutes: "
                        + preferredMinutes
                        + ", shape: "
                        + shape
                        + "}\n"
                        + "stations:\n"
                        + "  a: {dailyEntries: 1800, role: flat, attractionWeight: 1}\n"
                        + "  b: {dailyEntries: 1800, role: flat, attractionWeight: 2}\n"
                        + "  c: {dailyEntries: 1800, role: flat, attractionWeight: 3}\n"
                        + "  d: {dailyEntries: 1800, role: flat, attractionWeight: 4}\n";
        Path file = dir.resolve("flat.yaml");
        Files.writeString(file, scenario, StandardCharsets.UTF_8);
        return Scenario.load(file).demand();
    }

    @Test
    void flatEntryProfileSpreadsTheDailyEntriesEvenlyOverServiceHours() throws IOException {
        DemandModel demand = load(10, 0);
        // 1800 entries over 18 hours of service.
        assertThat(demand.entryRate(0, 12 * 3600)).isCloseTo(1800.0 / (18 * 3600), within(1e-12));
        assertThat(demand.entryRate(3, 5 * 3600)).isCloseTo(1800.0 / (18 * 3600), within(1e-12));
        assertThat(demand.entryRate(3, 23 * 3600)).isZero();
    }

    @Test
    void withoutARideFactorDestinationsAreWeightedBySize() throws IOException {
        DemandModel demand = load(10, 0);
        double[] weights = new double[4];
        double total = demand.destinationWeights(1, 12 * 3600, weights);
        assertThat(weights).containsExactly(1.0, 0.0, 3.0, 4.0);
        assertThat(total).isEqualTo(8.0);
        // From B: A (1) is north, C and D (3 + 4) are south.
        assertThat(demand.directionShare(1, Direction.FORWARD, 12 * 3600))
                .isCloseTo(7.0 / 8, within(1e-12));
        assertThat(demand.directionShare(1, Direction.REVERSE, 12 * 3600))
                .isCloseTo(1.0 / 8, within(1e-12));
    }

    @Test
    void alightingShareIsTheShareOfThroughFlowEndingAtTheStation() throws IOException {
        DemandModel demand = load(10, 0);
        double t = 12 * 3600;
        // Southbound at C: riders from A go to B, C, D in 2:3:4, from B to A, C, D in 1:3:4, and
        // A and B send the same number of riders. Passing C: 3/9 + 4/9 and 3/8 + 4/8; alighting:
        // 3/9 and 3/8. Their ratio is 3/7.
        assertThat(demand.alightingShare(2, Direction.FORWARD, t))
                .isCloseTo(3.0 / 7, within(1e-12));
        // Northbound at B: riders from C go to A, B, D in 1:2:4, from D to A, B, C in 1:2:3.
        // Passing B: 1/7 + 2/7 and 1/6 + 2/6; alighting: 2/7 and 2/6. Their ratio is 2/3.
        assertThat(demand.alightingShare(1, Direction.REVERSE, t))
                .isCloseTo(2.0 / 3, within(1e-12));
        // Southbound at B only riders from A arrive: 2 of their 9 alight.
        assertThat(demand.alightingShare(1, Direction.FORWARD, t))
                .isCloseTo(2.0 / 9, within(1e-12));
    }

    @Test
    void rideFactorPeaksAtThePreferredRideTime() throws IOException {
        // A to B rides 6 minutes; A to C rides 6 + 0.5 (dwell at B) + 6 = 12.5 minutes.
        DemandModel demand = load(12.5, 1);
        double[] weights = new double[4];
        demand.destinationWeights(0, 12 * 3600, weights);
        double x = 6 / 12.5;
        double factorB = x * Math.exp(1 - x);
        double factorC = 1.0;
        double y = 19 / 12.5; // A to D: 18 minutes running, two dwells of half a minute
        double factorD = y * Math.exp(1 - y);
        assertThat(weights[1] / weights[2]).isCloseTo((2 * factorB) / (3 * factorC), within(1e-12));
        assertThat(weights[3] / weights[2]).isCloseTo((4 * factorD) / (3 * factorC), within(1e-12));
        assertThat(factorB).isLessThan(1);
        assertThat(factorD).isLessThan(1);
    }
}
