package org.metrodispatch.contract.demand;

import org.metrodispatch.contract.config.ConfigException;
import org.metrodispatch.contract.network.Network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The {@code variation} block and the train feed's {@code loadNoise} and {@code lostReports}. */
class DayToDayScenarioTest {

    @TempDir Path dir;

    /** A scenario that extends the full day (by absolute path) with {@code extra} YAML. */
    private Path extending(String name, String extra) throws IOException {
        Path file = dir.resolve(name);
        String text =
                "extends: "
                        + ScenarioTest.FULL_DAY.toAbsolutePath().normalize()
                        + "\n"
                        + "network: "
                        + ScenarioTest.CHENGDU.toAbsolutePath().normalize()
                        + "\n"
                        + extra;
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private void assertBroken(String extra, String keyPath, String problem) throws IOException {
        Path file = extending("broken.yaml", extra);
        assertThatThrownBy(() -> Scenario.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("broken.yaml: " + keyPath)
                .hasMessageContaining(problem);
    }

    @Test
    void theShippedScenariosHaveNoVariationAndRealisticLoadNoise() {
        for (Path file : new Path[] {ScenarioTest.FULL_DAY, ScenarioTest.MORNING_PEAK}) {
            Scenario scenario = Scenario.load(file);
            assertThat(scenario.variation().given()).as("%s", file).isFalse();
            assertThat(scenario.variation().isNone()).as("%s", file).isTrue();
            assertThat(scenario.trainFeed().loadNoise())
                    .as("%s: loads as real sensors give them, by default", file)
                    .isEqualTo(FeedSettings.REALISTIC_LOAD_NOISE);
            assertThat(scenario.trainFeed().lostReportShare()).as("%s", file).isZero();
            assertThat(scenario.gateFeed().loadNoise()).isZero();
        }
    }

    @Test
    void theVariedWeekdayExampleVariesAndHasNoisyLoads() {
        Scenario scenario =
                Scenario.load(Path.of("../config/scenarios/examples/varied-weekday.yaml"));
        Variation variation = scenario.variation();
        assertThat(variation.given()).isTrue();
        assertThat(variation.isNone()).isFalse();
        assertThat(variation.dayFactorSpread()).isEqualTo(0.04);
        assertThat(variation.stationSpread()).isEqualTo(0.06);
        assertThat(variation.destinationDrift()).isEqualTo(0.08);
        assertThat(variation.weather()).isEqualTo(Variation.Weather.DRY);
        assertThat(variation.demandFactorOfWeather()).isEqualTo(1.0);
        assertThat(scenario.trainFeed().loadNoise()).isEqualTo(FeedSettings.REALISTIC_LOAD_NOISE);
        assertThat(scenario.trainFeed().lostReportShare()).isEqualTo(0.001);
        // The job reads the demand as written: the same as the full day's.
        Scenario fullDay = Scenario.load(ScenarioTest.FULL_DAY);
        Network network = scenario.network();
        for (int s = 0; s < network.stationCount(); s++) {
            assertThat(scenario.demand().dailyEntries(s))
                    .isEqualTo(fullDay.demand().dailyEntries(s));
        }
    }

    @Test
    void aRainyDayHasTheDefaultRainFactorUnlessGiven() throws IOException {
        Variation rain =
                Scenario.load(extending("rain.yaml", "variation: {weather: rain}\n")).variation();
        assertThat(rain.weather()).isEqualTo(Variation.Weather.RAIN);
        assertThat(rain.demandFactorOfWeather()).isEqualTo(1.08);
        assertThat(rain.isNone()).isFalse();
        Variation heavy =
                Scenario.load(
                                extending(
                                        "heavy.yaml",
                                        "variation: {weather: rain, rainDemandFactor: 1.15}\n"))
                        .variation();
        assertThat(heavy.demandFactorOfWeather()).isEqualTo(1.15);
        Variation dry =
                Scenario.load(extending("dry.yaml", "variation: {rainDemandFactor: 1.15}\n"))
                        .variation();
        assertThat(dry.demandFactorOfWeather()).as("a dry day ignores it").isEqualTo(1.0);
        assertThat(dry.isNone()).isTrue();
        assertThat(dry.given()).isTrue();
    }

    @Test
    void variationErrorsNameTheKey() throws IOException {
        assertBroken(
                "variation: {daySpread: 0.05}\n",
                "variation.daySpread",
                "unknown key; expected one of dayFactorSpread, destinationDrift,"
                        + " rainDemandFactor, stationSpread, weather");
        assertBroken(
                "variation: {dayFactorSpread: -0.01}\n",
                "variation.dayFactorSpread",
                "must be between 0 and 0.5, got -0.01");
        assertBroken(
                "variation: {stationSpread: 0.8}\n",
                "variation.stationSpread",
                "must be between 0 and 0.5, got 0.8");
        assertBroken(
                "variation: {destinationDrift: '10%'}\n",
                "variation.destinationDrift", "must be a number, got '10%'");
        assertBroken(
                "variation: {weather: snow}\n",
                "variation.weather",
                "must be one of dry, rain, got 'snow'");
        assertBroken(
                "variation: {weather: rain, rainDemandFactor: 3}\n",
                "variation.rainDemandFactor",
                "must be between 0.5 and 2, got 3");
        assertBroken("variation: [0.05]\n", "variation", "must be a mapping");
    }

    @Test
    void trainReportSettingsAreReadAndChecked() throws IOException {
        FeedSettings train =
                Scenario.load(
                                extending(
                                        "noisy.yaml",
                                        "feeds: {train: {loadNoise: 0.05, lostReports: 0.01}}\n"))
                        .trainFeed();
        assertThat(train.loadNoise()).isEqualTo(0.05);
        assertThat(train.lostReportShare()).isEqualTo(0.01);
        assertThat(train.delayMedianSeconds()).as("merged with the full day's").isEqualTo(1.0);
        assertBroken(
                "feeds: {train: {loadNoise: 0.6}}\n",
                "feeds.train.loadNoise",
                "must be between 0 and 0.5, got 0.6");
        assertBroken(
                "feeds: {train: {lostReports: -1}}\n",
                "feeds.train.lostReports",
                "must be between 0 and 0.5, got -1");
        assertBroken(
                "feeds: {gate: {loadNoise: 0.03}}\n",
                "feeds.gate.loadNoise",
                "only the train feed has it: put it under feeds.train");
        assertBroken(
                "feeds: {gate: {lostReports: 0.01}}\n",
                "feeds.gate.lostReports",
                "only the train feed has it");
        assertBroken(
                "feeds: {train: {lostTrainReports: 0.01}}\n",
                "feeds.train.lostTrainReports",
                "unknown key");
    }

    @Test
    void withTrainReportsAndWithVariationChangeOnlyThat() {
        Scenario scenario = Scenario.load(ScenarioTest.FULL_DAY);
        Variation rain = Variation.of(0.05, 0, 0, Variation.Weather.RAIN, 1.1);
        Scenario rainy = scenario.withVariation(rain);
        assertThat(rainy.variation()).isSameAs(rain);
        assertThat(rainy.demand()).isSameAs(scenario.demand());
        Scenario noisy =
                rainy.withTrainFeed(scenario.trainFeed().withTrainReports(0.05, 0.02))
                        .withMalformedShare(0.01);
        assertThat(noisy.variation()).isSameAs(rain);
        assertThat(noisy.trainFeed().loadNoise()).isEqualTo(0.05);
        assertThat(noisy.trainFeed().lostReportShare()).isEqualTo(0.02);
        assertThat(noisy.trainFeed().malformedShare()).isEqualTo(0.01);
        assertThat(scenario.trainFeed().loadNoise())
                .as("the original is unchanged")
                .isEqualTo(FeedSettings.REALISTIC_LOAD_NOISE);
        assertThatThrownBy(() -> Variation.of(0.6, 0, 0, Variation.Weather.DRY, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dayFactorSpread");
    }

    @Test
    void aVariedDemandScalesEntriesAndDestinationWeightsAndLeavesTheBaseAlone() {
        DemandModel base = Scenario.load(ScenarioTest.FULL_DAY).demand();
        Network network = base.network();
        int n = network.stationCount();
        int nijiaqiao = network.indexOf("nijiaqiao");
        double[] entries = new double[n];
        Arrays.fill(entries, 1.1);
        entries[nijiaqiao] = 0.5;
        double[][] destinations = new double[n][n];
        for (double[] row : destinations) {
            Arrays.fill(row, 1.0);
        }
        int tianfu = network.indexOf("tianfu-square");
        destinations[nijiaqiao][tianfu] = 2.0;
        DemandModel varied = base.varied(entries, destinations);

        double eight = 8 * 3600;
        assertThat(varied.entryRate(nijiaqiao, eight))
                .isCloseTo(0.5 * base.entryRate(nijiaqiao, eight), within(1e-9));
        int sihe = network.indexOf("sihe");
        assertThat(varied.dailyEntries(sihe))
                .isCloseTo(1.1 * base.dailyEntries(sihe), within(1e-9));
        double[] before = new double[n];
        double[] after = new double[n];
        base.destinationWeights(nijiaqiao, eight, before);
        varied.destinationWeights(nijiaqiao, eight, after);
        for (int d = 0; d < n; d++) {
            double factor = d == tianfu ? 2.0 : 1.0;
            assertThat(after[d]).as("destination %d", d).isEqualTo(before[d] * factor);
        }
        assertThat(base.dailyEntries(nijiaqiao)).as("the base is unchanged").isEqualTo(32_000.0);
        assertThatThrownBy(() -> base.varied(new double[n - 1], null))
                .isInstanceOf(IllegalArgumentException.class);
        double[] negative = entries.clone();
        negative[0] = -1;
        assertThatThrownBy(() -> base.varied(negative, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 or more");
    }
}
