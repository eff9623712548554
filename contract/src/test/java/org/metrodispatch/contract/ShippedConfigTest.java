package org.metrodispatch.contract;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every network and scenario shipped in config/, examples included, loads without an error. */
class ShippedConfigTest {

    private static final Path CONFIG = Path.of("../config");

    static List<Path> networks() throws IOException {
        return yamlFiles(CONFIG.resolve("networks"));
    }

    static List<Path> scenarios() throws IOException {
        return yamlFiles(CONFIG.resolve("scenarios"));
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> yaml =
                    files.filter(file -> file.toString().endsWith(".yaml"))
                            .sorted()
                            .collect(Collectors.toList());
            assertThat(yaml).as("YAML files under " + dir).isNotEmpty();
            return yaml;
        }
    }

    @ParameterizedTest
    @MethodSource("networks")
    void networkLoads(Path file) {
        // A network file, or a city file (its lines), as the job reads --network.
        City city = City.load(file);
        for (Network network : city.lines()) {
            assertThat(network.stationCount()).isGreaterThanOrEqualTo(2);
            assertThat(network.services()).isNotEmpty();
        }
        if (!isCityFile(file)) {
            assertThat(NetworkLoader.load(file).id()).isEqualTo(city.id());
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void scenarioLoads(Path file) {
        // A scenario, or a city scenario (its lines), as simulate reads --scenario.
        List<Scenario> lines = Scenario.loadLines(file);
        assertThat(lines).isNotEmpty();
        for (Scenario scenario : lines) {
            assertThat(scenario.network().stationCount()).isGreaterThanOrEqualTo(2);
            assertThat(scenario.toSecond()).isGreaterThan(scenario.fromSecond());
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void aCityScenarioSimulatesTheLinesOfItsCityFile(Path file) {
        if (!isCityFile(file)) {
            return;
        }
        // config/scenarios/cities/X.yaml simulates what config/networks/cities/<its city> names.
        List<Scenario> lines = Scenario.loadLines(file);
        List<City> cities = new ArrayList<>();
        for (Path cityFile : cityFiles()) {
            cities.add(City.load(cityFile));
        }
        assertThat(cities)
                .as("a city file with the lines of " + file)
                .anySatisfy(
                        city -> {
                            assertThat(city.lineCount()).isEqualTo(lines.size());
                            for (int l = 0; l < lines.size(); l++) {
                                Network line = city.line(l);
                                assertThat(lines.get(l).network().lineId())
                                        .isEqualTo(line.lineId());
                                assertThat(lines.get(l).network().stations())
                                        .extracting(station -> station.id())
                                        .isEqualTo(
                                                line.stations().stream()
                                                        .map(station -> station.id())
                                                        .collect(Collectors.toList()));
                            }
                        });
    }

    private static List<Path> cityFiles() {
        try {
            return networks().stream()
                    .filter(ShippedConfigTest::isCityFile)
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isCityFile(Path file) {
        return file.getParent().getFileName().toString().equals("cities");
    }
}
