package org.metrodispatch.contract.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Topology queries on the real Chengdu Line 1 network. */
class NetworkTest {

    static final Path CHENGDU = Path.of("../config/networks/chengdu-line1.yaml");

    private static Network network;
    private static JsonNode raw;

    @BeforeAll
    static void load() throws IOException {
        network = NetworkLoader.load(CHENGDU);
        raw = new ObjectMapper(new YAMLFactory()).readTree(CHENGDU.toFile());
    }

    private static int at(String id) {
        int index = network.indexOf(id);
        assertThat(index).as(id).isNotNegative();
        return index;
    }

    private static List<String> ids(int[] path) {
        return Arrays.stream(path)
                .mapToObj(i -> network.station(i).id())
                .collect(Collectors.toList());
    }

    /** Trunk station ids in file order, read from the YAML directly. */
    private static List<String> trunkIds() {
        List<String> ids = new ArrayList<>();
        raw.get("stations").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    @Test
    void directionOfARideFollowsTheTree() {
        assertThat(network.direction(at("weijianian"), at("wugensong")))
                .isEqualTo(Direction.FORWARD);
        assertThat(network.direction(at("wugensong"), at("weijianian")))
                .isEqualTo(Direction.REVERSE);
        assertThat(network.direction(at("weijianian"), at("science-city")))
                .isEqualTo(Direction.FORWARD);
        assertThat(network.direction(at("sihe"), at("guangdu"))).isEqualTo(Direction.FORWARD);
        assertThat(network.direction(at("huayang"), at("sihe"))).isEqualTo(Direction.REVERSE);
        assertThat(network.direction(at("nijiaqiao"), at("tianfu-square")))
                .isEqualTo(Direction.REVERSE);
    }

    @Test
    void noRideConnectsTheTwoBranchesBeyondTheFork() {
        assertThat(network.direction(at("huayang"), at("guangdu"))).isNull();
        assertThat(network.direction(at("guangdu"), at("huayang"))).isNull();
        assertThat(network.direction(at("science-city"), at("wugensong"))).isNull();
        assertThat(network.isAncestor(at("huayang"), at("guangdu"))).isFalse();
        assertThat(network.isAncestor(at("guangdu"), at("huayang"))).isFalse();
        assertThatThrownBy(() -> network.path(at("huayang"), at("guangdu")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("huayang")
                .hasMessageContaining("guangdu");
        assertThatThrownBy(() -> network.runSeconds(at("science-city"), at("wugensong")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStationIsNotItsOwnAncestorAndHasNoDirectionToItself() {
        for (int s = 0; s < network.stationCount(); s++) {
            assertThat(network.isAncestor(s, s)).isFalse();
            assertThat(network.direction(s, s)).isNull();
            assertThat(network.path(s, s)).containsExactly(s);
            assertThat(network.runSeconds(s, s)).isZero();
            assertThat(network.emptyRunSeconds(s, s)).isZero();
        }
    }

    @Test
    void ancestryIsAStrictOrderAndDirectionIsAntisymmetric() {
        int n = network.stationCount();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (network.isAncestor(a, b)) {
                    assertThat(network.isAncestor(b, a)).isFalse();
                    assertThat(network.direction(a, b)).isEqualTo(Direction.FORWARD);
                    assertThat(network.direction(b, a)).isEqualTo(Direction.REVERSE);
                    for (int c = 0; c < n; c++) {
                        if (network.isAncestor(b, c)) {
                            assertThat(network.isAncestor(a, c)).isTrue();
                        }
                    }
                }
            }
        }
    }

    @Test
    void theFirstTrunkStationIsAnAncestorOfEveryOtherStation() {
        int first = at("weijianian");
        assertThat(first).isZero();
        for (int s = 1; s < network.stationCount(); s++) {
            assertThat(network.isAncestor(first, s)).as(network.station(s).id()).isTrue();
        }
    }

    @Test
    void pathToTheBranchRunsViaSihe() {
        List<String> path = ids(network.path(at("weijianian"), at("wugensong")));
        List<String> expected =
                new ArrayList<>(trunkIds().subList(0, trunkIds().indexOf("sihe") + 1));
        expected.add("guangdu");
        expected.add("wugensong");
        assertThat(path).isEqualTo(expected);
        assertThat(path).doesNotContain("huayang", "science-city");
    }

    @Test
    void reversePathIsTheForwardPathBackwards() {
        int n = network.stationCount();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (network.isAncestor(a, b)) {
                    int[] forward = network.path(a, b);
                    int[] reverse = network.path(b, a);
                    assertThat(forward[0]).isEqualTo(a);
                    assertThat(forward[forward.length - 1]).isEqualTo(b);
                    for (int i = 0; i < forward.length; i++) {
                        assertThat(reverse[i]).isEqualTo(forward[forward.length - 1 - i]);
                    }
                    for (int i = 1; i < forward.length; i++) {
                        assertThat(network.station(forward[i]).parentIndex())
                                .isEqualTo(forward[i - 1]);
                    }
                }
            }
        }
    }

    @Test
    void runSecondsAreTheSumOfTheRunTimesInTheFile() {
        List<Integer> runs = new ArrayList<>();
        raw.get("stations")
                .forEach(
                        s -> {
                            if (s.has("runSecondsToNext")) {
                                runs.add(s.get("runSecondsToNext").intValue());
                            }
                        });
        int trunkTotal = runs.stream().mapToInt(Integer::intValue).sum();
        int first = at("weijianian");
        int last = at("science-city");
        assertThat(network.runSeconds(first, last)).isEqualTo(trunkTotal);
        assertThat(network.runSeconds(last, first)).isEqualTo(trunkTotal);
        assertThat(network.runSeconds(first, at("shengxian-lake"))).isEqualTo(runs.get(0));
        // Sihe -> Guangdu is runSecondsFromFork, then Guangdu's runSecondsToNext.
        JsonNode branch = raw.get("branches").get(0);
        int fork = branch.get("runSecondsFromFork").intValue();
        int guangduToWugensong = branch.get("stations").get(0).get("runSecondsToNext").intValue();
        assertThat(network.runSeconds(at("sihe"), at("guangdu"))).isEqualTo(fork);
        assertThat(network.runSeconds(at("sihe"), at("wugensong")))
                .isEqualTo(fork + guangduToWugensong);
        int toSihe =
                runs.subList(0, trunkIds().indexOf("sihe")).stream()
                        .mapToInt(Integer::intValue)
                        .sum();
        assertThat(network.runSeconds(first, at("wugensong")))
                .isEqualTo(toSihe + fork + guangduToWugensong);
    }

    @Test
    void runSecondsAddUpAlongAPath() {
        int n = network.stationCount();
        for (int a = 0; a < n; a++) {
            for (int c = 0; c < n; c++) {
                if (!network.isAncestor(a, c)) {
                    continue;
                }
                for (int b : network.path(a, c)) {
                    assertThat(network.runSeconds(a, b) + network.runSeconds(b, c))
                            .isEqualTo(network.runSeconds(a, c));
                }
                assertThat(network.runSeconds(c, a)).isEqualTo(network.runSeconds(a, c));
            }
        }
    }

    @Test
    void serviceTravelAddsTheDwellOfEveryStationInBetween() {
        int defaultDwell = raw.get("stationDefaults").get("dwellSeconds").intValue();
        int a = at("north-railway-station");
        int b = at("nijiaqiao");
        int dwell = 0;
        List<String> trunk = trunkIds();
        for (int i = trunk.indexOf("north-railway-station") + 1;
                i < trunk.indexOf("nijiaqiao");
                i++) {
            JsonNode station = raw.get("stations").get(i);
            dwell +=
                    station.has("dwellSeconds")
                            ? station.get("dwellSeconds").intValue()
                            : defaultDwell;
        }
        assertThat(dwell).isGreaterThan(0);
        assertThat(network.serviceTravelSeconds(a, b)).isEqualTo(network.runSeconds(a, b) + dwell);
        assertThat(network.serviceTravelSeconds(b, a)).isEqualTo(network.runSeconds(a, b) + dwell);
        // Adjacent stations: nothing in between.
        assertThat(network.serviceTravelSeconds(at("sihe"), at("huayang")))
                .isEqualTo(network.runSeconds(at("sihe"), at("huayang")));
    }

    @Test
    void emptyRunPassesIntermediateStationsWithoutDwelling() {
        int pass = network.passThroughSeconds();
        int a = at("shengxian-lake");
        int b = at("nijiaqiao");
        int between = network.path(a, b).length - 2;
        assertThat(between).isEqualTo(8);
        assertThat(network.emptyRunSeconds(a, b))
                .isEqualTo(network.runSeconds(a, b) + between * pass);
        assertThat(network.emptyRunSeconds(a, b)).isLessThan(network.serviceTravelSeconds(a, b));
        assertThat(network.emptyRunSeconds(at("sihe"), at("guangdu")))
                .isEqualTo(network.runSeconds(at("sihe"), at("guangdu")));
    }

    @Test
    void servicesLeavingAStationInADirection() {
        assertThat(serviceIds(network.servicesLeaving(at("weijianian"), Direction.FORWARD)))
                .containsExactlyInAnyOrder("science-city", "wugensong");
        assertThat(network.servicesLeaving(at("weijianian"), Direction.REVERSE)).isEmpty();
        assertThat(serviceIds(network.servicesLeaving(at("sihe"), Direction.FORWARD)))
                .containsExactlyInAnyOrder("science-city", "wugensong");
        assertThat(serviceIds(network.servicesLeaving(at("sihe"), Direction.REVERSE)))
                .containsExactlyInAnyOrder("science-city", "wugensong");
        assertThat(serviceIds(network.servicesLeaving(at("huayang"), Direction.FORWARD)))
                .containsExactly("science-city");
        assertThat(serviceIds(network.servicesLeaving(at("guangdu"), Direction.REVERSE)))
                .containsExactly("wugensong");
        assertThat(network.servicesLeaving(at("science-city"), Direction.FORWARD)).isEmpty();
        assertThat(serviceIds(network.servicesLeaving(at("science-city"), Direction.REVERSE)))
                .containsExactly("science-city");
        assertThat(network.servicesLeaving(at("wugensong"), Direction.FORWARD)).isEmpty();
    }

    private static List<String> serviceIds(List<Service> services) {
        return services.stream().map(Service::id).collect(Collectors.toList());
    }

    @Test
    void servicePathsRunTerminusToTerminus() {
        Service wugensong =
                network.services().stream()
                        .filter(s -> s.id().equals("wugensong"))
                        .findFirst()
                        .orElseThrow();
        assertThat(wugensong.origin(Direction.FORWARD)).isEqualTo(at("weijianian"));
        assertThat(wugensong.terminus(Direction.FORWARD)).isEqualTo(at("wugensong"));
        assertThat(wugensong.origin(Direction.REVERSE)).isEqualTo(at("wugensong"));
        assertThat(wugensong.terminus(Direction.REVERSE)).isEqualTo(at("weijianian"));
        assertThat(wugensong.forwardPath())
                .isEqualTo(network.path(at("weijianian"), at("wugensong")));
        assertThat(wugensong.path(Direction.REVERSE))
                .isEqualTo(network.path(at("wugensong"), at("weijianian")));
        assertThat(wugensong.calls(at("sihe"))).isTrue();
        assertThat(wugensong.calls(at("huayang"))).isFalse();
        // The arrays handed out are copies.
        wugensong.forwardPath()[0] = 99;
        assertThat(wugensong.forwardPath()[0]).isEqualTo(at("weijianian"));
    }

    @Test
    void directionNamesMapBothWays() {
        assertThat(network.directionName(Direction.FORWARD)).isEqualTo("southbound");
        assertThat(network.directionName(Direction.REVERSE)).isEqualTo("northbound");
        assertThat(network.direction("southbound")).isEqualTo(Direction.FORWARD);
        assertThat(network.direction("northbound")).isEqualTo(Direction.REVERSE);
        assertThat(network.direction("eastbound")).isNull();
        assertThat(network.direction((String) null)).isNull();
    }

    @Test
    void directionEnumHelpers() {
        assertThat(Direction.FORWARD.opposite()).isEqualTo(Direction.REVERSE);
        assertThat(Direction.REVERSE.opposite()).isEqualTo(Direction.FORWARD);
        for (Direction direction : Direction.values()) {
            assertThat(Direction.ofIndex(direction.index())).isEqualTo(direction);
        }
    }

    @Test
    void unknownStationIdsAreRefused() {
        assertThat(network.indexOf("atlantis")).isEqualTo(-1);
        assertThatThrownBy(() -> network.station("atlantis"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("atlantis");
    }

    @Test
    void listsAreImmutable() {
        assertThatThrownBy(() -> network.stations().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> network.services().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> network.sparePools().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
