package org.metrodispatch.ops.it;

import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.ops.OpsMain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code metro-dispatch bench} runs through on the morning peak without the broker and prints its
 * figures. It checks that the benchmark works, not how fast anything is: that is for people to read
 * on a quiet machine.
 */
class BenchIT {

    private static final Pattern HEAP_MARK = Pattern.compile("(\\d+) % of the events (\\d+) MB");

    @TempDir Path dir;

    @Test
    void printsEveryRowAndTheJobsHeapThroughTheDay() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit =
                    CommandLines.create(new OpsMain())
                            .execute(
                                    "bench",
                                    "--scenario",
                                    SeededRun.CONFIG
                                            .resolve("scenarios/weekday-morning-peak.yaml")
                                            .toString(),
                                    "--repeat",
                                    "1",
                                    "--skip-kafka",
                                    "--work-dir",
                                    dir.toString());
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        original.print(out);

        assertThat(exit).isZero();
        assertThat(out)
                .contains("simulator -> files")
                .contains("plain Java loop (parse + windows)")
                .contains("job, replay of files, end to end")
                .contains("job, replay of files, steady")
                .contains("Simulator heap in use after GC")
                // A clean simulated day (no malformed records in the scenario) loses nothing.
                .contains("Set aside by the job in replay: 0 dead letters")
                .doesNotContain("Kafka ->")
                .containsPattern(
                        "Machine load \\(1-minute average, \\d+ cores\\): [\\d.]+ before the bench");
        assertThat(rate(out, "plain Java loop (parse + windows)")).isPositive();
        assertThat(rate(out, "job, replay of files, end to end")).isPositive();
        // Sampled in this JVM while the job runs (EventsInReporter).
        assertThat(rate(out, "job, replay of files, steady")).isPositive();

        Matcher marks = HEAP_MARK.matcher(out.substring(out.indexOf("Job heap in use")));
        int count = 0;
        while (marks.find()) {
            assertThat(Integer.parseInt(marks.group(1))).isBetween(20, 99);
            assertThat(Long.parseLong(marks.group(2))).isPositive();
            count++;
        }
        assertThat(count).as("heap marks through the replay").isPositive();
    }

    /** The events/s column of a row of the table. */
    private static long rate(String out, String row) {
        Matcher m = Pattern.compile(Pattern.quote(row) + "\\s+[\\d,]+\\s+([\\d,]+)").matcher(out);
        assertThat(m.find()).as(row).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
