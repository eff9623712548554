package org.metrodispatch.simulator.engine;

import org.metrodispatch.contract.demand.DemandModel;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.demand.Variation;
import org.metrodispatch.simulator.TestScenarios;
import org.metrodispatch.simulator.output.FileEventSink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Days of one scenario differ by seed when it has a {@code variation} block, and only then. */
class DayDemandTest {

    private static final Variation SPREAD =
            Variation.of(0.05, 0.08, 0.1, Variation.Weather.DRY, 1.08);

    @TempDir Path dir;

    @Test
    void withoutVariationEverySeedRunsTheScenariosOwnDemand() {
        Scenario scenario = TestScenarios.morningPeak();
        assertThat(scenario.variation().isNone()).isTrue();
        assertThat(DayDemand.of(scenario, 1)).isSameAs(scenario.demand());
        assertThat(DayDemand.of(scenario, 99)).isSameAs(scenario.demand());
        Scenario neutral =
                scenario.withVariation(Variation.of(0, 0, 0, Variation.Weather.DRY, 1.08));
        assertThat(DayDemand.of(neutral, 5)).isSameAs(scenario.demand());
    }

    @Test
    void theSameSeedGivesTheSameDay() {
        int n = 30;
        DayDemand first = DayDemand.draw(SPREAD, n, 11);
        DayDemand again = DayDemand.draw(SPREAD, n, 11);
        assertThat(again.dayFactor()).isEqualTo(first.dayFactor());
        for (int s = 0; s < n; s++) {
            assertThat(again.stationFactor(s)).isEqualTo(first.stationFactor(s));
            for (int d = 0; d < n; d++) {
                assertThat(again.destinationFactor(s, d)).isEqualTo(first.destinationFactor(s, d));
            }
        }
        Scenario scenario = TestScenarios.morningPeak().withVariation(SPREAD);
        DemandModel a = DayDemand.of(scenario, 11);
        DemandModel b = DayDemand.of(scenario, 11);
        for (int s = 0; s < scenario.network().stationCount(); s++) {
            assertThat(b.dailyEntries(s)).isEqualTo(a.dailyEntries(s));
        }
    }

    @Test
    void differentSeedsGiveDifferentDayFactorsWithinTheSpread() {
        int days = 400;
        double sum = 0;
        double sumOfSquares = 0;
        Set<Double> factors = new HashSet<>();
        for (long seed = 1; seed <= days; seed++) {
            double factor = DayDemand.draw(SPREAD, 30, seed).dayFactor();
            factors.add(factor);
            // Cut at three spreads either way.
            assertThat(factor).isBetween(Math.exp(-0.16), Math.exp(0.16));
            double log = Math.log(factor);
            sum += log;
            sumOfSquares += log * log;
        }
        // Days differ; only days cut at the same extreme (|z| > 3) share a factor.
        assertThat(factors).as("days with their own factor").hasSizeGreaterThan(days - 5);
        double mean = sum / days;
        double sd = Math.sqrt(sumOfSquares / days - mean * mean);
        assertThat(sd).as("spread of ln(day factor)").isCloseTo(0.05, within(0.008));
        assertThat(mean).as("a mean factor of about 1").isCloseTo(-0.00125, within(0.008));
    }

    @Test
    void stationsAndDestinationsGetTheirOwnFactors() {
        int n = 30;
        DayDemand day = DayDemand.draw(SPREAD, n, 3);
        Set<Double> stations = new HashSet<>();
        double sumOfSquares = 0;
        int count = 0;
        for (int s = 0; s < n; s++) {
            stations.add(day.stationFactor(s));
            for (int d = 0; d < n; d++) {
                double log = Math.log(day.destinationFactor(s, d)) + 0.1 * 0.1 / 2;
                sumOfSquares += log * log;
                count++;
            }
        }
        assertThat(stations).hasSize(n);
        assertThat(Math.sqrt(sumOfSquares / count)).isCloseTo(0.1, within(0.015));
        DayDemand noDrift =
                DayDemand.draw(Variation.of(0.05, 0.08, 0, Variation.Weather.DRY, 1.08), n, 3);
        assertThat(noDrift.destinationFactor(1, 2)).isEqualTo(1.0);
        assertThat(noDrift.dayFactor())
                .as("one spread leaves the other factors as they were")
                .isEqualTo(day.dayFactor());
        assertThat(noDrift.stationFactor(7)).isEqualTo(day.stationFactor(7));
    }

    @Test
    void theVariedDemandScalesEachStationsEntriesAndRainAddsItsFactor() {
        Scenario scenario = TestScenarios.morningPeak();
        Variation rain = Variation.of(0.05, 0.08, 0, Variation.Weather.RAIN, 1.08);
        DayDemand day = DayDemand.draw(rain, scenario.network().stationCount(), 4);
        assertThat(day.weatherFactor()).isEqualTo(1.08);
        DemandModel varied = DayDemand.of(scenario.withVariation(rain), 4);
        for (int s = 0; s < scenario.network().stationCount(); s++) {
            assertThat(varied.dailyEntries(s))
                    .isCloseTo(
                            scenario.demand().dailyEntries(s)
                                    * day.dayFactor()
                                    * 1.08
                                    * day.stationFactor(s),
                            within(1e-6));
        }
    }

    @Test
    void aVariedScenarioIsRepeatableAndItsDaysDiffer(@TempDir Path runs) throws IOException {
        Scenario scenario = TestScenarios.morningPeak().withVariation(SPREAD);
        SimulationSummary first =
                TestScenarios.runToFiles(
                        scenario, 1, "07:30", "07:45", runs.resolve("a"), SimulationObserver.NONE);
        SimulationSummary again =
                TestScenarios.runToFiles(
                        scenario, 1, "07:30", "07:45", runs.resolve("b"), SimulationObserver.NONE);
        SimulationSummary other =
                TestScenarios.runToFiles(
                        scenario, 2, "07:30", "07:45", runs.resolve("c"), SimulationObserver.NONE);
        for (String file :
                new String[] {
                    FileEventSink.GATE_EVENTS_FILE,
                    FileEventSink.TRAIN_EVENTS_FILE,
                    FileEventSink.GROUND_TRUTH_FILE
                }) {
            assertThat(
                            Files.mismatch(
                                    runs.resolve("a").resolve(file),
                                    runs.resolve("b").resolve(file)))
                    .as(file)
                    .isEqualTo(-1L);
        }
        assertThat(again.entries).isEqualTo(first.entries);
        assertThat(first.dayDemandFactor).isEqualTo(DayDemand.draw(SPREAD, 30, 1).dayFactor());
        assertThat(other.dayDemandFactor).isNotEqualTo(first.dayDemandFactor);
        assertThat(other.entries).isNotEqualTo(first.entries);
    }
}
