package org.metrodispatch.ops.it;

import org.metrodispatch.board.BoardServer;
import org.metrodispatch.board.CombinedFeed;
import org.metrodispatch.board.FolderFeed;
import org.metrodispatch.board.KafkaFeed;
import org.metrodispatch.board.LiveBoard;
import org.metrodispatch.board.PageInChromium;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.gtfsrt.EmptyTrainTrip;
import org.metrodispatch.gtfsrt.Occupancy;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.ops.LocalLoop;
import org.metrodispatch.simulator.engine.SimulationOptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import com.google.transit.realtime.GtfsRealtime.FeedEntity;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;
import com.google.transit.realtime.GtfsRealtime.TripDescriptor;
import com.google.transit.realtime.GtfsRealtime.TripUpdate;
import com.google.transit.realtime.GtfsRealtime.VehiclePosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live line board in a real headless Chromium, fed by the job's Kafka topics as {@code job
 * --kafka} feeds it: a real broker, the job on a local MiniCluster and the simulator on the morning
 * peak ({@link LocalLoop}). The page is opened before the job has decided anything; without a
 * reload it comes to show the job's RAISED decision and its empty train, the same decisions the job
 * published; a reload shows them again. Skipped, saying so, where Chromium is not installed; {@code
 * .ci/run} installs it and sets {@value PageInChromium#REQUIRE_BROWSER}, so there it fails instead.
 */
class LineBoardIT {

    private static final long SEED = 3;
    private static final int FROM = 7 * 3600 + 45 * 60;
    private static final int TO = 8 * 3600 + 30 * 60;
    private static final Scenario MORNING_PEAK =
            Scenario.load(SeededRun.CONFIG.resolve("scenarios/weekday-morning-peak.yaml"));
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);

    /** The decision ids the page lists, oldest first. */
    private static final String LISTED_IDS =
            "return Array.from(document.querySelectorAll('#decisions li[data-id]'))"
                    + ".map(li => li.dataset.id).reverse();";

    @TempDir Path dir;

    @Test
    void theBoardShowsTheJobsDecisionsAndEmptyTrainsLiveAndAfterAReload() throws Exception {
        PageInChromium.requireBrowser();
        Path run = dir.resolve("run");
        JobSettings settings = JobSettings.load(SeededRun.CONFIG.resolve("job.yaml"));
        KafkaTopics topics = KafkaTopics.load(settings.topicsFile);
        AtomicReference<BoardServer> board = new AtomicReference<>();
        AtomicReference<PageInChromium> page = new AtomicReference<>();
        try {
            LocalLoop.Result result =
                    new LocalLoop(MORNING_PEAK, settings, run)
                            .onJobStarted(
                                    bootstrap -> {
                                        try {
                                            board.set(
                                                    LiveBoard.start(
                                                            0,
                                                            MORNING_PEAK.network(),
                                                            // The loop writes station load
                                                            // and feed health to files, as
                                                            // the demo does; the rest comes
                                                            // from the job's topics.
                                                            new CombinedFeed(
                                                                    new KafkaFeed(
                                                                            bootstrap, topics),
                                                                    new FolderFeed(List.of(run)))));
                                            page.set(
                                                    new PageInChromium(
                                                            board.get().address(),
                                                            dir.resolve("chromedriver.log")));
                                            // The line is drawn before any decision comes.
                                            assertThat(page.get().stationsDrawn())
                                                    .isEqualTo(
                                                            MORNING_PEAK.network().stationCount());
                                            assertThat(page.get().script(LISTED_IDS).size())
                                                    .isZero();
                                        } catch (Exception e) {
                                            throw new IllegalStateException(e);
                                        }
                                    })
                            .run(
                                    new SimulationOptions(
                                            SEED,
                                            MORNING_PEAK.date(),
                                            FROM,
                                            TO,
                                            SimulationOptions.FAST));

            List<String> published = new ArrayList<>();
            for (String line : Files.readAllLines(run.resolve("decisions.jsonl"))) {
                DispatchDecision d = OutputJson.readDecision(line);
                // What the recommendations topic carries: episodes that got a train.
                if (d.trainsSent > 0
                        && d.decision != DecisionType.SUPPRESSED
                        && d.eventTime <= result.decidedUntil()) {
                    published.add(d.decisionId);
                }
            }
            assertThat(published).isNotEmpty();

            // Live: the page, never reloaded, lists the job's decisions as they came.
            JsonNode live =
                    page.get()
                            .await(
                                    LISTED_IDS,
                                    ids -> ids(ids).containsAll(published),
                                    PAGE_TIMEOUT);
            assertThat(live.get(0).asText()).as("the first decision").contains("-RAISED-");
            assertThat(
                            page.get()
                                    .script(
                                            "return document.querySelectorAll("
                                                    + "'#decisions li[data-decision=\"RAISED\"]').length;")
                                    .asInt())
                    .isPositive();
            JsonNode trains =
                    page.get()
                            .script(
                                    "return Array.from(document.querySelectorAll('#trains"
                                            + " tr[data-trip]')).map(tr => tr.dataset.trip);");
            assertThat(trains.size()).as("empty trains on the board").isPositive();
            assertThat(trains.get(0).asText()).startsWith("empty-");
            assertThat(
                            page.get()
                                    .script(
                                            "return document.querySelectorAll('.train-mark').length;")
                                    .asInt())
                    .as("empty trains on the map")
                    .isPositive();
            // Every platform has its estimate; Nijiaqiao southbound is crowded still.
            assertThat(
                            page.get()
                                    .script(
                                            "return document.querySelectorAll('g.platform[data-los]').length;")
                                    .asInt())
                    .isEqualTo(2 * MORNING_PEAK.network().stationCount());
            assertThat(
                            page.get()
                                    .script(
                                            "return document.querySelector('g.platform[data-station=\"nijiaqiao\"]"
                                                    + "[data-direction=\"southbound\"]').dataset.crowded;")
                                    .asText())
                    .isEqualTo("true");
            page.get().screenshot(Path.of("target", "line-board-it.png"));

            // The same decisions as a GTFS-Realtime feed, decoded as a consumer would.
            checkGtfsRealtime(board.get(), run);

            // A reload loses nothing: the server sends the whole board to a page that connects.
            page.get().reload();
            JsonNode reloaded =
                    page.get()
                            .await(
                                    LISTED_IDS,
                                    ids -> ids(ids).containsAll(published),
                                    PAGE_TIMEOUT);
            assertThat(ids(reloaded)).isEqualTo(ids(live));
        } finally {
            if (page.get() != null) {
                page.get().close();
            }
            if (board.get() != null) {
                board.get().close();
            }
        }
    }

    @Test
    void everyNetworkIsDrawnWithItsStationsAndBranches() throws Exception {
        PageInChromium.requireBrowser();
        List<Path> networks = new ArrayList<>();
        try (var files = Files.newDirectoryStream(SeededRun.CONFIG.resolve("networks"), "*.yaml")) {
            files.forEach(networks::add);
        }
        try (var files =
                Files.newDirectoryStream(SeededRun.CONFIG.resolve("networks/examples"), "*.yaml")) {
            files.forEach(networks::add);
        }
        assertThat(networks).hasSizeGreaterThan(2);
        for (Path file : networks) {
            Network network = NetworkLoader.load(file);
            Files.createDirectories(dir.resolve("empty"));
            try (BoardServer board =
                            LiveBoard.start(
                                    0, network, new FolderFeed(List.of(dir.resolve("empty"))));
                    PageInChromium page =
                            new PageInChromium(board.address(), dir.resolve("chromedriver.log"))) {
                assertThat(page.stationsDrawn())
                        .as(file.toString())
                        .isEqualTo(network.stationCount());
                long tracks = network.stations().stream().filter(s -> s.parentIndex() >= 0).count();
                assertThat(
                                page.script(
                                                "return document.querySelectorAll('#line > line').length;")
                                        .asInt())
                        .as(file + ": a track from each station to its parent")
                        .isEqualTo((int) tracks);
                assertThat(page.script("return document.title;").asText())
                        .startsWith(network.name());
            }
        }
    }

    private static void checkGtfsRealtime(BoardServer board, Path run) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(board.address() + "gtfs-rt");
        HttpResponse<byte[]> response =
                http.send(
                        HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.headers().firstValue("Content-Type"))
                .contains("application/x-protobuf");
        FeedMessage feed = FeedMessage.parseFrom(response.body());
        String json =
                http.send(
                                HttpRequest.newBuilder(URI.create(uri + "?format=json")).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        FeedMessage.Builder fromJson = FeedMessage.newBuilder();
        JsonFormat.parser().merge(json, fromJson);
        assertThat(fromJson.build()).isEqualTo(feed);

        Network network = MORNING_PEAK.network();
        long now = board.board().now();
        assertThat(feed.getHeader().getTimestamp()).isGreaterThanOrEqualTo(now / 1000);
        Map<String, DispatchDecision> sent = new TreeMap<>();
        for (String line : Files.readAllLines(run.resolve("decisions.jsonl"))) {
            DispatchDecision d = OutputJson.readDecision(line);
            if (d.emptyTrain != null && d.eventTime <= now) {
                sent.put("empty-" + d.recommendationId + "-" + d.emptyTrain.sequence, d);
            }
        }
        Set<String> trips = new TreeSet<>();
        for (FeedEntity entity : feed.getEntityList()) {
            if (!entity.hasTripUpdate()) {
                continue;
            }
            TripUpdate update = entity.getTripUpdate();
            DispatchDecision d = sent.get(update.getTrip().getTripId());
            assertThat(d).as("the decision of " + update.getTrip().getTripId()).isNotNull();
            trips.add(update.getTrip().getTripId());
            assertThat(update.getTrip().getScheduleRelationship())
                    .isEqualTo(TripDescriptor.ScheduleRelationship.NEW);
            assertThat(update.getTrip().getRouteId()).isEqualTo(network.gtfsRouteId());
            assertThat(update.getStopTimeUpdate(0).getStopId())
                    .isEqualTo(network.station(d.emptyTrain.fromStationId).gtfsStopId());
            assertThat(update.getStopTimeUpdate(0).getDeparture().getTime())
                    .isEqualTo(d.emptyTrain.leaveAt / 1000);
            String crowded = network.station(d.emptyTrain.startsServiceAt).gtfsStopId();
            assertThat(update.getStopTimeUpdateList())
                    .filteredOn(stop -> stop.getStopId().equals(crowded))
                    .singleElement()
                    .satisfies(
                            stop ->
                                    assertThat(stop.getArrival().getTime())
                                            .isEqualTo(d.emptyTrain.arriveAt / 1000));
        }
        // Every train still on its trip is in the feed.
        for (Map.Entry<String, DispatchDecision> train : sent.entrySet()) {
            if (EmptyTrainTrip.end(network, train.getValue().emptyTrain) >= now) {
                assertThat(trips).contains(train.getKey());
            }
        }
        assertThat(trips).isNotEmpty();

        // Each train's position and occupancy: its latest report (the train feed may be ahead).
        Map<String, JsonNode> latest = new TreeMap<>();
        Map<String, Long> latestTime = new TreeMap<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : Files.readAllLines(run.resolve("train-events.jsonl"))) {
            JsonNode report = mapper.readTree(line);
            String train = report.path("trainId").asText();
            long time = OffsetDateTime.parse(report.path("eventTime").asText()).toEpochSecond();
            if ("train".equals(report.path("kind").asText())
                    && time >= latestTime.getOrDefault(train, Long.MIN_VALUE)) {
                latest.put(train, report);
                latestTime.put(train, time);
            }
        }
        int vehicles = 0;
        for (FeedEntity entity : feed.getEntityList()) {
            if (!entity.hasVehicle()) {
                continue;
            }
            vehicles++;
            VehiclePosition position = entity.getVehicle();
            JsonNode report = latest.get(position.getVehicle().getId());
            assertThat(report).as(position.getVehicle().getId()).isNotNull();
            assertThat(position.getOccupancyPercentage())
                    .isEqualTo(
                            Occupancy.percentage(
                                    report.path("load").asInt(),
                                    report.path("capacity").asInt(),
                                    report.path("ratedCapacity").asInt()));
            if ("ARRIVAL".equals(report.path("type").asText())) {
                assertThat(position.getStopId())
                        .isEqualTo(network.station(report.path("stationId").asText()).gtfsStopId());
            }
        }
        assertThat(vehicles).as("trains in service at " + now).isGreaterThan(10);
    }

    private static Set<String> ids(JsonNode array) {
        Set<String> ids = new TreeSet<>();
        array.forEach(id -> ids.add(id.asText()));
        return ids;
    }
}
