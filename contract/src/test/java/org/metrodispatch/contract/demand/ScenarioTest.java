package org.metrodispatch.contract.demand;

import org.metrodispatch.contract.config.ConfigException;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScenarioTest {

    static final Path FULL_DAY = DemandModelTest.FULL_DAY;
    static final Path MORNING_PEAK = Path.of("../config/scenarios/weekday-morning-peak.yaml");
    static final Path CHENGDU = Path.of("../config/networks/chengdu-line1.yaml");

    @TempDir Path dir;

    /** The full-day scenario's text with its network named by absolute path. */
    private static String fullDayText() throws IOException {
        String text = Files.readString(FULL_DAY, StandardCharsets.UTF_8);
        String network = "network: ../networks/chengdu-line1.yaml";
        assertThat(text).contains(network);
        return text.replace(network, "network: " + CHENGDU.toAbsolutePath().normalize());
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private void assertBroken(String yaml, String keyPath, String problem) throws IOException {
        Path file = write("broken.yaml", yaml);
        assertThatThrownBy(() -> Scenario.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("broken.yaml: " + keyPath)
                .hasMessageContaining(problem);
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text).contains(from);
        return text.replace(from, to);
    }

    @Test
    void fullDayScenarioLoads() {
        Scenario scenario = Scenario.load(FULL_DAY);
        assertThat(scenario.id()).isEqualTo("weekday-full-day");
        assertThat(scenario.description()).startsWith("A whole weekday");
        assertThat(scenario.network().id()).isEqualTo("chengdu-line1");
        assertThat(scenario.networkFile()).isEqualTo(CHENGDU.toAbsolutePath().normalize());
        assertThat(scenario.date()).isEqualTo(LocalDate.of(2026, 3, 4));
        assertThat(scenario.fromSecond()).isEqualTo(5 * 3600 + 1800);
        assertThat(scenario.toSecond()).isEqualTo(23 * 3600 + 1800);
        assertThat(scenario.demand().network()).isSameAs(scenario.network());
    }

    @Test
    void fullDayFeedSettings() {
        Scenario scenario = Scenario.load(FULL_DAY);
        FeedSettings gate = scenario.gateFeed();
        assertThat(gate.delayMedianSeconds()).isEqualTo(2.0);
        assertThat(gate.delayP99Seconds()).isEqualTo(30.0);
        assertThat(gate.delayMaxSeconds()).isEqualTo(60.0);
        assertThat(gate.veryLateShare()).isEqualTo(0.0005);
        assertThat(gate.veryLateMinMinutes()).isEqualTo(15.0);
        assertThat(gate.veryLateMaxMinutes()).isEqualTo(60.0);
        assertThat(gate.duplicateShare()).isEqualTo(0.002);
        assertThat(gate.duplicateMaxDelaySeconds()).isEqualTo(20.0);
        assertThat(gate.malformedShare()).isZero();
        assertThat(gate.heartbeatSeconds()).isEqualTo(60);
        FeedSettings train = scenario.trainFeed();
        assertThat(train.delayMedianSeconds()).isEqualTo(1.0);
        assertThat(train.delayP99Seconds()).isEqualTo(5.0);
        assertThat(train.delayMaxSeconds()).isEqualTo(10.0);
        assertThat(train.veryLateShare()).isZero();
        assertThat(train.duplicateShare()).isEqualTo(0.001);
        assertThat(train.duplicateMaxDelaySeconds()).isEqualTo(10.0);
        assertThat(train.malformedShare()).isZero();
        assertThat(train.heartbeatSeconds())
                .as("signalling reports every 30 s by default")
                .isEqualTo(30);
    }

    @Test
    void morningPeakExtendsTheFullDayWithItsOwnWindow() {
        Scenario fullDay = Scenario.load(FULL_DAY);
        Scenario peak = Scenario.load(MORNING_PEAK);
        assertThat(peak.id()).isEqualTo("weekday-morning-peak");
        assertThat(peak.description()).contains("morning peak");
        assertThat(peak.fromSecond()).isEqualTo(6 * 3600);
        assertThat(peak.toSecond()).isEqualTo(10 * 3600 + 1800);
        assertThat(peak.date()).isEqualTo(fullDay.date());
        assertThat(peak.networkFile()).isEqualTo(fullDay.networkFile());
        assertThat(peak.network().stationCount()).isEqualTo(fullDay.network().stationCount());

        DemandModel a = fullDay.demand();
        DemandModel b = peak.demand();
        Network network = a.network();
        for (int s = 0; s < network.stationCount(); s++) {
            assertThat(b.dailyEntries(s)).isEqualTo(a.dailyEntries(s));
            assertThat(b.role(s)).isEqualTo(a.role(s));
            for (int t = 5 * 3600; t < 24 * 3600; t += 1_234) {
                assertThat(b.entryRate(s, t)).isEqualTo(a.entryRate(s, t));
                assertThat(b.directionShare(s, Direction.FORWARD, t))
                        .isEqualTo(a.directionShare(s, Direction.FORWARD, t));
            }
        }
        assertThat(peak.gateFeed().delayP99Seconds())
                .isEqualTo(fullDay.gateFeed().delayP99Seconds());
        assertThat(peak.gateFeed().heartbeatSeconds())
                .isEqualTo(fullDay.gateFeed().heartbeatSeconds());
        assertThat(peak.trainFeed().duplicateShare())
                .isEqualTo(fullDay.trainFeed().duplicateShare());
    }

    @Test
    void withMalformedShareChangesOnlyThatShare() {
        Scenario scenario = Scenario.load(FULL_DAY);
        Scenario noisy = scenario.withMalformedShare(0.01);
        assertThat(noisy.gateFeed().malformedShare()).isEqualTo(0.01);
        assertThat(noisy.trainFeed().malformedShare()).isEqualTo(0.01);
        assertThat(noisy.gateFeed().duplicateShare())
                .isEqualTo(scenario.gateFeed().duplicateShare());
        assertThat(noisy.gateFeed().heartbeatSeconds()).isEqualTo(60);
        assertThat(noisy.trainFeed().delayMaxSeconds())
                .isEqualTo(scenario.trainFeed().delayMaxSeconds());
        assertThat(noisy.id()).isEqualTo(scenario.id());
        assertThat(noisy.fromSecond()).isEqualTo(scenario.fromSecond());
        assertThat(noisy.demand()).isSameAs(scenario.demand());
        assertThat(scenario.gateFeed().malformedShare()).as("the original is unchanged").isZero();
    }

    @Test
    void perfectFeedHasNoImperfections() {
        FeedSettings perfect = FeedSettings.perfect();
        assertThat(perfect.delayMedianSeconds()).isZero();
        assertThat(perfect.delayMaxSeconds()).isZero();
        assertThat(perfect.veryLateShare()).isZero();
        assertThat(perfect.duplicateShare()).isZero();
        assertThat(perfect.malformedShare()).isZero();
        assertThat(perfect.heartbeatSeconds()).isEqualTo(60);
    }

    @Test
    void anExtendingScenarioMergesStationMappings() throws IOException {
        write("base.yaml", fullDayText());
        Path child =
                write(
                        "child.yaml",
                        "extends: base.yaml\n"
                                + "id: child\n"
                                + "window: {to: '12:00'}\n"
                                + "stations:\n"
                                + "  nijiaqiao: {dailyEntries: 64000}\n"
                                + "feeds: {gate: {malformed: {share: 0.1}}}\n");
        Scenario scenario = Scenario.load(child);
        Network network = scenario.network();
        assertThat(scenario.id()).isEqualTo("child");
        assertThat(scenario.fromSecond()).isEqualTo(5 * 3600 + 1800);
        assertThat(scenario.toSecond()).isEqualTo(12 * 3600);
        assertThat(scenario.demand().dailyEntries(network.indexOf("nijiaqiao")))
                .isEqualTo(64_000.0);
        assertThat(scenario.demand().role(network.indexOf("nijiaqiao"))).isEqualTo("residential");
        assertThat(scenario.demand().dailyEntries(network.indexOf("sihe"))).isEqualTo(11_000.0);
        assertThat(scenario.gateFeed().malformedShare()).isEqualTo(0.1);
        assertThat(scenario.gateFeed().duplicateShare()).isEqualTo(0.002);
    }

    @Test
    void aSurgeAddsItsExtraEntriesOverItsProfileAndNothingElsewhere() throws IOException {
        write("base.yaml", fullDayText());
        Path child =
                write(
                        "surge.yaml",
                        "extends: base.yaml\n"
                                + "id: concert\n"
                                + "demand:\n"
                                + "  surges:\n"
                                + "    - {station: sichuan-gymnasium, extraEntries: 9000,\n"
                                + "       profile: [['21:30', 0], ['21:45', 1], ['22:00', 1],"
                                + " ['22:30', 0]]}\n");
        Scenario base = Scenario.load(dir.resolve("base.yaml"));
        Scenario concert = Scenario.load(child);
        int gym = concert.network().indexOf("sichuan-gymnasium");
        int other = concert.network().indexOf("nijiaqiao");
        double extra = 0;
        for (int t = 20 * 3600; t < 23 * 3600; t++) {
            extra += concert.demand().entryRate(gym, t) - base.demand().entryRate(gym, t);
            assertThat(concert.demand().entryRate(other, t))
                    .isEqualTo(base.demand().entryRate(other, t));
        }
        assertThat(extra).isCloseTo(9000, within(20.0));
        assertThat(concert.demand().entryRate(gym, 21 * 3600 + 1799))
                .isEqualTo(base.demand().entryRate(gym, 21 * 3600 + 1799));
        assertThat(concert.demand().entryRate(gym, 21 * 3600 + 3000))
                .as("9000 over a profile of area 2250 s: 4 more a second at its top")
                .isCloseTo(base.demand().entryRate(gym, 21 * 3600 + 3000) + 4.0, within(1e-9));
    }

    @Test
    void aSurgeMustEndAndBeAtAKnownStation() throws IOException {
        String surge = "demand:\n  surges:\n    - {station: %s, extraEntries: 100, profile: %s}\n";
        write("base.yaml", fullDayText());
        assertBroken(
                "extends: base.yaml\n"
                        + String.format(surge, "sichuan-gymnasium", "[['21:30', 0], ['22:00', 1]]"),
                "demand.surges[0].profile",
                "must start and end at 0");
        assertBroken(
                "extends: base.yaml\n"
                        + String.format(
                                surge, "wembley", "[['21:30', 0], ['22:00', 1], ['22:30', 0]]"),
                "demand.surges[0].station",
                "unknown station 'wembley'");
    }

    @Test
    void unknownStationInTheDemand() throws IOException {
        String yaml =
                replaceOnce(
                        fullDayText(),
                        "  sihe: {dailyEntries: 11000, role: residential}\n",
                        "  sihe: {dailyEntries: 11000, role: residential}\n  atlantis: {dailyEntries: 5, role: office}\n");
        assertBroken(yaml, "stations.atlantis", "unknown station (not in network chengdu-line1)");
    }

    @Test
    void stationWithoutDemand() throws IOException {
        String yaml =
                replaceOnce(
                        fullDayText(), "  sihe: {dailyEntries: 11000, role: residential}\n", "");
        assertBroken(yaml, "stations", "no demand given for sihe");
    }

    @Test
    void unknownRole() throws IOException {
        String yaml =
                replaceOnce(
                        fullDayText(),
                        "sihe: {dailyEntries: 11000, role: residential}",
                        "sihe: {dailyEntries: 11000, role: resort}");
        assertBroken(yaml, "stations.sihe.role", "unknown role 'resort'");
    }

    @Test
    void negativeDailyEntries() throws IOException {
        String yaml =
                replaceOnce(
                        fullDayText(), "sihe: {dailyEntries: 11000,", "sihe: {dailyEntries: -1,");
        assertBroken(yaml, "stations.sihe.dailyEntries", "must be between 0 and 10000000, got -1");
    }

    @Test
    void windowMustEndAfterItStarts() throws IOException {
        String yaml =
                replaceOnce(
                        fullDayText(),
                        "window: {from: \"05:30\", to: \"23:30\"}",
                        "window: {from: \"10:00\", to: \"09:00\"}");
        assertBroken(yaml, "window.to", "must be after from");
    }

    @Test
    void badDate() throws IOException {
        String yaml = replaceOnce(fullDayText(), "date: 2026-03-04", "date: 2026-02-30");
        assertBroken(yaml, "date", "must be a date YYYY-MM-DD, got '2026-02-30'");
    }

    @Test
    void unknownKeys() throws IOException {
        assertBroken(
                replaceOnce(fullDayText(), "\nwindow:", "\nwindows: 1\nwindow:"),
                "windows",
                "unknown key; expected one of date, demand, description, feeds, id, network, stations,"
                        + " variation, window");
        assertBroken(
                replaceOnce(
                        fullDayText(),
                        "    heartbeatSeconds: 60\n",
                        "    heartbeatSeconds: 60\n    jitter: 1\n"),
                "feeds.gate.jitter",
                "unknown key");
        assertBroken(
                replaceOnce(
                        fullDayText(),
                        "    delay: {medianSeconds: 1, p99Seconds: 5, maxSeconds: 10}\n",
                        "    delay: {medianSeconds: 1, p99Seconds: 5, maxSeconds: 10}\n    heartbeatSeconds: 0\n"),
                "feeds.train.heartbeatSeconds",
                "must be between 1 and 3600");
    }

    @Test
    void delayPercentilesMustBeOrdered() throws IOException {
        assertBroken(
                replaceOnce(
                        fullDayText(),
                        "delay: {medianSeconds: 2, p99Seconds: 30, maxSeconds: 60}",
                        "delay: {medianSeconds: 2, p99Seconds: 1, maxSeconds: 60}"),
                "feeds.gate.delay.p99Seconds",
                "must be between 2 and 3600, got 1");
        assertBroken(
                replaceOnce(
                        fullDayText(),
                        "delay: {medianSeconds: 2, p99Seconds: 30, maxSeconds: 60}",
                        "delay: {medianSeconds: 2, p99Seconds: 30, maxSeconds: 20}"),
                "feeds.gate.delay.maxSeconds",
                "must be between 30 and 3600, got 20");
    }

    @Test
    void missingNetworkFileIsNamed() throws IOException {
        String yaml =
                fullDayText()
                        .replace(
                                CHENGDU.toAbsolutePath().normalize().toString(),
                                "no-such-network.yaml");
        Path file = write("scenario.yaml", yaml);
        assertThatThrownBy(() -> Scenario.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no-such-network.yaml: no such file");
    }

    @Test
    void rideSettingsAreChecked() throws IOException {
        assertBroken(
                replaceOnce(fullDayText(), "preferredMinutes: 24", "preferredMinutes: 0"),
                "demand.ride.preferredMinutes",
                "must be between 1 and 300, got 0");
    }
}
