package org.metrodispatch.ops.it;

import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.ops.OpsMain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code metro-dispatch evaluate} end to end on one hour of the morning peak: a replay without
 * dispatch, a closed loop through a real broker and a local Flink MiniCluster, and the report.
 */
class EvaluateIT {

    @TempDir Path dir;

    @Test
    void evaluatesOneSeedAndTheEmptyTrainsRelieveNijiaqiao() throws Exception {
        Path out = dir.resolve("evaluation");
        int exit =
                CommandLines.create(new OpsMain())
                        .execute(
                                "evaluate",
                                "--scenario",
                                SeededRun.CONFIG
                                        .resolve("scenarios/weekday-morning-peak.yaml")
                                        .toString(),
                                "--seeds",
                                "3",
                                "--history-seeds",
                                "7,8",
                                "--from",
                                "07:45",
                                "--to",
                                "08:45",
                                "--out",
                                out.toString());
        assertThat(exit).isZero();

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.at("/total/truthEpisodes").asInt()).isPositive();
        assertThat(report.at("/total/recall").asDouble()).isBetween(0.0, 1.0);
        assertThat(report.at("/total/precision").asDouble()).isBetween(0.0, 1.0);
        assertThat(report.at("/total/medianDetectionDelayMinutes").isNumber()).isTrue();
        assertThat(report.at("/total/trainsInserted").asInt()).isPositive();
        JsonNode nijiaqiao = report.at("/stations/nijiaqiao");
        assertThat(nijiaqiao.isObject()).as("Nijiaqiao is a crowded station").isTrue();
        assertThat(nijiaqiao.get("leftBehindReduction").asDouble())
                .as("the empty trains take passengers the timetable left behind")
                .isPositive();
        assertThat(nijiaqiao.get("waitingReduction").asDouble()).isPositive();
        assertThat(report.at("/scenarios/0/seeds/0/seed").asLong()).isEqualTo(3);
        // The job learned its profile from the two history days, never from the seed it is judged
        // on.
        Path profile = out.resolve("weekday-morning-peak/history/profile.yaml");
        assertThat(profile).isNotEmptyFile();
        assertThat(Files.readString(profile)).contains("(seed 7, by:").contains("(seed 8, by:");
        assertThat(report.at("/scenarios/0/profile/historySeeds").toString()).isEqualTo("[7,8]");
        assertThat(report.at("/scenarios/0/profile/accuracy/heldOutDirectionShareError").isNumber())
                .isTrue();
        assertThat(
                        CommandLines.create(new OpsMain())
                                .execute(
                                        "evaluate",
                                        "--seeds",
                                        "3",
                                        "--history-seeds",
                                        "3,4",
                                        "--out",
                                        dir.resolve("refused").toString()))
                .as("a history seed that is also evaluated is refused")
                .isEqualTo(2);

        assertThat(Files.readString(out.resolve("report.md"))).contains("| nijiaqiao |");
        BufferedImage figure = ImageIO.read(out.resolve("figure.png").toFile());
        assertThat(figure.getWidth()).isGreaterThan(500);
        Path seed = out.resolve("weekday-morning-peak").resolve("seed-3");
        assertThat(seed.resolve("without-dispatch/job/decisions.jsonl")).isNotEmptyFile();
        assertThat(seed.resolve("with-dispatch/ground-truth.jsonl")).isNotEmptyFile();
    }
}
