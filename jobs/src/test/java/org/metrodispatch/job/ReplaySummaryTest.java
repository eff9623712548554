package org.metrodispatch.job;

import org.metrodispatch.contract.decision.DecisionType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReplaySummaryTest {

    @TempDir Path input;
    @TempDir Path out;

    private static final String DEAD_UNKNOWN =
            "{\"source\":\"gate-events.jsonl:1\",\"reason\":\"unknown station\",\"raw\":\"x\"}\n";
    private static final String DEAD_JSON =
            "{\"source\":\"gate-events.jsonl:2\",\"reason\":\"not JSON\",\"raw\":\"y\"}\n";

    @Test
    void countsRecordsDeadLettersLateEventsAndDecisions() throws IOException {
        Files.writeString(input.resolve("gate-events.jsonl"), "a\nb\nc\nd\n");
        // The last line has no newline: still a record.
        Files.writeString(input.resolve("train-events.jsonl"), "t1\nt2");
        Files.writeString(
                out.resolve("dead-letters.jsonl"), DEAD_UNKNOWN + DEAD_JSON + DEAD_UNKNOWN);
        Files.writeString(out.resolve("late-events.jsonl"), "{}\n{}\n");
        Files.writeString(
                out.resolve("decisions.jsonl"),
                "{\"decision\":\"RAISED\"}\n{\"decision\":\"CLEARED\"}\n{\"decision\":\"RAISED\"}\n");

        ReplaySummary summary = ReplaySummary.read(input, out);

        assertThat(summary.gateRecords()).isEqualTo(4);
        assertThat(summary.trainRecords()).isEqualTo(2);
        assertThat(summary.deadLettersByReason())
                .containsEntry("unknown station", 2L)
                .containsEntry("not JSON", 1L);
        assertThat(summary.lateEvents()).isEqualTo(2);
        assertThat(summary.decisionsByType())
                .containsEntry(DecisionType.RAISED, 2L)
                .containsEntry(DecisionType.CLEARED, 1L);
        assertThat(summary.problems(0.5)).isEmpty();
        assertThat(summary.text())
                .contains("Records read: 6 (gate feed 4, train feed 2)")
                .contains("Dead letters: 3")
                .contains("unknown station")
                .contains("RAISED 2");
    }

    @Test
    void mostRecordsRejectedIsAProblemThatNamesTheCommonestReason() throws IOException {
        Files.writeString(input.resolve("gate-events.jsonl"), "a\nb\nc\n");
        Files.writeString(input.resolve("train-events.jsonl"), "t\n");
        Files.writeString(
                out.resolve("dead-letters.jsonl"), DEAD_UNKNOWN + DEAD_UNKNOWN + DEAD_JSON);

        ReplaySummary summary = ReplaySummary.read(input, out);

        assertThat(summary.problems(0.5))
                .singleElement()
                .asString()
                .contains("3 of 4 records (75 %)")
                .contains("unknown station");
        assertThat(summary.problems(0.8)).isEmpty();
    }

    @Test
    void aMissingTrainFeedOrAnEmptyInputIsAProblem() throws IOException {
        Files.writeString(input.resolve("gate-events.jsonl"), "a\n");
        assertThat(ReplaySummary.read(input, out).problems(0.5))
                .singleElement()
                .asString()
                .contains("no train feed")
                .contains("--gates-only");
        assertThat(ReplaySummary.read(input, out).problems(0.5, true))
                .as("declared gate-only: no train feed is expected")
                .isEmpty();

        Files.writeString(input.resolve("gate-events.jsonl"), "");
        assertThat(ReplaySummary.read(input, out).problems(0.5))
                .containsExactly("the input holds no records");
    }
}
