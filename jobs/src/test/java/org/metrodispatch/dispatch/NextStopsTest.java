package org.metrodispatch.dispatch;

import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Chengdu Line 1: the trunk parts at Sihe, towards Science City or Wugensong. */
class NextStopsTest {

    private static final int FORWARD = 0;
    private static final int REVERSE = 1;
    private static final int UNKNOWN_SERVICE = 0;

    private static Network network;
    private static NextStops nextStops;
    private static int scienceCity;
    private static int wugensong;

    @BeforeAll
    static void load() {
        network = NetworkLoader.load(Path.of("..", "config", "networks", "chengdu-line1.yaml"));
        nextStops = new NextStops(network);
        scienceCity = network.serviceIndex("science-city") + 1;
        wugensong = network.serviceIndex("wugensong") + 1;
    }

    private static int at(String station) {
        return network.indexOf(station);
    }

    @Test
    void onTheTrunkEveryTrainCallsAtTheSameNextStation() {
        for (int service : new int[] {UNKNOWN_SERVICE, scienceCity, wugensong}) {
            assertThat(nextStops.after(at("nijiaqiao"), FORWARD, service))
                    .isEqualTo(at("tongzilin"));
            assertThat(nextStops.after(at("nijiaqiao"), REVERSE, service))
                    .isEqualTo(at("sichuan-gymnasium"));
        }
    }

    @Test
    void whereTheServicesPartTheServiceSaysWhere() {
        assertThat(nextStops.after(at("sihe"), FORWARD, scienceCity)).isEqualTo(at("huayang"));
        assertThat(nextStops.after(at("sihe"), FORWARD, wugensong)).isEqualTo(at("guangdu"));
        assertThat(nextStops.after(at("sihe"), FORWARD, UNKNOWN_SERVICE)).isEqualTo(NextStops.NONE);
        // Towards the trunk the arms meet: either way the next stop is Sihe.
        assertThat(nextStops.after(at("guangdu"), REVERSE, UNKNOWN_SERVICE)).isEqualTo(at("sihe"));
        assertThat(nextStops.after(at("huayang"), REVERSE, scienceCity)).isEqualTo(at("sihe"));
    }

    @Test
    void aTerminusOrAStationTheServiceDoesNotCallAtHasNone() {
        assertThat(nextStops.after(at("science-city"), FORWARD, UNKNOWN_SERVICE))
                .isEqualTo(NextStops.NONE);
        assertThat(nextStops.after(at("weijianian"), REVERSE, scienceCity))
                .isEqualTo(NextStops.NONE);
        assertThat(nextStops.after(at("guangdu"), FORWARD, scienceCity)).isEqualTo(NextStops.NONE);
        assertThat(nextStops.after(-1, FORWARD, UNKNOWN_SERVICE)).isEqualTo(NextStops.NONE);
        assertThat(nextStops.after(at("sihe"), FORWARD, 99)).isEqualTo(NextStops.NONE);
    }
}
