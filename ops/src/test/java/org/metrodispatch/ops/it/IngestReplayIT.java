package org.metrodispatch.ops.it;

import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.job.CrowdDispatchMain;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.Replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Published counts of a line the project was not built on (Hangzhou Line 1, in the Tianchi
 * aggregate layout) go through {@code ingest} and a replay of the job: the job's 5-minute windows
 * hold exactly the published counts, and nothing is rejected or late.
 */
class IngestReplayIT {

    private static final Path NETWORK = SeededRun.CONFIG.resolve("networks/hangzhou-line1.yaml");
    private static final DateTimeFormatter SOURCE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final LocalDateTime FIRST = LocalDateTime.parse("2019-01-15T06:00:00");
    private static final int INTERVALS = 9;
    private static final int INTERVAL_MINUTES = 10;
    private static final int STATIONS = 34;

    @TempDir Path dir;

    @Test
    void publishedCountsReachTheJobsWindowsExactly() throws Exception {
        // Hand-made counts in the published layout: every Line 1 station (Tianchi ids 0-33), 06:00
        // to 07:30, plus a Line 2 station (40) that the mapping leaves out and one broken row.
        Random random = new Random(15);
        List<String> lines = new ArrayList<>();
        lines.add("stationID,startTime,endTime,inNums,outNums");
        Map<String, long[]> published = new HashMap<>();
        for (int i = 0; i < INTERVALS; i++) {
            LocalDateTime start = FIRST.plusMinutes((long) i * INTERVAL_MINUTES);
            for (int station = 0; station <= STATIONS; station++) {
                int source = station == STATIONS ? 40 : station;
                int in = random.nextInt(400);
                int out = random.nextInt(300);
                lines.add(
                        source
                                + ","
                                + SOURCE_TIME.format(start)
                                + ","
                                + SOURCE_TIME.format(start.plusMinutes(INTERVAL_MINUTES))
                                + ","
                                + in
                                + ","
                                + out);
                if (source != 40) {
                    long[] sums =
                            published.computeIfAbsent(String.valueOf(source), k -> new long[2]);
                    sums[0] += in;
                    sums[1] += out;
                }
            }
        }
        lines.add("3,2019-01-15 07:30:00,2019-01-15 07:40:00,many,0");
        Path counts = dir.resolve("counts.csv");
        Files.write(counts, lines, StandardCharsets.UTF_8);
        Path run = dir.resolve("hz-0115");

        String[] command = {
            "ingest",
            "--layout",
            "tianchi-2019-counts",
            "--network",
            NETWORK.toString(),
            "--out",
            run.toString(),
            counts.toString()
        };
        OpsCommand ingest = OpsCommand.run(command);

        assertThat(ingest.exitCode()).as(ingest.out() + ingest.err()).isZero();
        assertThat(ingest.out())
                .contains("skipped: 9 rows of 1 source stations not on the network (40)")
                .contains("rows rejected: 1 (")
                .contains("1 the entries are not a whole number of 0 or more (first: counts.csv:")
                .contains("counts spread evenly over each interval");
        assertThat(Files.readAllLines(run.resolve("rejected-rows.jsonl"))).hasSize(1);

        // The run record says what this folder holds and where it came from.
        ObjectMapper json = new ObjectMapper();
        JsonNode record = json.readTree(run.resolve("run.json").toFile());
        assertThat(record.path("status").asText()).isEqualTo("done");
        assertThat(record.path("command").asText()).isEqualTo("ingest");
        assertThat(record.path("source").asText()).contains("counts spread evenly");
        assertThat(record.path("network").path("id").asText()).isEqualTo("hangzhou-line1");
        assertThat(record.path("outcome").path("rowsRejected").asLong()).isEqualTo(1);
        // A second ingest does not write over the first unless told to.
        OpsCommand refused = OpsCommand.run(command);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("already holds a run").contains("--force");
        String[] forced = Arrays.copyOf(command, command.length + 1);
        forced[command.length] = "--force";
        assertThat(OpsCommand.run(forced).exitCode()).isZero();

        JobSettings settings = JobSettings.load(SeededRun.CONFIG.resolve("job.yaml"));
        settings.useNetwork(NETWORK);
        Network network = NetworkLoader.load(NETWORK);
        Replay.run(
                settings,
                network,
                CrowdDispatchMain.shares(settings, network),
                run,
                run.resolve("job"));

        // The windows that tile the hour and a half without overlap (each 5 minutes, ending on a
        // multiple of 5 minutes) sum to the published counts, station by station.
        Map<String, long[]> windowed = new HashMap<>();
        long from = FIRST.atOffset(ZoneOffset.ofHours(8)).toInstant().toEpochMilli();
        long to = from + INTERVALS * INTERVAL_MINUTES * 60_000L;
        for (String line : Files.readAllLines(run.resolve("job/station-load.jsonl"))) {
            JsonNode load = json.readTree(line);
            long start = millis(load.get("windowStart").asText());
            long end = millis(load.get("windowEnd").asText());
            if (end - start == 300_000 && start % 300_000 == 0 && start >= from && end <= to) {
                long[] sums =
                        windowed.computeIfAbsent(load.get("stationId").asText(), k -> new long[2]);
                sums[0] += load.get("entries").asLong();
                sums[1] += load.get("exits").asLong();
            }
        }
        Map<String, String> ids = new HashMap<>();
        for (String row :
                Files.readAllLines(
                        SeededRun.CONFIG.resolve("networks/hangzhou-line1.tianchi-stations.csv"))) {
            String[] f = row.split(",");
            if (!row.startsWith("#") && f[0].matches("\\d+")) {
                ids.put(f[0], f[1]);
            }
        }
        assertThat(windowed).hasSize(STATIONS);
        for (Map.Entry<String, long[]> e : published.entrySet()) {
            assertThat(windowed.get(ids.get(e.getKey())))
                    .as("station %s", e.getKey())
                    .containsExactly(e.getValue());
        }
        assertThat(run.resolve("job/dead-letters.jsonl")).isEmptyFile();
        assertThat(run.resolve("job/late-events.jsonl")).isEmptyFile();
    }

    private static long millis(String time) {
        return OffsetDateTime.parse(time).toInstant().toEpochMilli();
    }
}
