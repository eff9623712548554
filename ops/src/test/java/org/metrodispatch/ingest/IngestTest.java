package org.metrodispatch.ingest;

import org.metrodispatch.contract.config.ConfigException;
import org.metrodispatch.contract.event.FeedEvent;
import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.GateHeartbeat;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class IngestTest {

    static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
    static final Path PRESETS = CONFIG.resolve("ingest");
    static final Path HANGZHOU = CONFIG.resolve("networks").resolve("hangzhou-line1.yaml");
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static Network hangzhou;
    static StationMapping tianchi;

    @TempDir Path dir;

    private final List<String> rejected = new ArrayList<>();

    @BeforeAll
    static void loadNetwork() {
        hangzhou = NetworkLoader.load(HANGZHOU);
        tianchi =
                StationMapping.load(StationMapping.conventionalFile(HANGZHOU, "tianchi"), hangzhou);
    }

    private Path file(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private IngestResult ingest(SourceLayout layout, StationMapping mapping, Path... files)
            throws IOException {
        return new Ingest(layout, mapping, SHANGHAI)
                .read(
                        List.of(files),
                        (file, line, row, problem) ->
                                rejected.add(file + ":" + line + " " + problem.getMessage()),
                        chars -> {});
    }

    private static long at(String localTime) {
        return OffsetDateTime.parse(localTime + "+08:00").toInstant().toEpochMilli();
    }

    @Test
    void tianchiTapRecordsBecomeTapsInTimeOrderWithCardsAndStableIds() throws IOException {
        Path records =
                file(
                        "record_2019-01-15.csv",
                        "time,lineID,stationID,deviceID,status,userID,payType",
                        "2019-01-15 08:00:05,B,1,120,1,Ua1,1",
                        "2019-01-15 08:00:01,B,0,7,0,Ub2,1",
                        // Another line's station: not on the network, skipped and counted.
                        "2019-01-15 08:00:02,C,40,900,1,Uc3,1",
                        // The same gate, second, and card twice: two taps, two ids.
                        "2019-01-15 08:00:05,B,1,120,1,Ua1,1",
                        "2019-01-15 08:00:09,B,0,7,1,,3");
        SourceLayout layout = SourceLayout.load("tianchi-2019", PRESETS);

        IngestResult result = ingest(layout, tianchi, records);

        assertThat(rejected).isEmpty();
        assertThat(result.rowsRead()).isEqualTo(5);
        assertThat(result.rowsOffNetwork()).isEqualTo(1);
        assertThat(result.offNetworkStations()).containsExactly("40");
        assertThat(result.entries()).isEqualTo(3);
        assertThat(result.exits()).isEqualTo(1);
        assertThat(result.withCard()).isEqualTo(3);
        List<FeedEvent> events = result.events();
        assertThat(events).extracting(FeedEvent::eventTime).isSorted();
        GateEvent first = (GateEvent) events.get(0);
        assertThat(first.stationId).isEqualTo("xianghu");
        assertThat(first.gateId).isEqualTo("xianghu-7");
        assertThat(first.direction).isEqualTo(GateDirection.EXIT);
        assertThat(first.eventTime).isEqualTo(at("2019-01-15T08:00:01"));
        assertThat(first.cardId).isEqualTo("Ub2");
        assertThat(events)
                .extracting(FeedEvent::eventId)
                .containsExactly(
                        "xianghu-7-" + at("2019-01-15T08:00:01") + "-0",
                        "binkang-road-120-" + at("2019-01-15T08:00:05") + "-0",
                        "binkang-road-120-" + at("2019-01-15T08:00:05") + "-1",
                        "xianghu-7-" + at("2019-01-15T08:00:09") + "-0");
        assertThat(((GateEvent) events.get(3)).cardId).as("an empty card column").isNull();
    }

    @Test
    void idsDoNotDependOnHowTheSourceIsSplitIntoFiles() throws IOException {
        String header = "time,lineID,stationID,deviceID,status,userID,payType";
        String a = "2019-01-15 08:00:05,B,1,120,1,Ua1,1";
        String b = "2019-01-15 08:00:01,B,0,7,0,Ub2,1";
        SourceLayout layout = SourceLayout.load("tianchi-2019", PRESETS);
        List<String> whole = ids(ingest(layout, tianchi, file("all.csv", header, a, b)));
        List<String> split =
                ids(
                        ingest(
                                layout,
                                tianchi,
                                file("one.csv", header, b),
                                file("two.csv", header, a)));
        assertThat(split).isEqualTo(whole).hasSize(2);
    }

    private static List<String> ids(IngestResult result) {
        return result.events().stream().map(FeedEvent::eventId).collect(Collectors.toList());
    }

    @Test
    void badRowsAreRejectedWithTheirLineAndReasonAndTheRestGoesOn() throws IOException {
        Path records =
                file(
                        "record.csv",
                        "time,lineID,stationID,deviceID,status,userID,payType",
                        "2019-01-15 08:00:05,B,1,120,1,Ua1,1",
                        "15/01/2019 08:00,B,1,120,1,Ua1,1",
                        "2019-01-15 08:00:06,B,1,120,7,Ua1,1",
                        "2019-01-15 08:00:07,B,1",
                        "2019-01-15 08:00:08,B,,120,1,Ua1,1",
                        "\"2019-01-15 08:00:09,B,1,120,1,Ua1,1",
                        "",
                        "2019-01-15 08:00:10,B,2,121,0,Ud4,1");
        IngestResult result = ingest(SourceLayout.load("tianchi-2019", PRESETS), tianchi, records);

        assertThat(result.taps()).isEqualTo(2);
        assertThat(result.rowsRead()).isEqualTo(7);
        assertThat(result.rowsRejected()).isEqualTo(5);
        assertThat(rejected)
                .containsExactly(
                        "record.csv:3 the time does not match 'yyyy-MM-dd HH:mm:ss': '15/01/2019"
                                + " 08:00'",
                        "record.csv:4 the direction is neither an entry code [1] nor an exit code"
                                + " [0]: '7'",
                        "record.csv:5 too few fields: 3 fields, the gate column is field 4",
                        "record.csv:6 the station is empty",
                        "record.csv:7 a quoted field is not closed");
        assertThat(result.rejects().get("the station is empty").firstLines())
                .containsExactly("record.csv:6");
    }

    @Test
    void countsAreSpreadEvenlyWithHeartbeatsCarryingTheTotals() throws IOException {
        Path counts =
                file(
                        "counts.csv",
                        "stationID,startTime,endTime,inNums,outNums",
                        "5,2019-01-15 07:10:00,2019-01-15 07:20:00,2,0",
                        "5,2019-01-15 07:00:00,2019-01-15 07:10:00,4,1",
                        // Zero counts still say the station was counted.
                        "6,2019-01-15 07:00:00,2019-01-15 07:10:00,0,0",
                        // Overlaps the 07:00 interval of station 5: rejected, not double counted.
                        "5,2019-01-15 07:05:00,2019-01-15 07:15:00,9,9",
                        "5,2019-01-15 07:30:00,2019-01-15 07:40:00,-1,0");
        IngestResult result =
                ingest(SourceLayout.load("tianchi-2019-counts", PRESETS), tianchi, counts);

        assertThat(result.entries()).isEqualTo(6);
        assertThat(result.exits()).isEqualTo(1);
        assertThat(rejected)
                .hasSize(2)
                .anySatisfy(r -> assertThat(r).startsWith("counts.csv:5 the interval overlaps"))
                .anySatisfy(r -> assertThat(r).startsWith("counts.csv:6 the entries are not"));
        String station = tianchi.stationId("5");
        List<GateEvent> entries =
                result.events().stream()
                        .filter(e -> e instanceof GateEvent g && g.direction == GateDirection.ENTRY)
                        .map(e -> (GateEvent) e)
                        .collect(Collectors.toList());
        // 4 entries in 07:00-07:10 at 75 s, 225 s, 375 s and 525 s; 2 in 07:10-07:20.
        assertThat(entries)
                .extracting(e -> (e.eventTime - at("2019-01-15T07:00:00")) / 1000)
                .containsExactly(75L, 225L, 375L, 525L, 750L, 1050L);
        assertThat(entries).allMatch(e -> e.gateId.equals(station + "-counts"));
        List<GateHeartbeat> beats =
                result.events().stream()
                        .filter(e -> e instanceof GateHeartbeat h && h.stationId.equals(station))
                        .map(e -> (GateHeartbeat) e)
                        .collect(Collectors.toList());
        assertThat(beats)
                .extracting(b -> b.eventTime, b -> b.entriesTotal, b -> b.exitsTotal)
                .containsExactly(
                        tuple(at("2019-01-15T07:00:00"), 0L, 0L),
                        tuple(at("2019-01-15T07:10:00"), 4L, 1L),
                        tuple(at("2019-01-15T07:20:00"), 6L, 1L));
        assertThat(result.events())
                .filteredOn(e -> e.stationId().equals(tianchi.stationId("6")))
                .hasSize(2)
                .allMatch(e -> e instanceof GateHeartbeat);
        assertThat(result.events()).extracting(FeedEvent::eventTime).isSorted();
    }

    @Test
    void aLayoutWithoutHeaderNamesColumnsByNumber() throws IOException {
        Path layoutFile =
                file(
                        "semicolon.yaml",
                        "source: city-afc",
                        "kind: taps",
                        "header: false",
                        "delimiter: ';'",
                        "columns: {time: 2, station: 0, gate: 1, direction: 3}",
                        "timeFormat: \"dd.MM.yyyy HH:mm:ss.SSS\"",
                        "entry: [IN, I]",
                        "exit: [OUT]");
        Path taps =
                file(
                        "taps.csv",
                        "xianghu;G1;15.01.2019 06:30:00.250;IN",
                        "xixing;\"G;2\";15.01.2019 06:30:01.000;OUT");
        IngestResult result =
                ingest(
                        SourceLayout.load(layoutFile.toString(), PRESETS),
                        StationMapping.identity(hangzhou),
                        taps);
        assertThat(rejected).isEmpty();
        assertThat(result.events())
                .extracting(e -> ((GateEvent) e).gateId, FeedEvent::eventTime)
                .containsExactly(
                        tuple("xianghu-G1", at("2019-01-15T06:30:00.250")),
                        tuple("xixing-G;2", at("2019-01-15T06:30:01")));
    }

    @Test
    void layoutMistakesAreNamed() throws IOException {
        assertThatThrownBy(() -> SourceLayout.load("no-such-layout", PRESETS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tianchi-2019")
                .hasMessageContaining("tianchi-2019-counts");
        Path missingColumn =
                file(
                        "bad.yaml",
                        "source: x",
                        "kind: taps",
                        "columns: {time: t, station: s, gate: g}",
                        "timeFormat: \"yyyy\"",
                        "entry: [\"1\"]",
                        "exit: [\"0\"]");
        assertThatThrownBy(() -> SourceLayout.load(missingColumn.toString(), PRESETS))
                .hasMessageContaining("columns.direction: missing");
        Path bothCodes =
                file(
                        "codes.yaml",
                        "source: x",
                        "kind: taps",
                        "columns: {time: t, station: s, gate: g, direction: d}",
                        "timeFormat: \"yyyy\"",
                        "entry: [\"1\"]",
                        "exit: [\"1\"]");
        assertThatThrownBy(() -> SourceLayout.load(bothCodes.toString(), PRESETS))
                .hasMessageContaining("code '1' is also an entry code");
    }

    @Test
    void aMissingHeaderColumnFailsTheFileWithItsHeader() throws IOException {
        Path records = file("record.csv", "time,line,station", "2019-01-15 08:00:05,B,1");
        assertThatThrownBy(
                        () -> ingest(SourceLayout.load("tianchi-2019", PRESETS), tianchi, records))
                .hasMessageContaining("no column 'stationID'")
                .hasMessageContaining("time,line,station");
    }

    @Test
    void aMappingToAStationOffTheNetworkIsRefused() throws IOException {
        Path mapping = file("m.csv", "sourceStationId,stationId", "0,xianghu", "1,no-such-station");
        assertThatThrownBy(() -> StationMapping.load(mapping, hangzhou))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("'no-such-station' is not on network hangzhou-line1");
    }

    @Test
    void theHangzhouMappingCoversEveryStationOfTheLineOnce() {
        assertThat(tianchi.size()).isEqualTo(hangzhou.stationCount());
        for (int i = 0; i < hangzhou.stationCount(); i++) {
            assertThat(tianchi.stationId(String.valueOf(i))).isNotNull();
        }
    }
}
