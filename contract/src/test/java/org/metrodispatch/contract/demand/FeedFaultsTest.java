package org.metrodispatch.contract.demand;

import org.metrodispatch.contract.config.ConfigException;
import org.metrodispatch.contract.demand.FeedFaults.ClockSkew;
import org.metrodispatch.contract.demand.FeedFaults.FaultWindow;
import org.metrodispatch.contract.demand.FeedFaults.GateSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The feed faults of a scenario: how they are written, read and checked. */
class FeedFaultsTest {

    static final Path HOSTILE_MORNING =
            Path.of("../config/scenarios/examples/hostile-morning.yaml");
    static final Path CHENGDU = Path.of("../config/networks/chengdu-line1.yaml");

    static final Path README = Path.of("../config/scenarios/README.md");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

    @TempDir Path dir;

    /** A scenario extending the morning peak (network by absolute path) with a feeds block. */
    private Path withFeeds(String feeds) throws IOException {
        Path file = dir.resolve("faults.yaml");
        Files.writeString(
                file,
                "extends: "
                        + ScenarioTest.MORNING_PEAK.toAbsolutePath().normalize()
                        + "\nid: faults\nnetwork: "
                        + CHENGDU.toAbsolutePath().normalize()
                        + "\nfeeds:\n"
                        + feeds,
                StandardCharsets.UTF_8);
        return file;
    }

    private FeedFaults faults(String feeds) throws IOException {
        return Scenario.load(withFeeds(feeds)).feedFaults();
    }

