package org.metrodispatch.dispatch;

import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FlowSharesTest {

    private static final int SLOT = 900;

    private static Network network;
    private static FlowShares learned;
    private static FlowShares fromNetwork;

    @BeforeAll
    static void load() {
        network = NetworkLoader.load(Path.of("..", "config", "networks", "chengdu-line1.yaml"));
        // The profile the project ships, learned by calibrate from simulated history days.
        learned =
                FlowProfile.load(
                                Path.of("..", "config", "profiles", "chengdu-line1-weekday.yaml"),
                                network)
                        .shares(network);
        fromNetwork = FlowShares.fromNetwork(network, SLOT);
    }

    private static int station(String id) {
        return network.indexOf(id);
    }

    @Test
    void demandSharesAreSharesAndTheTwoDirectionsAddUpToOne() {
        for (FlowShares shares : new FlowShares[] {learned, fromNetwork}) {
            for (int s = 0; s < network.stationCount(); s++) {
                for (long second = 0; second < 86_400; second += SLOT / 3) {
                    double forward = shares.directionShare(s, Direction.FORWARD, second);
                    double reverse = shares.directionShare(s, Direction.REVERSE, second);
                    assertThat(forward).isBetween(0.0, 1.0);
                    assertThat(reverse).isBetween(0.0, 1.0);
                    assertThat(forward + reverse).isCloseTo(1.0, within(1e-9));
                    for (Direction d : Direction.values()) {
                        assertThat(shares.alightingShare(s, d, second)).isBetween(0.0, 1.0);
                    }
                }
            }
        }
    }

    @Test
    void atTheEndsOfTheLineEveryoneGoesOneWay() {
        for (FlowShares shares : new FlowShares[] {learned, fromNetwork}) {
            for (long second : new long[] {6 * 3_600, 8 * 3_600, 18 * 3_600, 22 * 3_600}) {
                assertThat(shares.directionShare(station("weijianian"), Direction.FORWARD, second))
                        .isEqualTo(1.0);
                assertThat(
                                shares.directionShare(
                                        station("science-city"), Direction.REVERSE, second))
                        .isEqualTo(1.0);
                assertThat(shares.directionShare(station("wugensong"), Direction.REVERSE, second))
                        .isEqualTo(1.0);
            }
        }
    }

    @Test
    void everyoneGetsOffAtTheTerminus() {
        long morning = 8 * 3_600;
        for (FlowShares shares : new FlowShares[] {learned, fromNetwork}) {
            assertThat(shares.alightingShare(station("science-city"), Direction.FORWARD, morning))
                    .isCloseTo(1.0, within(1e-6));
            assertThat(shares.alightingShare(station("weijianian"), Direction.REVERSE, morning))
                    .isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void aMiddleStationSendsPeopleBothWays() {
        long morning = 8 * 3_600;
        double forward = learned.directionShare(station("nijiaqiao"), Direction.FORWARD, morning);
        assertThat(forward).isStrictlyBetween(0.0, 1.0);
        assertThat(learned.alightingShare(station("nijiaqiao"), Direction.FORWARD, morning))
                .isStrictlyBetween(0.0, 1.0);
    }

    @Test
    void withoutDemandEveryReachableStationIsEquallyLikely() {
        int n = network.stationCount();
        int nijiaqiao = station("nijiaqiao");
        int ahead = 0;
        int behind = 0;
        for (int x = 0; x < n; x++) {
            Direction d = network.direction(nijiaqiao, x);
            if (d == Direction.FORWARD) {
                ahead++;
            } else if (d == Direction.REVERSE) {
                behind++;
            }
        }
        assertThat(ahead + behind).isEqualTo(n - 1);
        assertThat(fromNetwork.directionShare(nijiaqiao, Direction.FORWARD, 12 * 3_600))
                .isCloseTo((double) ahead / (ahead + behind), within(1e-6));
        assertThat(fromNetwork.alightingShare(nijiaqiao, Direction.FORWARD, 12 * 3_600))
                .isCloseTo(1.0 / (ahead + 1), within(1e-6));
        assertThat(fromNetwork.alightingShare(nijiaqiao, Direction.REVERSE, 12 * 3_600))
                .isCloseTo(1.0 / (behind + 1), within(1e-6));

        // From Guangdu on the branch, the trunk beyond Sihe cannot be reached: Wugensong ahead,
        // Sihe and the 21 stations north of it behind.
        int guangdu = station("guangdu");
        assertThat(network.direction(guangdu, station("science-city"))).isNull();
        assertThat(fromNetwork.directionShare(guangdu, Direction.FORWARD, 0))
                .isCloseTo(1.0 / 23, within(1e-6));
    }

    @Test
    void timesOfDayOutsideADayWrapAround() {
        int nijiaqiao = station("nijiaqiao");
        double morning = learned.directionShare(nijiaqiao, Direction.FORWARD, 8 * 3_600);
        assertThat(learned.directionShare(nijiaqiao, Direction.FORWARD, 86_400 + 8 * 3_600))
                .isEqualTo(morning);
        assertThat(learned.directionShare(nijiaqiao, Direction.FORWARD, 8 * 3_600 - 86_400))
                .isEqualTo(morning);
        // The last second of the day is in the last slot, not beyond the table.
        assertThat(learned.directionShare(nijiaqiao, Direction.FORWARD, 86_399))
                .isBetween(0.0, 1.0);
    }

    @Test
    void demandSharesFollowTheTimeOfDay() {
        // Days with peaks do not give the same split all day.
        int nijiaqiao = station("nijiaqiao");
        double min = 1;
        double max = 0;
        for (long second = 6 * 3_600; second < 23 * 3_600; second += SLOT) {
            double share = learned.directionShare(nijiaqiao, Direction.FORWARD, second);
            min = Math.min(min, share);
            max = Math.max(max, share);
        }
        assertThat(max - min).isGreaterThan(0.01);
    }
}
