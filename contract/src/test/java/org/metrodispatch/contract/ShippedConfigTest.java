package org.metrodispatch.contract;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Network network = NetworkLoader.load(file);
        assertThat(network.stationCount()).isGreaterThanOrEqualTo(2);
        assertThat(network.services()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void scenarioLoads(Path file) {
        Scenario scenario = Scenario.load(file);
        assertThat(scenario.network().stationCount()).isGreaterThanOrEqualTo(2);
        assertThat(scenario.toSecond()).isGreaterThan(scenario.fromSecond());
    }
}