    private void assertBroken(String feeds, String keyPath, String problem) throws IOException {
        Path file = withFeeds(feeds);
        assertThatThrownBy(() -> Scenario.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("faults.yaml: " + keyPath + ": ")
                .hasMessageContaining(problem);
    }

    private static int at(int hours, int minutes) {
        return hours * 3600 + minutes * 60;
    }

    @Test
    void shippedScenariosWithoutFaultsHaveNone() {
        assertThat(Scenario.load(ScenarioTest.MORNING_PEAK).feedFaults().isEmpty()).isTrue();
        assertThat(Scenario.load(ScenarioTest.FULL_DAY).feedFaults()).isEqualTo(FeedFaults.none());
    }

    @Test
    void hostileMorningTurnsOnEachKindOfFault() {
        Scenario scenario = Scenario.load(HOSTILE_MORNING);
        Scenario clean = Scenario.load(ScenarioTest.MORNING_PEAK);
        assertThat(scenario.id()).isEqualTo("hostile-morning");
        assertThat(scenario.network().id()).isEqualTo("chengdu-line1");
        assertThat(scenario.fromSecond()).isEqualTo(clean.fromSecond());
        assertThat(scenario.toSecond()).isEqualTo(clean.toSecond());
        assertThat(scenario.gateFeed().duplicateShare())
                .isEqualTo(clean.gateFeed().duplicateShare());

        FeedFaults faults = scenario.feedFaults();
        assertThat(faults.skewedClocks())
                .containsExactly(
                        new ClockSkew(
                                new GateSet(Set.of(), Set.of("shengxian-lake-g02")),
                                new FaultWindow(at(6, 0), at(10, 30)),
                                3_600,
                                0),
                        new ClockSkew(
                                new GateSet(Set.of("luomashi"), Set.of()),
                                new FaultWindow(at(7, 30), at(8, 30)),
                                -1_800,
                                0));
        assertThat(faults.silentGates()).hasSize(1);
        assertThat(faults.silentGates().get(0).gates().gates())
                .containsExactly("north-railway-station-g05");
        assertThat(faults.silentGates().get(0).window())
                .isEqualTo(new FaultWindow(at(7, 40), at(8, 10)));
        assertThat(faults.silentTrainFeed()).hasSize(1);
        assertThat(faults.silentTrainFeed().get(0).stations()).isEmpty();
        assertThat(faults.silentTrainFeed().get(0).matches("nijiaqiao")).isTrue();
        assertThat(faults.silentTrainFeed().get(0).window())
                .isEqualTo(new FaultWindow(at(8, 20), at(8, 25)));
        assertThat(faults.lostTaps()).hasSize(1);
        assertThat(faults.lostTaps().get(0).share()).isEqualTo(0.02);
        assertThat(faults.lostTaps().get(0).gates().matches("tianfu-square", "tianfu-square-g07"))
                .isTrue();
        assertThat(faults.lostTaps().get(0).gates().matches("nijiaqiao", "nijiaqiao-g01"))
                .isFalse();
        // No window given: the whole day.
        assertThat(faults.lostTaps().get(0).window()).isEqualTo(new FaultWindow(0, 86_400));
    }

    @ParameterizedTest
    @CsvSource({
        "+1h, 3600",
        "-30min, -1800",
        "+1h30min, 5400",
        "-1h30min, -5400",
        "90s, 90",
        "+2h0min15s, 7215",
        "-24h, -86400"
    })
    void offsetsAreWrittenInHoursMinutesAndSeconds(String offset, int seconds) throws IOException {
        FeedFaults faults =
                faults("  skewedClocks:\n    - {stations: [sihe], offset: '" + offset + "'}\n");
        assertThat(faults.skewedClocks().get(0).offsetSeconds()).isEqualTo(seconds);
    }

    @Test
    void driftGrowsFromTheWindowsStart() throws IOException {
        ClockSkew skew =
                faults(
                                "  skewedClocks:\n"
                                        + "    - {gates: [sihe-g01], from: '07:00', to: '09:00',"
                                        + " driftSecondsPerHour: -36}\n")
                        .skewedClocks()
                        .get(0);
        assertThat(skew.offsetSeconds()).isZero();
        assertThat(skew.errorMillis(0)).isZero();
        assertThat(skew.errorMillis(1_800)).isEqualTo(-18_000);
        assertThat(skew.errorMillis(3_600)).isEqualTo(-36_000);
        ClockSkew both = new ClockSkew(skew.gates(), skew.window(), 60, 36);
        assertThat(both.errorMillis(100)).isEqualTo(61_000);
    }

    @Test
    void gateSetsAndTrainSilencesMatchWhatTheyName() throws IOException {
        FeedFaults faults =
                faults(
                        "  silentGates:\n"
                                + "    - {gates: [sihe-g03], stations: [luhu]}\n"
                                + "  silentTrainFeed:\n"
                                + "    - {stations: [guangfu], from: '08:00', to: '08:05'}\n"
                                + "  lostTaps:\n"
                                + "    - {share: 0.5}\n");
        GateSet silent = faults.silentGates().get(0).gates();
        assertThat(silent.matches("sihe", "sihe-g03")).isTrue();
        assertThat(silent.matches("sihe", "sihe-g04")).isFalse();
        assertThat(silent.matches("luhu", "luhu-g08")).isTrue();
        assertThat(faults.silentTrainFeed().get(0).matches("guangfu")).isTrue();
        assertThat(faults.silentTrainFeed().get(0).matches("luhu")).isFalse();
        // A loss rule without gates or stations covers every gate.
        assertThat(faults.lostTaps().get(0).gates().matches("nijiaqiao", "nijiaqiao-g16")).isTrue();
        assertThat(faults.isEmpty()).isFalse();
    }

    @Test
    void theFormatDocsExamplesLoad() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String section =
                readme.substring(readme.indexOf("## Feed faults"), readme.indexOf("## extends"));
        List<String> examples = new ArrayList<>();
        Matcher block = YAML_BLOCK.matcher(section);
        while (block.find()) {
            examples.add(block.group(1));
        }
        assertThat(examples).hasSize(4);
        for (String example : examples) {
            assertThat(example).startsWith("feeds:\n");
            assertThat(faults(example.substring("feeds:\n".length())).isEmpty())
                    .as(example)
                    .isFalse();
        }
    }

