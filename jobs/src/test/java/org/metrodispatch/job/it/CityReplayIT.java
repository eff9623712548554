package org.metrodispatch.job.it;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.SparePool;
import org.metrodispatch.contract.network.Station;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.Replay;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.output.FileEventSink;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A city of three lines in one job: Chengdu Line 1, a copy of it (its own ids, seed and spare
 * trains) and a line of another shape (the two-arm example, moved to Chengdu's time zone),
 * simulated together into one feed and replayed at parallelism 2. Each line is planned by its own
 * planner: every decision names its line's stations and spare pools, and each line decides exactly
 * as a job serving that line alone decides on that line's records.
 */
class CityReplayIT {

    @RegisterExtension static final MiniClusterExtension FLINK = JobTestSupport.miniCluster();

    private static final long SEED = 1;
    private static final String FROM = "07:00";
    private static final String TO = "09:30";
    private static final int NETWORK_SHARES_SLOT_SECONDS = 900;

    @TempDir static Path dir;
    private static JobSettings settings;
    private static List<Scenario> lines;
    private static City city;
    private static List<FlowShares> shares;
    private static Path cityOut;

    @BeforeAll
    static void replayACityOfThreeLines() throws Exception {
        settings = JobTestSupport.settings();
        settings.parallelism = 2;
        Scenario peak = Scenario.load(JobTestSupport.MORNING_PEAK);
        lines = new ArrayList<>(peak.onCopies(2));
        lines.add(twoArmLineInChengdusTimeZone());
        List<Network> networks = new ArrayList<>();
        lines.forEach(line -> networks.add(line.network()));
        city = City.of("test-city", "Test city", networks);
        // Line 1's learned shares serve its copy too (same stations, in the same order); the
        // two-arm line, without a profile, has shares from its network alone.
        FlowShares lineOne = JobTestSupport.shares(settings, peak.network());
        shares =
                List.of(
                        lineOne,
                        lineOne,
                        FlowShares.fromNetwork(networks.get(2), NETWORK_SHARES_SLOT_SECONDS));
        Path input = dir.resolve("city");
        simulate(lines, input);
        cityOut = dir.resolve("city-out");
        Replay.run(settings, city, shares, input, cityOut);
    }

    @Test
    void everyDecisionNamesItsOwnLinesStationsAndSpareTrains() throws IOException {
        List<DispatchDecision> decisions =
                JobTestSupport.decisions(cityOut.resolve("decisions.jsonl"));
        Set<String> linesRaised =
                decisions.stream()
                        .filter(d -> d.decision == DecisionType.RAISED)
                        .map(d -> d.lineId)
                        .collect(Collectors.toSet());
        assertThat(linesRaised)
                .as("both copies of Line 1 crowd at their Nijiaqiao and get an empty train")
                .contains("1", "1-2");
        for (DispatchDecision decision : decisions) {
            Network line = city.line(decision.lineId);
            assertThat(line).as("line of %s", decision.decisionId).isNotNull();
            assertThat(line.indexOf(decision.stationId))
                    .as("%s is about a station of line %s", decision.decisionId, decision.lineId)
                    .isNotNegative();
            if (decision.emptyTrain != null) {
                assertThat(line.sparePools().stream().map(SparePool::id))
                        .as("the empty train of %s comes from its line", decision.decisionId)
                        .contains(decision.emptyTrain.poolId);
                assertThat(line.indexOf(decision.emptyTrain.fromStationId)).isNotNegative();
            }
        }
    }

    @Test
    void eachLineDecidesAsAJobServingThatLineAlone() throws Exception {
        List<String> cityDecisions =
                JobTestSupport.decisionLines(cityOut.resolve("decisions.jsonl"));
        for (int l = 0; l < lines.size(); l++) {
            Scenario line = lines.get(l);
            String lineId = line.network().lineId();
            Path alone = dir.resolve("alone-" + l);
            simulateAlone(line, SEED + l, alone);
            Path out = dir.resolve("alone-" + l + "-out");
            Replay.run(settings, City.of(line.network()), List.of(shares.get(l)), alone, out);
            List<String> expected = JobTestSupport.decisionLines(out.resolve("decisions.jsonl"));
            List<String> ofThisLine =
                    cityDecisions.stream()
                            .filter(d -> d.contains("\"lineId\":\"" + lineId + "\""))
                            .collect(Collectors.toList());
            assertThat(ofThisLine)
                    .as("line %s's decisions in the city against the line alone", lineId)
                    .isEqualTo(expected);
        }
    }

    @Test
    void everyStationOfEveryLineHasItsLoad() throws IOException {
        Set<String> reported = new HashSet<>();
        for (String load :
                Files.readAllLines(cityOut.resolve("station-load.jsonl"), StandardCharsets.UTF_8)) {
            reported.add(load.substring(14, load.indexOf('"', 14)));
        }
        Set<String> stations = new HashSet<>();
        for (Network line : city.lines()) {
            line.stations().stream().map(Station::id).forEach(stations::add);
        }
        assertThat(stations).hasSize(city.stationCount());
        assertThat(reported).isEqualTo(stations);
    }

    /** The lines simulated together into one folder, line {@code k} with seed SEED + k. */
    private static void simulate(List<Scenario> lines, Path folder) throws IOException {
        try (FileEventSink sink = new FileEventSink(folder)) {
            List<Simulation> simulations = new ArrayList<>();
            for (int k = 0; k < lines.size(); k++) {
                simulations.add(new Simulation(lines.get(k), options(SEED + k), sink));
            }
            Simulation.runTogether(simulations);
        }
    }

    private static void simulateAlone(Scenario line, long seed, Path folder) throws IOException {
        try (FileEventSink sink = new FileEventSink(folder)) {
            new Simulation(line, options(seed), sink).run();
        }
    }

    private static SimulationOptions options(long seed) {
        return new SimulationOptions(
                seed,
                lines.get(0).date(),
                JobTestSupport.time(FROM),
                JobTestSupport.time(TO),
                SimulationOptions.FAST);
    }

    /** The two-arm example line and its morning, in Asia/Shanghai: a city keeps one time. */
    private static Scenario twoArmLineInChengdusTimeZone() throws IOException {
        Path examples = JobTestSupport.CONFIG.resolve("networks/examples");
        Path networks = Files.createDirectories(dir.resolve("networks"));
        Files.writeString(
                networks.resolve("two-arm-line.yaml"),
                Files.readString(examples.resolve("two-arm-line.yaml"))
                        .replace("timeZone: America/Sao_Paulo", "timeZone: Asia/Shanghai"));
        Path scenarios = Files.createDirectories(dir.resolve("scenarios"));
        Path scenario = scenarios.resolve("two-arm-morning.yaml");
        Files.writeString(
                scenario,
                Files.readString(
                                JobTestSupport.CONFIG.resolve(
                                        "scenarios/examples/two-arm-morning.yaml"))
                        .replace(
                                "network: ../../networks/examples/two-arm-line.yaml",
                                "network: ../networks/two-arm-line.yaml"));
        return Scenario.load(scenario);
    }
}
