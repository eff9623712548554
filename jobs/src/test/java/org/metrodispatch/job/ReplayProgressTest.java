package org.metrodispatch.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayProgressTest {

    private static final ZoneId CHENGDU = ZoneId.of("Asia/Shanghai");

    @TempDir Path dir;

    private static long at(String time) {
        return OffsetDateTime.parse(time).toInstant().toEpochMilli();
    }

    private static String load(String windowEnd) {
        return "{\"stationId\":\"a\",\"windowStart\":\"2026-03-04T07:55:00+08:00\",\"windowEnd\":\""
                + windowEnd
                + "\",\"entries\":3}\n";
    }

    @Test
    void theInputSpanIsItsFirstAndLastRecord() throws IOException {
        Path gates = dir.resolve("gate-events.jsonl");
        Files.writeString(
                gates,
                "not json\n"
                        + "{\"kind\":\"gate\",\"eventTime\":\"2026-03-04T07:00:00+08:00\"}\n"
                        + "{\"kind\":\"gate\",\"eventTime\":\"2026-03-04T09:00:00+08:00\"}\n");
        assertThat(ReplayProgress.inputSpan(gates))
                .containsExactly(at("2026-03-04T07:00:00+08:00"), at("2026-03-04T09:00:00+08:00"));
    }

    @Test
    void progressIsTheSlowestPartsNewestWindowWithinTheSpan() throws IOException {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        ReplayProgress progress =
                new ReplayProgress(
                        out,
                        at("2026-03-04T07:00:00+08:00"),
                        at("2026-03-04T09:00:00+08:00"),
                        CHENGDU,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(progress.reached()).isEqualTo(Long.MIN_VALUE);
        assertThat(progress.line(progress.reached(), 3)).isEqualTo("replaying: starting, 3 s");

        Files.writeString(
                out.resolve("station-load-part-0.jsonl"),
                load("2026-03-04T07:30:00+08:00") + load("2026-03-04T08:00:00+08:00"));
        // The other part is further on, and has half a line being written at its end.
        Files.writeString(
                out.resolve("station-load-part-1.jsonl"),
                load("2026-03-04T08:10:00+08:00") + "{\"stationId\":\"b\",\"windowEnd\":\"2026");
        long reached = progress.reached();
        assertThat(reached).isEqualTo(at("2026-03-04T08:00:00+08:00"));
        assertThat(progress.line(reached, 12.4))
                .isEqualTo("replaying: event time 08:00:00 of 07:00:00-09:00:00 (50 %), 12 s");
    }
}