    @Test
    void gateIdsAreTheSimulatorsNames() {
        assertThat(FeedFaults.gateId("nijiaqiao", 0)).isEqualTo("nijiaqiao-g01");
        assertThat(FeedFaults.gateId("tianfu-square", 27)).isEqualTo("tianfu-square-g28");
    }

    @Test
    void badFaultsAreNamedWithTheirKeyPath() throws IOException {
        assertBroken(
                "  skewedClocks:\n    - {gates: [sihe-g01], offset: 'one hour'}\n",
                "feeds.skewedClocks[0].offset",
                "must be like +1h, -30min, +90s or -1h30min, got 'one hour'");
        assertBroken(
                "  skewedClocks:\n    - {gates: [sihe-g01], offset: '+25h'}\n",
                "feeds.skewedClocks[0].offset",
                "must be at most 24h either way");
        assertBroken(
                "  skewedClocks:\n    - {gates: [sihe-g01], offset: '+'}\n",
                "feeds.skewedClocks[0].offset",
                "must be like");
        assertBroken(
                "  skewedClocks:\n    - {gates: [sihe-g01]}\n",
                "feeds.skewedClocks[0]",
                "needs an offset, a driftSecondsPerHour, or both");
        assertBroken(
                "  skewedClocks:\n    - {offset: '+1h'}\n",
                "feeds.skewedClocks[0]",
                "needs gates, stations, or both");
        assertBroken(
                "  skewedClocks:\n    - {gates: [sihe-g01], driftSecondsPerHour: 4000}\n",
                "feeds.skewedClocks[0].driftSecondsPerHour",
                "must be between -3600 and 3600, got 4000");
        assertBroken(
                "  skewedClocks:\n"
                        + "    - {gates: [sihe-g01], offset: '+1h', from: '09:00', to: '08:00'}\n",
                "feeds.skewedClocks[0].to",
                "must be after from");
        assertBroken(
                "  silentGates:\n    - {gates: [nijiaqiao-g17]}\n",
                "feeds.silentGates[0].gates[0]",
                "unknown gate 'nijiaqiao-g17'; nijiaqiao has gates nijiaqiao-g01 to"
                        + " nijiaqiao-g16");
        assertBroken(
                "  silentGates:\n    - {gates: [nijiaqiao-g1]}\n",
                "feeds.silentGates[0].gates[0]",
                "unknown gate 'nijiaqiao-g1'");
        assertBroken(
                "  silentGates:\n    - {gates: [gate-7]}\n",
                "feeds.silentGates[0].gates[0]",
                "unknown gate 'gate-7'; a gate id is a station id and a gate number, like"
                        + " weijianian-g01");
        assertBroken(
                "  silentGates:\n    - {stations: [atlantis]}\n",
                "feeds.silentGates[0].stations[0]",
                "unknown station 'atlantis'");
        assertBroken(
                "  silentGates:\n    - {stations: [sihe], offset: '+1h'}\n",
                "feeds.silentGates[0].offset",
                "unknown key; expected one of from, gates, stations, to");
        assertBroken(
                "  silentTrainFeed:\n    - {from: '08:00', to: '8 am'}\n",
                "feeds.silentTrainFeed[0].to",
                "must be a time of day HH:MM");
        assertBroken(
                "  silentTrainFeed:\n    - {gates: [sihe-g01]}\n",
                "feeds.silentTrainFeed[0].gates",
                "unknown key; expected one of from, stations, to");
        assertBroken(
                "  lostTaps:\n    - {stations: [sihe], share: 1.5}\n",
                "feeds.lostTaps[0].share",
                "must be between 0 and 1, got 1.5");
        assertBroken(
                "  lostTaps:\n    - {stations: [sihe]}\n", "feeds.lostTaps[0].share", "missing");
        assertBroken("  lostTaps: {share: 0.1}\n", "feeds.lostTaps", "must be a list");
        assertBroken(
                "  lostTap:\n    - {share: 0.1}\n",
                "feeds.lostTap",
                "unknown key; expected one of gate, lostTaps, silentGates, silentTrainFeed,"
                        + " skewedClocks, train");
    }
}
