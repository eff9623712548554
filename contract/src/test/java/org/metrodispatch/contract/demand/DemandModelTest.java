package org.metrodispatch.contract.demand;

import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

class DemandModelTest {

    static final Path FULL_DAY = Path.of("../config/scenarios/weekday-full-day.yaml");

    private static DemandModel demand;
    private static Network network;
    private static JsonNode raw;

    @BeforeAll
    static void load() throws IOException {
        demand = Scenario.load(FULL_DAY).demand();
        network = demand.network();
        raw = new ObjectMapper(new YAMLFactory()).readTree(FULL_DAY.toFile());
    }

    private static int at(String id) {
        return network.indexOf(id);
    }

    private static boolean hasBothDirections(int station) {
        boolean forward = false;
        boolean reverse = false;
        for (int d = 0; d < network.stationCount(); d++) {
            forward |=
                    demand.reachable(station, d)
                            && network.direction(station, d) == Direction.FORWARD;
            reverse |=
                    demand.reachable(station, d)
                            && network.direction(station, d) == Direction.REVERSE;
        }
        return forward && reverse;
    }

    /** Every 15 minutes of service, plus odd seconds in between. */
    private static double[] serviceTimes() {
        int start = network.timetable().serviceStartSecond();
        int end = network.timetable().serviceEndSecond();
        double[] times = new double[(end - start) / 900 + 1];
        for (int i = 0; i < times.length; i++) {
            times[i] = Math.min(end - 1, start + i * 900 + (i % 3) * 137.5);
        }
        return times;
    }

    @Test
    void stationsComeFromTheScenarioFile() {
        JsonNode stations = raw.get("stations");
        assertThat(stations.size()).isEqualTo(network.stationCount());
        for (int s = 0; s < network.stationCount(); s++) {
            JsonNode station = stations.get(network.station(s).id());
            assertThat(demand.dailyEntries(s)).isEqualTo(station.get("dailyEntries").doubleValue());
            assertThat(demand.role(s)).isEqualTo(station.get("role").asText());
        }
        assertThat(demand.dailyEntries(at("nijiaqiao"))).isEqualTo(32_000.0);
        assertThat(demand.role(at("nijiaqiao"))).isEqualTo("residential");
    }

    @Test
    void directionSharesSumToOneWhereBothDirectionsExist() {
        int checked = 0;
        for (int s = 0; s < network.stationCount(); s++) {
            if (!hasBothDirections(s)) {
                continue;
            }
            for (double t : serviceTimes()) {
                double forward = demand.directionShare(s, Direction.FORWARD, t);
                double reverse = demand.directionShare(s, Direction.REVERSE, t);
                assertThat(forward).isBetween(0.0, 1.0);
                assertThat(reverse).isBetween(0.0, 1.0);
                assertThat(forward + reverse)
                        .as("%s at %s", network.station(s), t)
                        .isCloseTo(1.0, within(1e-9));
                checked++;
            }
        }
        // Every station but the first one and the two termini.
        assertThat(checked).isEqualTo((network.stationCount() - 3) * serviceTimes().length);
    }

    @Test
    void atTheFirstTrunkStationEveryoneTravelsForward() {
        int first = at("weijianian");
        for (double t : serviceTimes()) {
            assertThat(demand.directionShare(first, Direction.FORWARD, t)).isEqualTo(1.0);
            assertThat(demand.directionShare(first, Direction.REVERSE, t)).isEqualTo(0.0);
        }
    }

    @Test
    void atTheSouthernTerminiEveryoneTravelsBack() {
        for (String terminus : new String[] {"science-city", "wugensong"}) {
            for (double t : serviceTimes()) {
                assertThat(demand.directionShare(at(terminus), Direction.REVERSE, t))
                        .isEqualTo(1.0);
                assertThat(demand.directionShare(at(terminus), Direction.FORWARD, t))
                        .isEqualTo(0.0);
            }
        }
    }

    @Test
    void morningTripsFromHomesHeadTowardsTheOfficesInTheCentre() {
        // Shengxian Lake (residential, north) at 08:00: most trips go south to the offices.
        assertThat(demand.directionShare(at("shengxian-lake"), Direction.FORWARD, 8 * 3600))
                .isGreaterThan(0.8);
    }

    @Test
    void alightingSharesLieBetweenZeroAndOne() {
        for (int s = 0; s < network.stationCount(); s++) {
            for (Direction direction : Direction.values()) {
                for (double t : serviceTimes()) {
                    assertThat(demand.alightingShare(s, direction, t))
                            .as("%s %s at %s", network.station(s), direction, t)
                            .isBetween(0.0, 1.0);
                }
            }
        }
    }

