package org.metrodispatch.calibration;

import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.event.FeedEvent;
import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.TrainEvent;
import org.metrodispatch.contract.event.TrainEventType;
import org.metrodispatch.contract.json.EventJson;
import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.contract.network.Service;
import org.metrodispatch.contract.time.DayClock;
import org.metrodispatch.contract.time.TimeFormatter;
import org.metrodispatch.dispatch.FlowProfile;
import org.metrodispatch.dispatch.FlowProfile.StationProfile;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.dispatch.ServiceGroups;
import org.metrodispatch.evaluation.ProfileCheck;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.output.FileEventSink;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CalibrationTest {

    private static final int SLOT = 900;
    private static final LocalDate DAY = LocalDate.of(2026, 3, 4);
    private static final int EIGHT = 8 * 3_600;

    private static Network network;
    private static FlowShares prior;
    private static DayClock clock;

    @TempDir Path dir;

    @BeforeAll
    static void load() {
        network = NetworkLoader.load(Path.of("..", "config", "networks", "chengdu-line1.yaml"));
        prior = FlowShares.fromNetwork(network, SLOT);
        clock = new DayClock(DAY, network.timeZone());
    }

    private static long at(int secondOfDay) {
        return clock.epochSecond(secondOfDay) * 1000;
    }

    private static int taps;

    private static GateEvent tap(int station, GateDirection direction, int second, String card) {
        String id = network.station(station).id();
        GateEvent tap =
                new GateEvent(
                        id + "-g01-" + second + "-" + taps++,
                        id,
                        id + "-g01",
                        direction,
                        at(second));
        tap.cardId = card;
        return tap;
    }

    private Path folder(String name, List<? extends FeedEvent> gates, List<TrainEvent> trains)
            throws IOException {
        Path folder = dir.resolve(name);
        Files.createDirectories(folder);
        write(folder.resolve(FileEventSink.GATE_EVENTS_FILE), gates);
        write(folder.resolve(FileEventSink.TRAIN_EVENTS_FILE), trains);
        return folder;
    }

    private static void write(Path file, List<? extends FeedEvent> events) throws IOException {
        TimeFormatter time = new TimeFormatter(network.timeZone());
        JsonBytes json = new JsonBytes(512);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (FeedEvent event : events) {
                EventJson.write(json.reset(), event, time).newline().writeTo(out);
            }
        }
    }

    private static double forwardPrior(int station, int slot) {
        return prior.directionShare(station, Direction.FORWARD, slot * SLOT + SLOT / 2);
    }

    private static double alightingPrior(int station, Direction direction, int slot) {
        return prior.alightingShare(station, direction, slot * SLOT + SLOT / 2);
    }

    @Test
    void cardPairsGiveEachStationsDirectionsAndWhereRidersGetOff() throws IOException {
        int a = 3;
        int b = 6;
        List<GateEvent> taps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            taps.add(tap(a, GateDirection.ENTRY, EIGHT + 60, "f" + i));
            taps.add(tap(b, GateDirection.EXIT, EIGHT + 20 * 60, "f" + i));
        }
        for (int i = 0; i < 30; i++) {
            taps.add(tap(a, GateDirection.ENTRY, EIGHT + 120, "r" + i));
            taps.add(tap(0, GateDirection.EXIT, EIGHT + 14 * 60, "r" + i));
        }
        // A card that only entered, and one whose exit came a day later: no trip.
        taps.add(tap(a, GateDirection.ENTRY, EIGHT, "lost"));
        taps.add(tap(a, GateDirection.ENTRY, EIGHT, "late"));
        taps.add(tap(b, GateDirection.EXIT, EIGHT + 5 * 3_600, "late"));

        Calibration.Result result =
                Calibration.learn(
                        network, List.of(folder("cards", taps, List.of())), "auto", SLOT, 0.5);

        FlowProfile profile = result.profile();
        assertThat(profile.method()).isEqualTo(FlowProfile.CARD_PAIRS);
        int slot = EIGHT / SLOT;
        StationProfile origin = profile.stations().get(a);
        double weight = ProfileLearner.PRIOR_WEIGHT;
        assertThat(origin.forwardShare()[slot])
                .isCloseTo((10 + weight * forwardPrior(a, slot)) / (40 + weight), within(1e-9));
        assertThat(origin.entries()[slot]).isEqualTo(42);
        // The forward riders all get off at b, passing it in the next slot (08:20).
        assertThat(profile.stations().get(b).alightingForward()[slot + 1])
                .isCloseTo(
                        (10 + weight * alightingPrior(b, Direction.FORWARD, slot + 1))
                                / (10 + weight),
                        within(1e-9));
        // ...and pass the station between without getting off.
        assertThat(profile.stations().get(a + 1).alightingForward()[slot])
                .isCloseTo(
                        weight * alightingPrior(a + 1, Direction.FORWARD, slot) / (10 + weight),
                        within(1e-9));
        // Where nobody rode, the network's prior stands.
        assertThat(origin.forwardShare()[slot + 8])
                .isCloseTo(forwardPrior(a, slot + 8), within(1e-9));
        // The forward riders ride to the common section: either branch's train takes them.
        ServiceGroups groups = new ServiceGroups(network);
        double[] groupPrior = groups.networkShares(a, Direction.FORWARD);
        int either = groups.group(a, b);
        assertThat(groups.name(a, Direction.FORWARD, either)).isEqualTo("science-city+wugensong");
        assertThat(origin.groupsForward()).hasSize(3);
        assertThat(origin.groupsForward().get("science-city+wugensong")[slot])
                .isCloseTo((10 + weight * groupPrior[either]) / (10 + weight), within(1e-9));
        assertThat(origin.groupsForward().get("wugensong")[slot])
                .isCloseTo(
                        weight
                                * groupPrior[groups.group(a, network.indexOf("wugensong"))]
                                / (10 + weight),
                        within(1e-9));
    }

    @Test
    void withoutCardsTheLoadChangeAndTheExitsSayWhoBoardedWhichWay() throws IOException {
        int a = 3;
        Direction forward = Direction.FORWARD;
        Service service = network.servicesLeaving(a, forward).get(0);
        String station = network.station(a).id();
        List<TrainEvent> trains =
                List.of(
                        train("t1-arr", station, service, TrainEventType.ARRIVAL, EIGHT + 180, 100),
                        train(
                                "t1-dep",
                                station,
                                service,
                                TrainEventType.DEPARTURE,
                                EIGHT + 210,
                                120));
        List<GateEvent> exits = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            exits.add(tap(a, GateDirection.EXIT, EIGHT + 300, null));
        }
        Calibration.Result result =
                Calibration.learn(
                        network, List.of(folder("loads", exits, trains)), "auto", SLOT, 0.5);

        FlowProfile profile = result.profile();
        assertThat(profile.method()).isEqualTo(FlowProfile.TRAIN_LOADS);
        int slot = EIGHT / SLOT;
        double weight = ProfileLearner.PRIOR_WEIGHT;
        StationProfile learned = profile.stations().get(a);
        // No train left the other way: all 30 exits came off this train, so 20 + 30 boarded.
        assertThat(learned.forwardShare()[slot])
                .isCloseTo((50 + weight * forwardPrior(a, slot)) / (50 + weight), within(1e-9));
        assertThat(learned.alightingForward()[slot])
                .isCloseTo(
                        (30 + weight * alightingPrior(a, forward, slot)) / (100 + weight),
                        within(1e-9));
        assertThat(learned.departureLoadForward()[slot]).isEqualTo(120);
    }

    private static TrainEvent train(
            String id, String station, Service service, TrainEventType type, int second, int load) {
        return new TrainEvent(
                id,
                "t1",
                network.lineId(),
                service.id(),
                network.directionName(Direction.FORWARD),
                station,
                type,
                at(second),
                load,
                2_000,
                1_460);
    }

    @Test
    void learnedFromSimulatedDaysItIsCloserToTheHiddenDemandThanTheNetworkAlone()
            throws IOException {
        Scenario scenario =
                Scenario.load(Path.of("..", "config", "scenarios", "weekday-morning-peak.yaml"));
        List<Path> days = new ArrayList<>();
        for (long seed : new long[] {101, 102}) {
            Path day = dir.resolve("seed-" + seed);
            try (FileEventSink files = new FileEventSink(day)) {
                new Simulation(
                                scenario,
                                new SimulationOptions(
                                        seed,
                                        scenario.date(),
                                        7 * 3_600,
                                        9 * 3_600,
                                        SimulationOptions.FAST),
                                files)
                        .run();
            }
            days.add(day);
        }
        FlowProfile profile =
                Calibration.learn(scenario.network(), days, "auto", SLOT, 0.5).profile();
        FlowProfile fromLoads =
                Calibration.learn(scenario.network(), days, "train-loads", SLOT, 0.5).profile();

        // The simulator gives every passenger a card id: auto pairs the cards.
        assertThat(profile.method()).isEqualTo(FlowProfile.CARD_PAIRS);
        assertThat(profile.accuracy().get("cardCoverage")).isEqualTo(1.0);
        assertThat(profile.learnedFrom()).hasSize(2);
        assertThat(profile.accuracy())
                .containsKeys("heldOutDirectionShareError", "trainLoadsDirectionShareError");
        ProfileCheck cards = ProfileCheck.of(profile, scenario.demand());
        ProfileCheck loads = ProfileCheck.of(fromLoads, scenario.demand());
        double networkAlone = networkAloneDirectionError(profile, scenario);
        // Two 2-hour days; trips cut off by the window's end are lost, so not as close as full
        // days.
        assertThat(cards.directionShareError()).isLessThan(networkAlone / 3);
        assertThat(cards.alightingShareError()).isLessThan(0.05);
        assertThat(loads.directionShareError()).isLessThan(networkAlone);
        assertThat(loads.directionShareError()).isGreaterThan(cards.directionShareError());
    }

    /** The same weighted error as {@link ProfileCheck}, for the network-only shares. */
    private static double networkAloneDirectionError(FlowProfile profile, Scenario scenario) {
        double sum = 0;
        double weight = 0;
        for (int s = 0; s < network.stationCount(); s++) {
            double[] entries = profile.stations().get(s).entries();
            for (int k = 0; k < profile.slots(); k++) {
                double second = (k + 0.5) * SLOT;
                double model = scenario.demand().directionShare(s, Direction.FORWARD, second);
                sum += entries[k] * Math.abs(forwardPrior(s, k) - model);
                weight += entries[k];
            }
        }
        return sum / weight;
    }

    @Test
    void historyThatCannotSupportAProfileIsRefusedWithTheReason() throws IOException {
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        assertThatThrownBy(() -> Calibration.learn(network, List.of(empty), "auto", SLOT, 0.5))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("holds neither gate-events.jsonl nor train-events.jsonl");
        assertThatThrownBy(
                        () ->
                                Calibration.learn(
                                        network,
                                        List.of(dir.resolve("nowhere")),
                                        "auto",
                                        SLOT,
                                        0.5))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("no such folder");

        List<GateEvent> anonymous = List.of(tap(3, GateDirection.ENTRY, EIGHT, null));
        Path noCards = folder("anonymous", anonymous, List.of());
        assertThatThrownBy(() -> Calibration.learn(network, List.of(noCards), "auto", SLOT, 0.5))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("neither card ids on its taps nor train loads");
        assertThatThrownBy(
                        () -> Calibration.learn(network, List.of(noCards), "card-pairs", SLOT, 0.5))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("fewer than half of the taps carry a card id");

        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(
                broken.resolve(FileEventSink.GATE_EVENTS_FILE), "{not json\n{\"kind\":1}\n");
        assertThatThrownBy(() -> Calibration.learn(network, List.of(broken), "auto", SLOT, 0.5))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("2 of 2 records do not parse")
                .hasMessageContaining("line 1");
    }

    @Test
    void aProfileWrittenReadsBackForItsNetworkAndOnlyForIt(@TempDir Path out) throws IOException {
        List<GateEvent> taps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            taps.add(tap(3, GateDirection.ENTRY, EIGHT, "c" + i));
            taps.add(tap(6, GateDirection.EXIT, EIGHT + 900, "c" + i));
        }
        FlowProfile profile =
                Calibration.learn(
                                network,
                                List.of(folder("round", taps, List.of())),
                                "auto",
                                SLOT,
                                0.5)
                        .profile();
        Path file = out.resolve("profile.yaml");
        profile.write(file, "a test profile");

        FlowProfile read = FlowProfile.load(file, network);
        FlowShares shares = read.shares(network);
        FlowShares original = profile.shares(network);
        for (int s = 0; s < network.stationCount(); s++) {
            for (long second = 0; second < 86_400; second += SLOT) {
                assertThat(shares.directionShare(s, Direction.FORWARD, second))
                        .isCloseTo(
                                original.directionShare(s, Direction.FORWARD, second),
                                within(1e-4));
                assertThat(shares.alightingShare(s, Direction.REVERSE, second))
                        .isCloseTo(
                                original.alightingShare(s, Direction.REVERSE, second),
                                within(1e-4));
            }
        }
        assertThat(read.learnedFrom()).isEqualTo(profile.learnedFrom());
        // Service groups read back, and a group the side does not have is named in the error.
        ServiceGroups groups = shares.groups();
        assertThat(shares.groupShare(3, Direction.FORWARD, 2, EIGHT))
                .isCloseTo(original.groupShare(3, Direction.FORWARD, 2, EIGHT), within(1e-4));
        assertThat(groups.groups(3, Direction.FORWARD)).isEqualTo(3);
        Path wrong = out.resolve("wrong-group.yaml");
        Files.writeString(
                wrong,
                Files.readString(file).replaceFirst("\"wugensong\":", "\"airport-express\":"));
        assertThatThrownBy(() -> FlowProfile.load(wrong, network))
                .hasMessageContaining("airport-express")
                .hasMessageContaining("science-city+wugensong");

        Network other =
                NetworkLoader.load(
                        Path.of("..", "config", "networks", "examples", "harbour-line.yaml"));
        assertThatThrownBy(() -> FlowProfile.load(file, other))
                .hasMessageContaining("learned on network 'chengdu-line1'")
                .hasMessageContaining("metro-dispatch calibrate");
    }
}
