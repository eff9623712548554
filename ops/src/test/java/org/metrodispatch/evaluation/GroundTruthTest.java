package org.metrodispatch.evaluation;

import org.metrodispatch.contract.truth.LevelOfService;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroundTruthTest {

    private static final String PLATFORM =
            "{\"kind\":\"platform\",\"stationId\":\"nijiaqiao\",\"direction\":\"southbound\","
                    + "\"minute\":\"2026-03-04T08:%02d:00+08:00\",\"waiting\":%d,"
                    + "\"densityM2PerPerson\":0.5,\"los\":\"D\"}";
    private static final String DEPARTURE =
            "{\"kind\":\"departure\",\"stationId\":\"nijiaqiao\",\"direction\":\"southbound\","
                    + "\"trainId\":\"T1\",\"eventTime\":\"2026-03-04T08:01:30+08:00\","
                    + "\"alighted\":5,\"boarded\":900,\"leftBehind\":140,\"load\":1880,"
                    + "\"capacity\":1880}";

    @Test
    void readsPlatformsInOrderOfTime(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ground-truth.jsonl");
        Files.writeString(
                file,
                String.format(PLATFORM, 1, 700)
                        + "\n"
                        + DEPARTURE
                        + "\n"
                        + String.format(PLATFORM, 0, 600)
                        + "\n");
        GroundTruth truth = GroundTruth.read(file);
        PlatformHistory history = truth.platforms().get(new Platform("nijiaqiao", "southbound"));
        assertThat(history.minutes())
                .extracting(PlatformHistory.Minute::waiting)
                .containsExactly(600, 700);
        assertThat(history.minutes().get(0).los()).isEqualTo(LevelOfService.D);
        assertThat(history.departures())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.leftBehind()).isEqualTo(140);
                            assertThat(d.boarded()).isEqualTo(900);
                        });
    }

    @Test
    void aLineThatIsNotGroundTruthIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ground-truth.jsonl");
        Files.writeString(
                file,
                DEPARTURE + "\n{\"kind\":\"gate\",\"stationId\":\"x\",\"direction\":\"y\"}\n");
        assertThatThrownBy(() -> GroundTruth.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("unknown kind 'gate'");
    }
}