    @Test
    void everyoneAlightsAtATerminusAndNobodyArrivesAtTheStart() {
        for (double t : serviceTimes()) {
            if (t == network.timetable().serviceStartSecond()) {
                continue; // nobody has entered yet, so no train carries anyone
            }
            assertThat(demand.alightingShare(at("science-city"), Direction.FORWARD, t))
                    .isCloseTo(1.0, offset(1e-12));
            assertThat(demand.alightingShare(at("wugensong"), Direction.FORWARD, t))
                    .isCloseTo(1.0, offset(1e-12));
            assertThat(demand.alightingShare(at("weijianian"), Direction.REVERSE, t))
                    .isCloseTo(1.0, offset(1e-12));
            assertThat(demand.alightingShare(at("weijianian"), Direction.FORWARD, t)).isZero();
        }
        int morning = 8 * 3600;
        assertThat(demand.alightingShare(at("nijiaqiao"), Direction.FORWARD, morning))
                .isBetween(0.0, 1.0)
                .isNotEqualTo(1.0);
    }

    @Test
    void officesDrawMoreOfTheirArrivingTrainOffInTheMorningThanInTheEvening() {
        int square = at("tianfu-square");
        assertThat(demand.alightingShare(square, Direction.FORWARD, 8 * 3600))
                .isGreaterThan(demand.alightingShare(square, Direction.FORWARD, 18 * 3600));
    }

    @Test
    void entryRateIntegratesToTheDailyEntries() {
        double step = 5;
        for (int s = 0; s < network.stationCount(); s++) {
            double sum = 0;
            double previous = demand.entryRate(s, 0);
            for (double t = step; t <= 86_400; t += step) {
                double rate = demand.entryRate(s, t);
                sum += (previous + rate) / 2 * step;
                previous = rate;
            }
            assertThat(sum)
                    .as(network.station(s).id())
                    .isCloseTo(demand.dailyEntries(s), within(demand.dailyEntries(s) * 0.01));
        }
    }

    @Test
    void nobodyEntersOutsideServiceHours() {
        int start = network.timetable().serviceStartSecond();
        int end = network.timetable().serviceEndSecond();
        for (int s = 0; s < network.stationCount(); s++) {
            assertThat(demand.entryRate(s, 0)).isZero();
            assertThat(demand.entryRate(s, start - 1)).isZero();
            assertThat(demand.entryRate(s, end)).isZero();
            assertThat(demand.entryRate(s, 86_399)).isZero();
            assertThat(demand.entryRate(s, 8 * 3600)).isPositive();
        }
    }

    @Test
    void residentialStationsPeakInTheMorning() {
        int home = at("nijiaqiao");
        assertThat(demand.entryRate(home, 8 * 3600))
                .isGreaterThan(3 * demand.entryRate(home, 18 * 3600));
        int office = at("financial-city");
        assertThat(demand.entryRate(office, 18 * 3600))
                .isGreaterThan(3 * demand.entryRate(office, 8 * 3600));
    }

    @Test
    void destinationsOnTheOtherBranchHaveNoWeight() {
        double[] weights = new double[network.stationCount()];
        double total = demand.destinationWeights(at("huayang"), 8 * 3600, weights);
        assertThat(total).isPositive();
        assertThat(demand.reachable(at("huayang"), at("guangdu"))).isFalse();
        assertThat(demand.reachable(at("huayang"), at("wugensong"))).isFalse();
        assertThat(weights[at("guangdu")]).isZero();
        assertThat(weights[at("wugensong")]).isZero();
        assertThat(weights[at("huayang")]).as("no trip to itself").isZero();
        assertThat(weights[at("sihe")]).isPositive();
        assertThat(weights[at("science-city")]).isPositive();

        demand.destinationWeights(at("guangdu"), 8 * 3600, weights);
        assertThat(weights[at("huayang")]).isZero();
        assertThat(weights[at("science-city")]).isZero();
        assertThat(weights[at("weijianian")]).isPositive();
    }

    @Test
    void destinationWeightsAreNonNegativeAndSumToTheTotal() {
        double[] weights = new double[network.stationCount()];
        for (int o = 0; o < network.stationCount(); o++) {
            for (double t : serviceTimes()) {
                double total = demand.destinationWeights(o, t, weights);
                double sum = 0;
                for (int d = 0; d < weights.length; d++) {
                    assertThat(weights[d]).isFinite().isNotNegative();
                    assertThat(weights[d] > 0).isEqualTo(demand.reachable(o, d));
                    sum += weights[d];
                }
                assertThat(total).isCloseTo(sum, within(sum * 1e-12));
            }
        }
    }

    @Test
    void reachabilityIsSymmetricAndMatchesTheTopologyForThisNetwork() {
        for (int o = 0; o < network.stationCount(); o++) {
            for (int d = 0; d < network.stationCount(); d++) {
                assertThat(demand.reachable(o, d)).isEqualTo(demand.reachable(d, o));
                // Both services start at the first station, so any ride on the tree is one service.
                assertThat(demand.reachable(o, d)).isEqualTo(network.direction(o, d) != null);
            }
        }
    }
}
