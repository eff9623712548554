package org.metrodispatch.contract.truth;

import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.time.TimeFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroundTruthTest {

    private static final Platform SOUTH = new Platform("nijiaqiao", "southbound");
    private static final String PLATFORM =
            "{\"kind\":\"platform\",\"stationId\":\"nijiaqiao\",\"direction\":\"southbound\","
                    + "\"minute\":\"2026-03-04T08:%02d:00+08:00\",\"waiting\":%d,"
                    + "\"densityM2PerPerson\":0.5,\"los\":\"D\"}";
    private static final String DEPARTURE =
            "{\"kind\":\"departure\",\"stationId\":\"nijiaqiao\",\"direction\":\"southbound\","
                    + "\"trainId\":\"T1\",\"eventTime\":\"2026-03-04T08:01:30+08:00\","
                    + "\"alighted\":5,\"boarded\":900,\"leftBehind\":140,\"load\":1870,"
                    + "\"capacity\":1880}";
    private static final String NORTH_DEPARTURE =
            DEPARTURE.replace("southbound", "northbound").replace("T1", "T2");

    @Test
    void readsPlatformsInOrderOfTime(@TempDir Path dir) throws IOException {
        Path file =
                write(
                        dir,
                        String.format(PLATFORM, 1, 700),
                        DEPARTURE,
                        String.format(PLATFORM, 0, 600));
        GroundTruth truth = GroundTruth.read(file);
        PlatformHistory history = truth.platforms().get(SOUTH);
        assertThat(history.minutes())
                .extracting(PlatformHistory.Minute::waiting)
                .containsExactly(600, 700);
        assertThat(history.minutes().get(0).los()).isEqualTo(LevelOfService.D);
        assertThat(history.departures())
                .containsExactly(
                        new PlatformHistory.Departure(
                                Instant.parse("2026-03-04T00:01:30Z").toEpochMilli(),
                                "T1",
                                5,
                                900,
                                140,
                                1870,
                                1880));
        assertThat(truth.unreadableLines()).isZero();
    }

    @Test
    void aLineThatIsNotGroundTruthIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
        Path file =
                write(
                        dir,
                        DEPARTURE,
                        "{\"kind\":\"gate\",\"stationId\":\"x\",\"direction\":\"y\"}");
        assertThatThrownBy(() -> GroundTruth.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("unknown kind 'gate'");
        Path missing = write(dir, DEPARTURE.replace("\"trainId\":\"T1\",", ""));
        assertThatThrownBy(() -> GroundTruth.read(missing))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("missing text field trainId");
    }

    @Test
    void onePlatformSkipsTheOthersAndCountsItsUnreadableLines(@TempDir Path dir)
            throws IOException {
        Path file =
                write(
                        dir,
                        String.format(PLATFORM, 0, 600),
                        NORTH_DEPARTURE,
                        DEPARTURE.replace("nijiaqiao", "sihe"),
                        "{\"kind\":\"platform\",\"stationId\":\"nijiaqiao\",",
                        "not even json, and not about the station",
                        DEPARTURE);
        GroundTruth truth = GroundTruth.readPlatform(file, SOUTH);
        assertThat(truth.platforms()).containsOnlyKeys(SOUTH);
        assertThat(truth.platform(SOUTH).minutes()).hasSize(1);
        assertThat(truth.platform(SOUTH).departures())
                .extracting(PlatformHistory.Departure::trainId)
                .containsExactly("T1");
        assertThat(truth.unreadableLines()).as("the broken nijiaqiao line only").isEqualTo(1);
        assertThat(truth.platform(new Platform("nijiaqiao", "northbound")).isEmpty()).isTrue();
    }

    @Test
    void readsWhatTheSimulatorWrites(@TempDir Path dir) throws IOException {
        TimeFormatter shanghai = new TimeFormatter(ZoneId.of("Asia/Shanghai"));
        long minute = Instant.parse("2026-03-04T00:12:00Z").toEpochMilli();
        JsonBytes out = new JsonBytes();
        TruthJson.departure(
                        out, shanghai, "sihe", "southbound", "T7", minute + 30_500, 1, 2, 3, 4, 5)
                .newline();
        TruthJson.platform(out, shanghai, "sihe", "southbound", minute, 2_751, 550.0).newline();
        Path file = dir.resolve("ground-truth.jsonl");
        Files.write(file, out.toByteArray());

        PlatformHistory history =
                GroundTruth.read(file).platform(new Platform("sihe", "southbound"));
        assertThat(history.departures())
                .containsExactly(
                        new PlatformHistory.Departure(minute + 30_500, "T7", 1, 2, 3, 4, 5));
        assertThat(history.minutes())
                .containsExactly(new PlatformHistory.Minute(minute, 2_751, 0.2, LevelOfService.F));
    }

    @Test
    void historiesAreSortedAndCannotBeChanged() {
        PlatformHistory history =
                new PlatformHistory(
                        reversed(Histories.minuteList("CE", 10)),
                        reversed(Histories.departureList(1, 2, 3)));
        assertThat(history.minutes().get(0).los()).isEqualTo(LevelOfService.C);
        assertThat(history.departures())
                .extracting(PlatformHistory.Departure::leftBehind)
                .containsExactly(1, 2, 3);
        assertThat(history.departuresBetween(Histories.minute(3), Histories.minute(6)))
                .extracting(PlatformHistory.Departure::leftBehind)
                .containsExactly(2, 3);
        assertThatThrownBy(() -> history.minutes().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    private static Path write(Path dir, String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "ground-truth", ".jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }
}
