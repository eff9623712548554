package org.metrodispatch.ops.it;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.gtfsrt.GtfsRealtimeFiles;
import org.metrodispatch.ops.LocalJobMain;

import com.google.protobuf.util.JsonFormat;
import com.google.transit.realtime.GtfsRealtime.FeedEntity;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;
import com.google.transit.realtime.GtfsRealtime.TripDescriptor;
import com.google.transit.realtime.GtfsRealtime.TripUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay as {@code metro-dispatch job --input --out} runs it writes the GTFS-Realtime feed as it
 * stood after each decision that sent or stood down an empty train; decoded, each feed holds the
 * trips of the decisions up to then.
 */
class GtfsRealtimeReplayIT {

    private static final DateTimeFormatter NAME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    @TempDir Path dir;

    @Test
    void aReplayWritesTheFeedAfterEachDecisionThatMovesAnEmptyTrain() throws Exception {
        Path run = SeededRun.simulatedMorningPeak(dir);
        Path out = run.resolve("job");

        int exit =
                LocalJobMain.commandLine()
                        .execute("--local", "--input", run.toString(), "--out", out.toString());

        assertThat(exit).isZero();
        Network network =
                NetworkLoader.load(SeededRun.CONFIG.resolve("networks/chengdu-line1.yaml"));
        DateTimeFormatter names = NAME.withZone(network.timeZone());
        List<DispatchDecision> decisions = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("decisions.jsonl"))) {
            decisions.add(OutputJson.readDecision(line));
        }
        Map<String, Long> leaveAt = new HashMap<>();
        TreeSet<String> expectedFiles = new TreeSet<>();
        for (DispatchDecision d : decisions) {
            if (d.emptyTrain != null || d.decision == DecisionType.CLEARED) {
                expectedFiles.add(names.format(Instant.ofEpochMilli(d.eventTime)));
            }
        }
        assertThat(expectedFiles).isNotEmpty();
        Path folder = out.resolve(GtfsRealtimeFiles.FOLDER);
        TreeSet<String> written = new TreeSet<>();
        try (var files = Files.list(folder)) {
            files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".pb"))
                    .forEach(name -> written.add(name.substring(5, name.length() - 3)));
        }
        assertThat(written).isEqualTo(expectedFiles);

        for (String time : written) {
            FeedMessage feed =
                    FeedMessage.parseFrom(
                            Files.readAllBytes(folder.resolve("feed-" + time + ".pb")));
            FeedMessage.Builder json = FeedMessage.newBuilder();
            JsonFormat.parser()
                    .merge(Files.readString(folder.resolve("feed-" + time + ".json")), json);
            assertThat(json.build()).as(time).isEqualTo(feed);
            // The trips: those the decisions up to then sent.
            for (FeedEntity entity : feed.getEntityList()) {
                if (!entity.hasTripUpdate()) {
                    continue;
                }
                TripUpdate update = entity.getTripUpdate();
                DispatchDecision sentBy =
                        decisions.stream()
                                .filter(d -> d.emptyTrain != null)
                                .filter(
                                        d ->
                                                ("empty-"
                                                                + d.recommendationId
                                                                + "-"
                                                                + d.emptyTrain.sequence)
                                                        .equals(update.getTrip().getTripId()))
                                .findFirst()
                                .orElseThrow();
                assertThat(names.format(Instant.ofEpochMilli(sentBy.eventTime)))
                        .isLessThanOrEqualTo(time);
                if (update.getTrip().getScheduleRelationship()
                        == TripDescriptor.ScheduleRelationship.NEW) {
                    assertThat(update.getStopTimeUpdate(0).getDeparture().getTime())
                            .isEqualTo(sentBy.emptyTrain.leaveAt / 1000);
                }
                leaveAt.put(update.getTrip().getTripId(), sentBy.emptyTrain.leaveAt);
            }
        }
        // Every empty train the replay sent is in a feed.
        long sent = decisions.stream().filter(d -> d.emptyTrain != null).count();
        assertThat(leaveAt).hasSize((int) sent);
    }
}
