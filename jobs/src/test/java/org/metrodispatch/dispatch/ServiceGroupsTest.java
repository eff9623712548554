package org.metrodispatch.dispatch;

import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Who can board which train on Line 1, whose two services split south of Sihe. */
class ServiceGroupsTest {

    private static Network network;
    private static ServiceGroups groups;

    @BeforeAll
    static void load() {
        network = NetworkLoader.load(Path.of("..", "config", "networks", "chengdu-line1.yaml"));
        groups = new ServiceGroups(network);
    }

    private static int at(String station) {
        return network.indexOf(station);
    }

    @Test
    void aPlatformBothServicesLeaveHasAGroupForEachSetOfServices() {
        int hiTech = at("hi-tech-zone");
        assertThat(groups.groups(hiTech, Direction.FORWARD)).isEqualTo(3);
        int toScienceCity = groups.group(hiTech, at("science-city"));
        int toWugensong = groups.group(hiTech, at("wugensong"));
        int toSihe = groups.group(hiTech, at("sihe"));
        assertThat(groups.name(hiTech, Direction.FORWARD, toScienceCity)).isEqualTo("science-city");
        assertThat(groups.name(hiTech, Direction.FORWARD, toWugensong)).isEqualTo("wugensong");
        assertThat(groups.name(hiTech, Direction.FORWARD, toSihe))
                .isEqualTo("science-city+wugensong");
        // A science-city train takes its own riders and those for the common section.
        int bit =
                groups.serviceBit(hiTech, Direction.FORWARD, network.serviceIndex("science-city"));
        assertThat((toScienceCity + 1) & bit).isNotZero();
        assertThat((toSihe + 1) & bit).isNotZero();
        assertThat((toWugensong + 1) & bit).isZero();
    }

    @Test
    void platformsOneServiceLeavesHaveNoGroups() {
        assertThat(groups.groups(at("guangdu"), Direction.FORWARD)).isZero();
        assertThat(groups.groups(at("xinglong-lake"), Direction.REVERSE)).isZero();
        // Northbound both services run to Weijianian: every rider boards every train.
        assertThat(groups.groups(at("hi-tech-zone"), Direction.REVERSE)).isEqualTo(3);
        double[] north = groups.networkShares(at("hi-tech-zone"), Direction.REVERSE);
        assertThat(north[2]).isCloseTo(1, within(1e-9));
        assertThat(groups.serviceBit(at("guangdu"), Direction.FORWARD, 1)).isZero();
        assertThat(groups.group(at("guangdu"), at("wugensong"))).isEqualTo(-1);
    }

    @Test
    void theNetworksPriorCountsEachReachableStationOnce() {
        int hiTech = at("hi-tech-zone");
        double[] shares = groups.networkShares(hiTech, Direction.FORWARD);
        int scienceCityOnly = 0;
        int wugensongOnly = 0;
        int either = 0;
        for (int d = 0; d < network.stationCount(); d++) {
            if (network.direction(hiTech, d) == Direction.FORWARD) {
                int g = groups.group(hiTech, d);
                scienceCityOnly += g == 0 ? 1 : 0;
                wugensongOnly += g == 1 ? 1 : 0;
                either += g == 2 ? 1 : 0;
            }
        }
        int all = scienceCityOnly + wugensongOnly + either;
        assertThat(wugensongOnly).isEqualTo(2);
        assertThat(shares[0]).isCloseTo((double) scienceCityOnly / all, within(1e-9));
        assertThat(shares[1]).isCloseTo(2.0 / all, within(1e-9));
        assertThat(shares[0] + shares[1] + shares[2]).isCloseTo(1, within(1e-9));
    }
}
