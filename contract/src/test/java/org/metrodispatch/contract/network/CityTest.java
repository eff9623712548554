package org.metrodispatch.contract.network;

import org.metrodispatch.contract.config.ConfigException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CityTest {

    private static final Path NETWORKS = Path.of("../config/networks").toAbsolutePath();

    @TempDir Path dir;

    @Test
    void aNetworkFileIsACityOfOneLine() {
        City city = City.load(NETWORKS.resolve("chengdu-line1.yaml"));
        Network line = city.line(0);
        assertThat(city.lineCount()).isEqualTo(1);
        assertThat(city.inputLineId()).isEqualTo(line.lineId());
        assertThat(city.stationCount()).isEqualTo(line.stationCount());
        assertThat(city.indexOf("nijiaqiao")).isEqualTo(line.indexOf("nijiaqiao"));
    }

    @Test
    void copiesOfALineGetTheirOwnIdsAndFollowEachOtherInTheCitysIndex() {
        City city = City.load(NETWORKS.resolve("cities/chengdu-line1-x2.yaml"));
        Network first = city.line(0);
        Network second = city.line(1);
        int n = first.stationCount();
        assertThat(city.lineCount()).isEqualTo(2);
        assertThat(second.lineId()).isEqualTo(first.lineId() + "-2");
        assertThat(city.line("1-2")).isSameAs(second);
        assertThat(city.stationCount()).isEqualTo(2 * n);
        int nijiaqiao = first.indexOf("nijiaqiao");
        int copy = city.indexOf("nijiaqiao-2");
        assertThat(copy).isEqualTo(n + nijiaqiao);
        assertThat(city.lineOf(copy)).isEqualTo(1);
        assertThat(city.indexOnLine(copy)).isEqualTo(nijiaqiao);
        assertThat(city.cityIndex(1, nijiaqiao)).isEqualTo(copy);
        assertThat(city.station(copy).id()).isEqualTo("nijiaqiao-2");
        assertThat(second.sparePools().get(0).id())
                .isEqualTo(first.sparePools().get(0).id() + "-2");
        assertThat(second.runSeconds(0, 5)).isEqualTo(first.runSeconds(0, 5));
        assertThat(city.inputLineId()).isEqualTo("chengdu-line1-x2");
    }

    @Test
    void listingALineAgainNumbersItsCopiesOn() throws IOException {
        Path file = dir.resolve("city.yaml");
        Path line1 = NETWORKS.resolve("chengdu-line1.yaml");
        Files.writeString(
                file,
                "id: c\nlines:\n  - network: "
                        + line1
                        + "\n  - network: "
                        + line1
                        + "\n    copies: 2\n");
        City city = City.load(file);
        assertThat(city.lines().stream().map(Network::lineId)).containsExactly("1", "1-2", "1-3");
    }

    @Test
    void twoLinesWithOneStationIdAreRefused() throws IOException {
        Path other = dir.resolve("other.yaml");
        Files.writeString(
                other,
                Files.readString(NETWORKS.resolve("chengdu-line1.yaml"))
                        .replaceFirst("(?m)^lineId: .*$", "lineId: \"X\""));
        Path file = dir.resolve("city.yaml");
        Files.writeString(
                file,
                "id: c\nlines:\n  - network: "
                        + NETWORKS.resolve("chengdu-line1.yaml")
                        + "\n  - network: other.yaml\n");
        assertThatThrownBy(() -> City.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("city.yaml")
                .hasMessageContaining("station id '")
                .hasMessageContaining("is on lines '1' and 'X'");
    }

    @Test
    void twoLinesWithOneLineIdOrTwoTimeZonesAreRefused() {
        Network line = City.load(NETWORKS.resolve("chengdu-line1.yaml")).line(0);
        assertThatThrownBy(() -> City.of("c", "c", List.of(line, line)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line id '1' is given by two networks");
        Network harbour = NetworkLoader.load(NETWORKS.resolve("examples/harbour-line.yaml"));
        assertThatThrownBy(() -> City.of("c", "c", List.of(line, harbour)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("share one time zone");
    }
}
