package org.metrodispatch.ops.review;

import org.metrodispatch.contract.decision.DecisionType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Filters and the summary per platform, on the small hand-made log of {@link Logs}. */
class TimelineTest {

    @TempDir Path dir;

    private Timeline timeline(String... lines) throws IOException {
        Path file = dir.resolve("decisions.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return Timeline.of(new DecisionLogReader(file).readAll().decisions());
    }

    private static int hhmm(String time) {
        String[] parts = time.split(":");
        return Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60;
    }

    @Test
    void groupsDecisionsIntoEpisodes() throws IOException {
        Timeline timeline = timeline(Logs.small());

        assertThat(timeline.episodes())
                .extracting(Timeline.Episode::id)
                .containsExactly(
                        "nijiaqiao-southbound-20260304-080530",
                        "huayang-northbound-20260304-081325",
                        "tongzilin-southbound-20260304-092000");
        Timeline.Episode nijiaqiao = timeline.episodes().get(0);
        assertThat(nijiaqiao.decisions()).hasSize(4);
        assertThat(nijiaqiao.trains()).hasSize(2);
        assertThat(nijiaqiao.cleared()).isPresent();
        assertThat(timeline.episodes().get(2).cleared()).isEmpty();
        assertThat(timeline.logEnd()).isEqualTo(Logs.at("09:30"));
        assertThat(timeline.stations()).containsExactly("huayang", "nijiaqiao", "tongzilin");
        assertThat(timeline.episodeIdsStartingWith("nijiaqiao"))
                .containsExactly("nijiaqiao-southbound-20260304-080530");
    }

    @Test
    void aDecisionWrittenAgainAfterAFailoverIsShownOnce() throws IOException {
        String[] lines = Logs.small();
        // The same decision id, written again later by the restarted job.
        String again =
                lines[1].replace(
                        "\"emittedAt\":\"2026-03-05T08:00:00+08:00\"",
                        "\"emittedAt\":\"2026-03-05T08:00:07.250+08:00\"");
        assertThat(again).isNotEqualTo(lines[1]);

        Timeline timeline = timeline(lines[0], lines[1], again, lines[2]);

        assertThat(timeline.duplicates()).isOne();
        assertThat(timeline.decisions())
                .extracting(d -> d.decision().decisionId)
                .doesNotHaveDuplicates()
                .hasSize(3);
    }

    @Test
    void decisionsAlikeButForTheirIdAreBothKept() throws IOException {
        String[] lines = Logs.small();
        // Two suppressions of one episode in one second, for different reasons.
        String second =
                lines[1].replace("/1-SUPPRESSED-", "/2-SUPPRESSED-")
                        .replace("SUPPRESSED for a test", "all spare trains are out");

        Timeline timeline = timeline(lines[1], second);

        assertThat(timeline.duplicates()).isZero();
        assertThat(timeline.decisions()).hasSize(2);
        // Without ids (version 1) they are taken for one.
        assertThat(timeline(Logs.version1(lines[1]), Logs.version1(second)).duplicates()).isOne();
    }

    @Test
    void filtersByStationAndTimeOfDay() throws IOException {
        Timeline timeline = timeline(Logs.small());

        assertThat(timeline.rows(new Timeline.Filter("huayang", 0, 86_400)))
                .extracting(d -> d.decision().decision)
                .containsExactly(DecisionType.SUPPRESSED, DecisionType.CLEARED);
        // [08:10, 08:21:05): the end is not included.
        assertThat(timeline.rows(new Timeline.Filter(null, hhmm("08:10"), hhmm("08:21") + 5)))
                .extracting(d -> d.decision().stationId + " " + d.decision().decision)
                .containsExactly("huayang SUPPRESSED", "nijiaqiao UPDATED");
        assertThat(timeline.rows(new Timeline.Filter("nijiaqiao", hhmm("09:00"), 86_400)))
                .isEmpty();
        assertThat(timeline.rows(Timeline.Filter.ALL)).hasSize(8);
    }

    @Test
    void summarisesEachPlatform() throws IOException {
        List<Timeline.PlatformSummary> summary =
                timeline(Logs.small()).summary(Timeline.Filter.ALL);

        assertThat(summary)
                .containsExactly(
                        // 08:05:30 to 08:45:00; trains on RAISED and on the second UPDATED
                        new Timeline.PlatformSummary(
                                "nijiaqiao",
                                "southbound",
                                1,
                                (39 * 60 + 30) * 1000L,
                                false,
                                2,
                                0,
                                "D",
                                700),
                        // 08:13:25 to 08:41:30, suppressed once
                        new Timeline.PlatformSummary(
                                "huayang",
                                "northbound",
                                1,
                                (28 * 60 + 5) * 1000L,
                                false,
                                0,
                                1,
                                "A",
                                90),
                        // open: 09:20 to the last decision of the log, 09:30
                        new Timeline.PlatformSummary(
                                "tongzilin", "southbound", 1, 600_000L, true, 1, 0, "E", 400));
    }

    @Test
    void theSummaryOfATimeOfDayCountsOnlyWhatHappenedInIt() throws IOException {
        Timeline timeline = timeline(Logs.small());

        // 08:30-09:00: Nijiaqiao crowded 08:30-08:45, Huayang 08:30-08:41:30; nothing sent then.
        List<Timeline.PlatformSummary> summary =
                timeline.summary(new Timeline.Filter(null, hhmm("08:30"), hhmm("09:00")));
        assertThat(summary)
                .extracting(
                        Timeline.PlatformSummary::stationId,
                        Timeline.PlatformSummary::episodes,
                        Timeline.PlatformSummary::crowdedMillis,
                        Timeline.PlatformSummary::trains,
                        Timeline.PlatformSummary::suppressed)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("nijiaqiao", 1, 900_000L, 0, 0),
                        org.assertj.core.groups.Tuple.tuple(
                                "huayang", 1, (11 * 60 + 30) * 1000L, 0, 0));

        // One station, before anything happened.
        assertThat(timeline.summary(new Timeline.Filter("nijiaqiao", 0, hhmm("08:00")))).isEmpty();
    }

    @Test
    void aRunLoggedTwiceIsShownOnce() throws IOException {
        String[] once = Logs.small();
        String[] twice = new String[once.length * 2];
        System.arraycopy(once, 0, twice, 0, once.length);
        System.arraycopy(once, 0, twice, once.length, once.length);

        Timeline timeline = timeline(twice);

        assertThat(timeline.duplicates()).isEqualTo(once.length);
        assertThat(timeline.decisions()).hasSize(once.length);
        assertThat(timeline.summary(Timeline.Filter.ALL).get(0).trains()).isEqualTo(2);
    }
}
