package org.metrodispatch.ops.review;

import org.metrodispatch.contract.decision.DecisionLevel;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision log reader: tolerant of bad lines, and of a log that is still being written. */
class DecisionLogReaderTest {

    @TempDir Path dir;

    private Path log(String content) throws IOException {
        Path file = dir.resolve("decisions.jsonl");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    private void append(Path file, String text) throws IOException {
        append(file, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryDecisionWithItsLineAndOffset() throws IOException {
        String[] lines = Logs.small();
        Path file = log(String.join("\n", lines) + "\n");

        DecisionLogReader.Batch batch = new DecisionLogReader(file).readAll();

        assertThat(batch.problems()).isEmpty();
        assertThat(batch.notes()).isEmpty();
        assertThat(batch.decisions()).hasSize(lines.length);
        LoggedDecision first = batch.decisions().get(0);
        assertThat(first.where()).isEqualTo("line 1");
        assertThat(first.offset()).isEqualTo(ZoneOffset.ofHours(8));
        assertThat(first.decision().decision).isEqualTo(DecisionType.RAISED);
        assertThat(first.decision().emptyTrain.poolId).isEqualTo("tianfu-square-siding");
        assertThat(first.secondOfDay()).isEqualTo(8 * 3600 + 5 * 60 + 30);
        assertThat(batch.decisions().get(7).where()).isEqualTo("line 8");
    }

    @Test
    void readsOldLogsAndReportsRecordsOfANewerSchema() throws IOException {
        String[] lines = Logs.small();
        String old = Logs.version1(lines[0]);
        String newer = lines[2].replace("\"schemaVersion\":3", "\"schemaVersion\":4");
        Path file = log(old + "\n" + lines[1] + "\n" + newer + "\n" + lines[3] + "\n");

        DecisionLogReader.Batch batch = new DecisionLogReader(file).readAll();

        assertThat(old)
                .doesNotContain(
                        "\"schemaVersion\"", "\"decisionId\"", "\"level\"", "\"emittedAt\"");
        assertThat(batch.decisions())
                .extracting(LoggedDecision::where)
                .containsExactly("line 1", "line 2", "line 4");
        DispatchDecision first = batch.decisions().get(0).decision();
        assertThat(first.schemaVersion).isEqualTo(DispatchDecision.FIRST_SCHEMA_VERSION);
        assertThat(first.decisionId).isNull();
        assertThat(first.emittedAt).isZero();
        assertThat(first.level).as("derived from the decision").isEqualTo(DecisionLevel.WARN);
        assertThat(first.emptyTrain.poolId).isEqualTo("tianfu-square-siding");
        assertThat(batch.decisions().get(0).record()).isEqualTo(old);
        DispatchDecision second = batch.decisions().get(1).decision();
        assertThat(second.schemaVersion).isEqualTo(DispatchDecision.SCHEMA_VERSION);
        assertThat(second.decisionId)
                .isEqualTo("huayang-northbound-20260304-081325/1-SUPPRESSED-20260304-081325");
        assertThat(second.level).isEqualTo(DecisionLevel.WARN);
        assertThat(second.emittedAt).isEqualTo(Logs.EMITTED_AT);
        assertThat(batch.problems())
                .singleElement()
                .asString()
                .startsWith(
                        "line 3: schemaVersion 4 is newer than this reader knows (3): read it"
                                + " with a newer metro-dispatch [{\"decision\":\"UPDATED\"");
    }

    @Test
    void reportsMalformedLinesWithTheirNumbersAndGoesOn() throws IOException {
        String[] good = Logs.small();
        Path file =
                log(
                        good[0]
                                + "\n"
                                + "not json at all\n"
                                + "\n" // a blank line is no decision and no problem
                                + "{\"decision\":\"RAISED\",\"recommendationId\":\"x\"}\n"
                                + good[1].replace("SUPPRESSED", "PANICKED")
                                + "\n"
                                + good[2].replace("2026-03-04T08:20:29+08:00", "08:20:29")
                                + "\n"
                                + "[1,2,3]\n"
                                + good[2]
                                + "\n");
        append(file, new byte[] {'{', (byte) 0xff, '}', '\n'});
        append(file, good[3] + "\n");

        DecisionLogReader.Batch batch = new DecisionLogReader(file).readAll();

        assertThat(batch.decisions())
                .extracting(LoggedDecision::where)
                .containsExactly("line 1", "line 8", "line 10");
        assertThat(batch.problems())
                .extracting(LogProblem::where)
                .containsExactly("line 2", "line 4", "line 5", "line 6", "line 7", "line 9");
        assertThat(batch.problems().get(0).toString())
                .startsWith("line 2: malformed JSON: Unrecognized token 'not'")
                .endsWith("[not json at all]");
        assertThat(batch.problems().get(1).reason()).startsWith("missing field stationId");
        assertThat(batch.problems().get(2).reason()).startsWith("unknown decision 'PANICKED'");
        assertThat(batch.problems().get(3).reason())
                .startsWith("eventTime is not an ISO-8601 timestamp with offset ('08:20:29')");
        assertThat(batch.problems().get(4).reason()).startsWith("not a JSON object");
        assertThat(batch.problems().get(5).reason()).isEqualTo("not valid UTF-8");
    }

    @Test
    void aPartialLastLineIsNoErrorAndIsReadOnceComplete() throws IOException {
        String[] lines = Logs.small();
        Path file = log(lines[0] + "\n" + lines[1].substring(0, 40));
        DecisionLogReader reader = new DecisionLogReader(file);

        DecisionLogReader.Batch first = reader.readNew();
        assertThat(first.decisions()).extracting(LoggedDecision::where).containsExactly("line 1");
        assertThat(first.problems()).isEmpty();
        assertThat(reader.partialLine()).contains(lines[1].substring(0, 40));

        // Nothing new: the partial line is still partial.
        DecisionLogReader.Batch again = reader.readNew();
        assertThat(again.decisions()).isEmpty();
        assertThat(again.problems()).isEmpty();

        append(file, lines[1].substring(40) + "\n" + lines[2] + "\n");
        DecisionLogReader.Batch rest = reader.readNew();
        assertThat(rest.problems()).isEmpty();
        assertThat(rest.decisions())
                .extracting(LoggedDecision::where)
                .containsExactly("line 2", "line 3");
        assertThat(rest.decisions().get(0).decision().decision).isEqualTo(DecisionType.SUPPRESSED);
        assertThat(reader.partialLine()).isEmpty();
        assertThat(reader.linesRead()).isEqualTo(3);
    }

    @Test
    void readAllTakesAWholeLastLineWithoutItsNewlineAndNotesAnUnfinishedOne() throws IOException {
        String[] lines = Logs.small();
        Path whole = log(lines[0] + "\n" + lines[1]);
        DecisionLogReader.Batch batch = new DecisionLogReader(whole).readAll();
        assertThat(batch.decisions())
                .extracting(LoggedDecision::where)
                .containsExactly("line 1", "line 2");
        assertThat(batch.problems()).isEmpty();

        Path unfinished = log(lines[0] + "\n" + lines[1].substring(0, 100));
        DecisionLogReader.Batch partial = new DecisionLogReader(unfinished).readAll();
        assertThat(partial.decisions()).extracting(LoggedDecision::where).containsExactly("line 1");
        assertThat(partial.problems()).isEmpty();
        assertThat(partial.notes())
                .containsExactly(
                        "line 2 is incomplete (the job is still writing it?); not read yet");
    }

    @Test
    void followsALogThatIsReplacedByAShorterOne() throws IOException {
        String[] lines = Logs.small();
        Path file = log(String.join("\n", lines) + "\n");
        DecisionLogReader reader = new DecisionLogReader(file);
        assertThat(reader.readNew().decisions()).hasSize(lines.length);

        Files.writeString(file, lines[4] + "\n");
        DecisionLogReader.Batch batch = reader.readNew();
        assertThat(batch.notes()).singleElement().asString().contains("reading it again");
        assertThat(batch.decisions()).extracting(LoggedDecision::where).containsExactly("line 1");
    }

    @Test
    void readsLinesLongerThanOneChunkAndWindowsLineEnds() throws IOException {
        String[] lines = Logs.small();
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 400; i++) { // about 200 KB: several 64 KB chunks
            content.append(lines[i % lines.length]).append(i % 2 == 0 ? "\r\n" : "\n");
        }
        DecisionLogReader.Batch batch = new DecisionLogReader(log(content.toString())).readAll();
        assertThat(batch.problems()).isEmpty();
        assertThat(batch.decisions()).hasSize(400);
        assertThat(batch.decisions().get(399).where()).isEqualTo("line 400");
    }
}
