package org.metrodispatch.contract.network;

import org.metrodispatch.contract.config.ConfigException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkLoaderTest {

    /** A small valid Y-shaped network; the broken cases each change one thing in it. */
    private static final String VALID =
            "id: test-line\n"
                    + "timeZone: Asia/Shanghai\n"
                    + "directions: {forward: southbound, reverse: northbound}\n"
                    + "train: {cars: 6, ratedCapacity: 1000, crushCapacity: 1300}\n"
                    + "stations:\n"
                    + "  - {id: alpha, runSecondsToNext: 100}\n"
                    + "  - {id: bravo, runSecondsToNext: 110}\n"
                    + "  - {id: charlie, nameZh: 查理, runSecondsToNext: 120}\n"
                    + "  - {id: delta-north}\n"
                    + "branches:\n"
                    + "  - id: east\n"
                    + "    forkStation: bravo\n"
                    + "    runSecondsFromFork: 90\n"
                    + "    stations:\n"
                    + "      - {id: echo, runSecondsToNext: 80}\n"
                    + "      - {id: foxtrot}\n"
                    + "services:\n"
                    + "  - {id: main, from: alpha, to: delta-north}\n"
                    + "  - {id: east, from: alpha, to: foxtrot, share: 0.5}\n"
                    + "timetable:\n"
                    + "  serviceStart: '05:30'\n"
                    + "  serviceEnd: '23:00'\n"
                    + "  headways:\n"
                    + "    - {from: '05:30', seconds: 300}\n"
                    + "    - {from: '07:00', seconds: 150}\n"
                    + "sparePools:\n"
                    + "  - {id: alpha-depot, kind: depot, station: alpha, spareTrains: 2,"
                    + " preparationSeconds: 300, directions: [southbound]}\n";

    @TempDir Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static String replace(String from, String to) {
        assertThat(VALID).contains(from);
        return VALID.replace(from, to);
    }

    /**
     * Loads a changed network and expects an error naming the file, the key path and the problem.
     */
    private void assertBroken(String yaml, String keyPath, String problem) throws IOException {
        Path file = write(yaml);
        assertThatThrownBy(() -> NetworkLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("broken.yaml: " + keyPath + ": ")
                .hasMessageContaining(problem);
    }

    // ---- The real network ----

    @Test
    void chengduLineOneLoadsWithItsStationsAndBranch() {
        Network network = NetworkLoader.load(NetworkTest.CHENGDU);
        assertThat(network.id()).isEqualTo("chengdu-line1");
        assertThat(network.name()).isEqualTo("Chengdu Metro Line 1");
        assertThat(network.lineId()).isEqualTo("1");
        assertThat(network.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(network.stationCount()).isEqualTo(35);
        assertThat(network.stations()).hasSize(35);
        assertThat(network.station(0).id()).isEqualTo("weijianian");
        assertThat(network.station(10).id()).isEqualTo("nijiaqiao");
        assertThat(network.station(32).id()).isEqualTo("science-city");
        // The trunk is a chain of 33 stations; the branch hangs off Sihe.
        for (int s = 0; s < 33; s++) {
            assertThat(network.station(s).parentIndex()).isEqualTo(s - 1);
            assertThat(network.station(s).index()).isEqualTo(s);
        }
        Station guangdu = network.station("guangdu");
        Station wugensong = network.station("wugensong");
        assertThat(guangdu.parentIndex()).isEqualTo(network.indexOf("sihe"));
        assertThat(guangdu.runSecondsFromParent()).isEqualTo(130);
        assertThat(wugensong.parentIndex()).isEqualTo(guangdu.index());
        assertThat(wugensong.runSecondsFromParent()).isEqualTo(150);
        assertThat(network.station(0).runSecondsFromParent()).isZero();
        assertThat(network.station(1).runSecondsFromParent()).isEqualTo(120);
    }

    @Test
    void chengduStationsCarryTheirOwnValuesOrTheDefaults() {
        Network network = NetworkLoader.load(NetworkTest.CHENGDU);
        Station nijiaqiao = network.station("nijiaqiao");
        assertThat(nijiaqiao.name()).isEqualTo("Nijiaqiao");
        assertThat(nijiaqiao.nameLocal()).isEqualTo("倪家桥");
        assertThat(nijiaqiao.platformAreaM2()).isEqualTo(1100.0);
        assertThat(nijiaqiao.waitingAreaM2()).isEqualTo(550.0);
        assertThat(nijiaqiao.gates()).isEqualTo(16);
        assertThat(nijiaqiao.dwellSeconds()).isEqualTo(40);
        assertThat(nijiaqiao.walkMinSeconds()).isEqualTo(40);
        assertThat(nijiaqiao.walkMaxSeconds()).isEqualTo(150);
        assertThat(nijiaqiao.walkMeanSeconds()).isEqualTo(95.0);
        assertThat(network.station("weijianian").dwellSeconds()).isEqualTo(35);
        assertThat(network.station("tianfu-square").dwellSeconds()).isEqualTo(70);
        assertThat(nijiaqiao).hasToString("nijiaqiao");
    }

    @Test
    void chengduTrainsServicesTimetableAndSignalling() {
        Network network = NetworkLoader.load(NetworkTest.CHENGDU);
        assertThat(network.ratedCapacity()).isEqualTo(1460);
        assertThat(network.crushCapacity()).isEqualTo(1880);
        assertThat(network.services())
                .extracting(Service::id)
                .containsExactly("science-city", "wugensong");
        assertThat(network.services()).allSatisfy(s -> assertThat(s.share()).isEqualTo(1.0));
        Service scienceCity = network.services().get(0);
        assertThat(scienceCity.forwardPath()).hasSize(33);
        assertThat(network.services().get(1).forwardPath())
                .hasSize(network.indexOf("sihe") + 1 + 2);

        Timetable timetable = network.timetable();
        assertThat(timetable.serviceStartSecond()).isEqualTo(5 * 3600 + 1800);
        assertThat(timetable.serviceEndSecond()).isEqualTo(23 * 3600);
        assertThat(timetable.turnaroundSeconds()).isEqualTo(300);
        assertThat(timetable.headwayAt(5 * 3600 + 1800)).isEqualTo(360);
        assertThat(timetable.headwayAt(6 * 3600 + 1799)).isEqualTo(360);
        assertThat(timetable.headwayAt(6 * 3600 + 1800)).isEqualTo(240);
        assertThat(timetable.headwayAt(8 * 3600)).isEqualTo(150);
        assertThat(timetable.headwayAt(9 * 3600 + 600)).isEqualTo(210);
        assertThat(timetable.headwayAt(12 * 3600)).isEqualTo(270);
        assertThat(timetable.headwayAt(18 * 3600)).isEqualTo(150);
        assertThat(timetable.headwayAt(22 * 3600 + 59 * 60)).isEqualTo(420);
        assertThat(timetable.headwayAt(0)).as("before the first period").isEqualTo(360);

        assertThat(network.minimumHeadwaySeconds()).isEqualTo(75);
        assertThat(network.passThroughSeconds()).isEqualTo(15);
    }

    @Test
    void chengduSparePools() {
        Network network = NetworkLoader.load(NetworkTest.CHENGDU);
        List<SparePool> pools = network.sparePools();
        assertThat(pools)
                .extracting(SparePool::id)
                .containsExactly(
                        "shengxian-lake-depot", "tianfu-square-siding", "century-city-siding");
        SparePool depot = pools.get(0);
        assertThat(depot.name()).isEqualTo("Shengxian Lake depot");
        assertThat(depot.kind()).isEqualTo(SparePool.Kind.DEPOT);
        assertThat(depot.stationIndex()).isEqualTo(network.indexOf("shengxian-lake"));
        assertThat(depot.spareTrains()).isEqualTo(2);
        assertThat(depot.preparationSeconds()).isEqualTo(420);
        assertThat(depot.serves(Direction.FORWARD)).isTrue();
        assertThat(depot.serves(Direction.REVERSE)).isFalse();
        SparePool siding = pools.get(1);
        assertThat(siding.kind()).isEqualTo(SparePool.Kind.TURNBACK_SIDING);
        assertThat(siding.stationIndex()).isEqualTo(network.indexOf("tianfu-square"));
        assertThat(siding.spareTrains()).isEqualTo(1);
        assertThat(siding.serves(Direction.FORWARD)).isTrue();
        assertThat(siding.serves(Direction.REVERSE)).isTrue();
        assertThat(pools.get(2).stationIndex()).isEqualTo(network.indexOf("century-city"));
        assertThat(pools.get(2).preparationSeconds()).isEqualTo(300);
    }

    // ---- A small network ----

    @Test
    void gtfsIdsComeFromTheFileOrDefaultToTheNetworksOwn() throws IOException {
        Network chengdu = NetworkLoader.load(NetworkTest.CHENGDU);
        assertThat(chengdu.gtfsRouteId()).isEqualTo("chengdu-metro-1");
        assertThat(chengdu.station("nijiaqiao").gtfsStopId()).isEqualTo("0111");
        assertThat(chengdu.station("wugensong").gtfsStopId()).isEqualTo("0135");
        assertThat(chengdu.gtfsDirectionId(Direction.FORWARD)).isZero();
        assertThat(chengdu.gtfsDirectionId(Direction.REVERSE)).isOne();

        Network plain = NetworkLoader.load(write(VALID));
        assertThat(plain.gtfsRouteId()).isEqualTo(plain.lineId());
        assertThat(plain.station("bravo").gtfsStopId()).isEqualTo("bravo");

        Network given =
                NetworkLoader.load(
                        write(
                                replace("  - {id: bravo,", "  - {id: bravo, gtfsStopId: '9002',")
                                        + "gtfs: {routeId: R1, forwardDirectionId: 1}\n"));
        assertThat(given.gtfsRouteId()).isEqualTo("R1");
        assertThat(given.station("bravo").gtfsStopId()).isEqualTo("9002");
        assertThat(given.gtfsDirectionId(Direction.FORWARD)).isOne();
        assertThat(given.gtfsDirectionId(Direction.REVERSE)).isZero();

        assertBroken(
                VALID + "gtfs: {forwardDirectionId: 2}\n", "gtfs.forwardDirectionId", "between");
    }

    @Test
    void validTestNetworkLoadsWithDefaults() throws IOException {
        Network network = NetworkLoader.load(write(VALID));
        assertThat(network.stations().stream().map(Station::id).collect(Collectors.toList()))
                .containsExactly("alpha", "bravo", "charlie", "delta-north", "echo", "foxtrot");
        assertThat(network.name()).isEqualTo("test-line");
        assertThat(network.lineId()).isEqualTo("test-line");
        assertThat(network.station("delta-north").name()).isEqualTo("Delta North");
        assertThat(network.station("charlie").nameLocal()).isEqualTo("查理");
        assertThat(network.station("alpha").nameLocal()).isNull();
        assertThat(network.station("alpha").platformAreaM2()).isEqualTo(1000.0);
        assertThat(network.station("alpha").dwellSeconds()).isEqualTo(30);
        assertThat(network.station("alpha").gates()).isEqualTo(10);
        assertThat(network.station("alpha").walkMinSeconds()).isEqualTo(30);
        assertThat(network.station("alpha").walkMaxSeconds()).isEqualTo(120);
        assertThat(network.station("echo").parentIndex()).isEqualTo(network.indexOf("bravo"));
        assertThat(network.station("echo").runSecondsFromParent()).isEqualTo(90);
        assertThat(network.services().get(1).share()).isEqualTo(0.5);
        assertThat(network.timetable().turnaroundSeconds()).isEqualTo(300);
        assertThat(network.minimumHeadwaySeconds()).isEqualTo(90);
        assertThat(network.passThroughSeconds()).isEqualTo(15);
        assertThat(network.sparePools().get(0).name()).isEqualTo("Alpha Depot");
        assertThat(network.direction(network.indexOf("charlie"), network.indexOf("echo"))).isNull();
        assertThat(network.runSeconds(network.indexOf("alpha"), network.indexOf("foxtrot")))
                .isEqualTo(100 + 90 + 80);
    }

    @Test
    void stationDefaultsApplyToStationsThatDoNotSayOtherwise() throws IOException {
        String yaml =
                replace(
                                "\nstations:\n",
                                "\nstationDefaults: {platformAreaM2: 800, dwellSeconds: 25, gates: 6,"
                                        + " walkSeconds: {min: 10, max: 20}}\n"
                                        + "stations:\n")
                        .replace(
                                "{id: bravo, runSecondsToNext: 110}",
                                "{id: bravo, runSecondsToNext: 110, dwellSeconds: 60, walkSeconds: {min: 5, max: 9}}");
        Network network = NetworkLoader.load(write(yaml));
        Station alpha = network.station("alpha");
        assertThat(alpha.platformAreaM2()).isEqualTo(800.0);
        assertThat(alpha.dwellSeconds()).isEqualTo(25);
        assertThat(alpha.gates()).isEqualTo(6);
        assertThat(alpha.walkMinSeconds()).isEqualTo(10);
        assertThat(alpha.walkMaxSeconds()).isEqualTo(20);
        Station bravo = network.station("bravo");
        assertThat(bravo.dwellSeconds()).isEqualTo(60);
        assertThat(bravo.walkMinSeconds()).isEqualTo(5);
        assertThat(bravo.walkMaxSeconds()).isEqualTo(9);
        assertThat(network.sparePools().get(0).serves(Direction.REVERSE)).isFalse();
    }

    @Test
    void sparePoolWithoutDirectionsServesBoth() throws IOException {
        Network network = NetworkLoader.load(write(replace(", directions: [southbound]}", "}")));
        assertThat(network.sparePools().get(0).serves(Direction.FORWARD)).isTrue();
        assertThat(network.sparePools().get(0).serves(Direction.REVERSE)).isTrue();
    }

    // ---- Broken networks ----

    @Test
    void duplicateStationId() throws IOException {
        assertBroken(
                replace("{id: charlie,", "{id: alpha,"),
                "stations[2].id",
                "station 'alpha' is listed twice");
        assertBroken(
                replace("{id: echo,", "{id: bravo,"),
                "branches[0].stations[0].id",
                "station 'bravo' is listed twice");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Charlie",
                "charlie_2",
                "charlie-",
                "-charlie",
                "char--lie",
                "'char lie'",
                "ünïcode"
            })
    void stationIdThatIsNotASlug(String id) throws IOException {
        String shown = id.replace("'", "");
        assertBroken(
                replace("{id: charlie,", "{id: " + id + ","),
                "stations[2].id",
                "'" + shown + "' must be a lowercase slug");
    }

    @Test
    void missingRunSecondsToNext() throws IOException {
        assertBroken(
                replace("{id: bravo, runSecondsToNext: 110}", "{id: bravo}"),
                "stations[1].runSecondsToNext",
                "missing (run time to the next station)");
        assertBroken(
                replace("{id: echo, runSecondsToNext: 80}", "{id: echo}"),
                "branches[0].stations[0].runSecondsToNext",
                "missing");
    }

    @Test
    void runSecondsToNextOnTheLastStation() throws IOException {
        assertBroken(
                replace("{id: delta-north}", "{id: delta-north, runSecondsToNext: 60}"),
                "stations[3].runSecondsToNext",
                "the last station of the trunk has no next station");
        assertBroken(
                replace("{id: foxtrot}", "{id: foxtrot, runSecondsToNext: 60}"),
                "branches[0].stations[1].runSecondsToNext",
                "the last station of a branch has no next station");
    }

    @Test
    void runSecondsOutOfRange() throws IOException {
        assertBroken(
                replace("runSecondsToNext: 110", "runSecondsToNext: 0"),
                "stations[1].runSecondsToNext",
                "must be between 1 and 7200, got 0");
        assertBroken(
                replace("runSecondsFromFork: 90", "runSecondsFromFork: -5"),
                "branches[0].runSecondsFromFork",
                "must be between 1 and 7200, got -5");
    }

    @Test
    void unknownForkStation() throws IOException {
        assertBroken(
                replace("forkStation: bravo", "forkStation: zulu"),
                "branches[0].forkStation",
                "'zulu' is not a station listed before this branch");
    }

    @Test
    void serviceWhoseEndIsNotDownstreamOfItsStart() throws IOException {
        assertBroken(
                replace(
                        "{id: main, from: alpha, to: delta-north}",
                        "{id: main, from: delta-north, to: alpha}"),
                "services[0].to",
                "'alpha' must lie after 'delta-north' in the southbound direction on one branch");
        assertBroken(
                replace(
                        "{id: main, from: alpha, to: delta-north}",
                        "{id: main, from: charlie, to: foxtrot}"),
                "services[0].to",
                "'foxtrot' must lie after 'charlie'");
        assertBroken(
                replace(
                        "{id: main, from: alpha, to: delta-north}",
                        "{id: main, from: alpha, to: alpha}"),
                "services[0].to",
                "must lie after");
    }

    @Test
    void serviceWithAnUnknownStationOrADuplicateId() throws IOException {
        assertBroken(
                replace("{id: main, from: alpha,", "{id: main, from: zulu,"),
                "services[0].from",
                "unknown station 'zulu'");
        assertBroken(
                replace("{id: east, from: alpha,", "{id: main, from: alpha,"),
                "services[1].id",
                "service 'main' is listed twice");
        assertBroken(
                replace("share: 0.5", "share: 0"),
                "services[1].share",
                "must be between 0.001 and 1000");
    }

    @Test
    void noServices() throws IOException {
        String yaml = VALID.replaceAll("(?s)services:\n.*?timetable:", "services: []\ntimetable:");
        assertBroken(yaml, "services", "at least one service is needed");
    }

    @Test
    void headwayPeriodsOutOfOrder() throws IOException {
        assertBroken(
                replace("{from: '07:00', seconds: 150}", "{from: '05:00', seconds: 150}"),
                "timetable.headways[1].from",
                "periods must be listed in order of time");
        assertBroken(
                replace("{from: '07:00', seconds: 150}", "{from: '05:30', seconds: 150}"),
                "timetable.headways[1].from",
                "periods must be listed in order of time");
    }

    @Test
    void firstHeadwayPeriodAfterServiceStart() throws IOException {
        assertBroken(
                replace("{from: '05:30', seconds: 300}", "{from: '06:00', seconds: 300}"),
                "timetable.headways[0].from",
                "the first period must begin by serviceStart");
    }

    @Test
    void timetableErrors() throws IOException {
        assertBroken(
                replace("serviceEnd: '23:00'", "serviceEnd: '05:00'"),
                "timetable.serviceEnd",
                "must be after serviceStart");
        assertBroken(
                replace("serviceStart: '05:30'", "serviceStart: '5.30'"),
                "timetable.serviceStart",
                "must be a time of day HH:MM, got '5.30'");
        assertBroken(
                replace("seconds: 150", "seconds: 10"),
                "timetable.headways[1].seconds",
                "must be between 30 and 7200, got 10");
        assertBroken(
                replace("seconds: 150}", "seconds: 150, every: 3}"),
                "timetable.headways[1].every",
                "unknown key; expected one of from, seconds");
    }

    @Test
    void unknownSparePoolDirection() throws IOException {
        assertBroken(
                replace("directions: [southbound]", "directions: [southbound, eastbound]"),
                "sparePools[0].directions",
                "unknown direction 'eastbound'; this network's are southbound and northbound");
        assertBroken(
                replace("directions: [southbound]", "directions: []"),
                "sparePools[0].directions",
                "must name at least one direction");
    }

    @Test
    void sparePoolErrors() throws IOException {
        assertBroken(
                replace("station: alpha", "station: zulu"),
                "sparePools[0].station",
                "unknown station 'zulu'");
        assertBroken(
                replace("kind: depot", "kind: yard"),
                "sparePools[0].kind",
                "must be one of depot, turnback-siding, got 'yard'");
        assertBroken(replace("spareTrains: 2, ", ""), "sparePools[0].spareTrains", "missing");
        String twice =
                VALID
                        + "  - {id: alpha-depot, station: bravo, spareTrains: 1, preparationSeconds: 60}\n";
        assertBroken(twice, "sparePools[1].id", "spare pool 'alpha-depot' is listed twice");
    }

    @Test
    void crushCapacityBelowRatedCapacity() throws IOException {
        assertBroken(
                replace("crushCapacity: 1300", "crushCapacity: 900"),
                "train.crushCapacity",
                "must be at least ratedCapacity (1000), got 900");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus", "Asia/Chengdu", "CST8", "+25:00"})
    void unknownTimeZone(String zone) throws IOException {
        assertBroken(
                replace("timeZone: Asia/Shanghai", "timeZone: '" + zone + "'"),
                "timeZone",
                "unknown time zone '" + zone + "'");
    }

    @Test
    void unknownKeysAreNamedWithTheExpectedOnes() throws IOException {
        assertBroken(
                replace("\nstations:\n", "\nstationz: []\nstations:\n"),
                "stationz",
                "unknown key; expected one of branches, directions, gtfs, id, lineId, name,");
        assertBroken(
                replace(
                        "{id: bravo, runSecondsToNext: 110}",
                        "{id: bravo, runSecondsToNext: 110, platfromAreaM2: 5}"),
                "stations[1].platfromAreaM2",
                "unknown key; expected one of dwellSeconds, gates, gtfsStopId, id,");
        assertBroken(
                replace("train: {cars: 6,", "train: {carz: 6,"),
                "train.carz",
                "unknown key; expected one of cars, crushCapacity, ratedCapacity");
    }

    @Test
    void otherTopologyErrors() throws IOException {
        assertBroken(
                replace("reverse: northbound", "reverse: southbound"),
                "directions.reverse",
                "must differ from forward ('southbound')");
        String oneStation =
                VALID.replaceAll(
                        "(?s)stations:\n  - \\{id: alpha.*?branches:",
                        "stations:\n  - {id: alpha}\nbranches:");
        assertBroken(oneStation, "stations", "a line needs at least two stations");
        String emptyBranch =
                VALID.replaceAll(
                        "(?s)    stations:\n      - \\{id: echo.*?services:",
                        "    stations: []\nservices:");
        assertBroken(emptyBranch, "branches[0].stations", "a branch needs at least one station");
        assertBroken(
                replace(
                        "{id: alpha, runSecondsToNext: 100}",
                        "{id: alpha, runSecondsToNext: 100, gates: 0}"),
                "stations[0].gates",
                "must be between 1 and 500, got 0");
        assertBroken(
                replace(
                        "{id: alpha, runSecondsToNext: 100}",
                        "{id: alpha, runSecondsToNext: 100, walkSeconds: {min: 60, max: 30}}"),
                "stations[0].walkSeconds.max",
                "must be between 60 and 3600, got 30");
    }
}
