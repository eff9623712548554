package org.metrodispatch.board;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Following a run folder's output files as the job writes them. */
class FolderFeedTest {

    @TempDir Path run;

    @Test
    void takesCompleteLinesAsTheyComeAndEachOnce() throws Exception {
        FolderFeed feed = new FolderFeed(List.of(run));
        assertThat(feed.poll(Duration.ZERO)).isEmpty();

        Path decisions = run.resolve("decisions.jsonl");
        Files.writeString(decisions, "{\"a\":1}\n{\"b\":");
        assertThat(feed.poll(Duration.ZERO))
                .containsExactly(new BoardRecord(BoardRecord.Kind.DECISION, "{\"a\":1}"));

        Files.writeString(decisions, "2}\n", StandardOpenOption.APPEND);
        Files.writeString(run.resolve("station-load-part-1.jsonl"), "{\"s\":1}\n");
        Files.writeString(run.resolve("late-events.jsonl"), "{\"late\":1}\n");
        assertThat(feed.poll(Duration.ZERO))
                .containsExactlyInAnyOrder(
                        new BoardRecord(BoardRecord.Kind.DECISION, "{\"b\":2}"),
                        new BoardRecord(BoardRecord.Kind.STATION_LOAD, "{\"s\":1}"));
        assertThat(feed.poll(Duration.ZERO)).isEmpty();
    }

    @Test
    void aFileRewrittenShorterIsReadAgainFromItsStart() throws Exception {
        FolderFeed feed = new FolderFeed(List.of(run));
        Path part = run.resolve("feed-health-part-0.jsonl");
        Files.writeString(part, "{\"x\":1}\n{\"x\":2}\n");
        assertThat(feed.poll(Duration.ZERO)).hasSize(2);

        // The parts merged into one file at the end of a run.
        Files.delete(part);
        Files.writeString(run.resolve("feed-health.jsonl"), "{\"x\":1}\n{\"x\":2}\n");
        assertThat(feed.poll(Duration.ZERO)).hasSize(2);

        Files.writeString(run.resolve("feed-health.jsonl"), "{\"y\":1}\n");
        assertThat(feed.poll(Duration.ZERO))
                .containsExactly(new BoardRecord(BoardRecord.Kind.FEED_ALERT, "{\"y\":1}"));
    }

    @Test
    void knowsTheOutputsByTheirFileNames() {
        assertThat(FolderFeed.kindOf("decisions.jsonl")).isEqualTo(BoardRecord.Kind.DECISION);
        assertThat(FolderFeed.kindOf("station-load.jsonl"))
                .isEqualTo(BoardRecord.Kind.STATION_LOAD);
        assertThat(FolderFeed.kindOf("train-events.jsonl")).isEqualTo(BoardRecord.Kind.TRAIN);
        assertThat(FolderFeed.kindOf("recommendations.jsonl")).isNull();
        assertThat(FolderFeed.kindOf("gate-events.jsonl")).isNull();
        assertThat(FolderFeed.kindOf("decisions.jsonl.tmp")).isNull();
    }
}
