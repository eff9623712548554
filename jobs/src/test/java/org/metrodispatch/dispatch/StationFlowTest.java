package org.metrodispatch.dispatch;

import org.metrodispatch.contract.decision.CrowdingEvidence;
import org.metrodispatch.contract.decision.StationLoad;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.contract.network.Station;
import org.metrodispatch.contract.truth.LevelOfService;
import org.metrodispatch.dispatch.StationFlow.SecondEvents;
import org.metrodispatch.dispatch.StationFlow.TrainReport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The station flow second by second, without Flink: hand-made seconds, exact outputs. */
class StationFlowTest {

    /** 08:00 in Chengdu. */
    private static final long T0 = 1_772_582_400_000L;

    private static final long S0 = T0 / 1000;
    private static final int SIZE = 90;
    private static final int SLIDE = 30;
    private static final int SOUTHBOUND = 0;

    private static Network network;
    private static FlowShares shares;
    private static Station nijiaqiao;

    private final StationFlow flow = flowForecasting(0);

    /** The flow of these tests, forecasting this many departures ahead (0: off). */
    private static StationFlow flowForecasting(int departures) {
        return new StationFlow(
                network,
                shares,
                new SlidingCounts(SIZE, SLIDE),
                new EstimationSettings(0.98, 20),
                new DetectionSettings(
                        2, LevelOfService.E, 0, 0.5, 2, LevelOfService.C, 180_000, departures));
    }

    private final WindowState window = new WindowState();
    private final PlatformState[] platforms = {new PlatformState(), new PlatformState()};
    private final Map<Long, SecondEvents> seconds = new HashMap<>();
    private final List<StationLoad> loads = new ArrayList<>();
    private final List<CrowdingSignal> signals = new ArrayList<>();
    private final StationFlow.Output out =
            new StationFlow.Output() {
                @Override
                public void signal(CrowdingSignal signal) {
                    signals.add(signal);
                }

                @Override
                public void load(StationLoad load) {
                    loads.add(load);
                }
            };

    @BeforeAll
    static void load() {
        network = NetworkLoader.load(Path.of("..", "config", "networks", "chengdu-line1.yaml"));
        shares = FlowShares.fromNetwork(network, 900);
        nijiaqiao = network.station(network.indexOf("nijiaqiao"));
    }

    /** Hands seconds {@code from..to} (seconds after 08:00) to the flow, in order. */
    private void run(long from, long to) {
        for (long t = S0 + from; t <= S0 + to; t++) {
            flow.processSecond(nijiaqiao, window, platforms, t, seconds.get(t), out);
        }
    }

    private void gates(long at, int entries, int exits, int heartbeats) {
        seconds.put(S0 + at, new SecondEvents(entries, exits, heartbeats, List.of()));
    }

    private void trains(long at, TrainReport... reports) {
        seconds.put(S0 + at, new SecondEvents(0, 0, 0, List.of(reports)));
    }

    private static TrainReport arrival(String train, long atMillis, int load) {
        return new TrainReport(false, train, SOUTHBOUND, T0 + atMillis, load, 1_880);
    }

    private static TrainReport departure(String train, long atMillis, int load) {
        return new TrainReport(true, train, SOUTHBOUND, T0 + atMillis, load, 1_880);
    }

    /** 1,000 entries in one second: about 706 of them wait southbound. */
    private void crowdThenTwoFullTrains() {
        gates(1, 1_000, 0, 0);
        trains(200, arrival("T0107", 200_000, 1_800));
        trains(240, departure("T0107", 240_000, 1_880));
        trains(300, arrival("T0109", 300_000, 1_800));
        trains(340, departure("T0109", 340_000, 1_880));
    }

    @Test
    void eachSlideEndsWithTheWindowsCounts() {
        gates(5, 3, 0, 0);
        gates(40, 0, 1, 0);
        gates(65, 0, 0, 1);
        gates(95, 1, 0, 0);
        run(0, 149);

        assertThat(loads)
                .extracting(l -> l.windowEnd - T0)
                .containsExactly(30_000L, 60_000L, 90_000L, 120_000L, 150_000L);
        int[][] expected = {{3, 0, 0}, {3, 1, 0}, {3, 1, 1}, {1, 1, 1}, {1, 0, 1}};
        for (int i = 0; i < expected.length; i++) {
            StationLoad load = loads.get(i);
            assertThat(load.stationId).isEqualTo("nijiaqiao");
            assertThat(load.windowStart).isEqualTo(load.windowEnd - SIZE * 1000L);
            assertThat(new int[] {load.entries, load.exits, load.heartbeats})
                    .as("window ending %d", load.windowEnd - T0)
                    .isEqualTo(expected[i]);
            assertThat(load.platforms)
                    .extracting(p -> p.direction)
                    .containsExactly("southbound", "northbound");
        }
        assertThat(signals).isEmpty();
    }

    @Test
    void aLoadOnlyAtTheLastSecondOfASlide() {
        gates(5, 1, 0, 0);
        run(0, 28);
        assertThat(loads).isEmpty();
        run(29, 29);
        assertThat(loads).hasSize(1);
        assertThat(loads.get(0).windowEnd).isEqualTo(T0 + 30_000);
    }

    @Test
    void entriesWaitOnThePlatformUntilATrainTakesThem() {
        gates(1, 1_000, 0, 0);
        run(0, 239);
        double waiting = loads.get(loads.size() - 1).platforms[SOUTHBOUND].waitingEstimate;
        assertThat(waiting).isBetween(650.0, 720.0);

        // A train with room for everyone leaves nobody behind and raises nothing.
        trains(240, arrival("T0107", 240_000, 200), departure("T0107", 240_500, 300));
        run(240, 269);
        StationLoad after = loads.get(loads.size() - 1);
        assertThat(after.platforms[SOUTHBOUND].leftBehind).isZero();
        assertThat(after.platforms[SOUTHBOUND].waitingEstimate).isLessThan(waiting / 10);
        assertThat(signals).isEmpty();
    }

    @Test
    void fullDeparturesTwiceInARowRaiseASignalAtOnce() {
        crowdThenTwoFullTrains();
        run(0, 339);
        assertThat(signals).isEmpty();
        assertThat(loads.get(loads.size() - 1).platforms[SOUTHBOUND].consecutiveLeftBehind)
                .isEqualTo(1);

        // The departure's second, not the end of its window.
        run(340, 340);
        assertThat(signals).hasSize(1);
        CrowdingSignal raised = signals.get(0);
        assertThat(raised.type).isEqualTo(SignalType.RAISED);
        assertThat(raised.stationId).isEqualTo("nijiaqiao");
        assertThat(raised.direction).isEqualTo("southbound");
        assertThat(raised.time).isEqualTo(T0 + 340_000);
        assertThat(raised.reason)
                .isEqualTo(
                        "passengers left behind on 2 departures in a row (402 by the last train)");
        assertThat(raised.evidence.leftBehind).isEqualTo(402);
        assertThat(raised.evidence.lastTrainId).isEqualTo("T0109");
        // The evidence's window is the one the departure falls in.
        assertThat(raised.evidence.windowEnd).isEqualTo(T0 + 360_000);
        assertThat(raised.evidence.windowStart).isEqualTo(T0 + 270_000);
    }

    /** The same flow, forecasting one departure ahead. */
    private final StationFlow forecasting = flowForecasting(1);

    private void runForecasting(long from, long to) {
        for (long t = S0 + from; t <= S0 + to; t++) {
            forecasting.processSecond(nijiaqiao, window, platforms, t, seconds.get(t), out);
        }
    }

    @Test
    void theForecastRaisesAtTheFirstFullDepartureWhenTheNextCannotTakeThoseLeft() {
        crowdThenTwoFullTrains();
        runForecasting(0, 240);
        assertThat(signals).hasSize(1);
        CrowdingSignal raised = signals.get(0);
        assertThat(raised.type).isEqualTo(SignalType.RAISED);
        assertThat(raised.time).isEqualTo(T0 + 240_000);
        assertThat(raised.evidence.consecutiveLeftBehind).isEqualTo(1);
        assertThat(raised.reason)
                .startsWith(
                        "forecast: passengers left behind on 1 departures in a row and expected"
                                + " on the next 1");
        int forecast = raised.evidence.forecastLeftBehind;
        assertThat(forecast).isGreaterThanOrEqualTo(20);

        // The next train brings what the last one did, and nobody enters: the forecast comes true.
        runForecasting(241, 340);
        assertThat(platforms[SOUTHBOUND].leftBehind).isBetween(forecast - 1, forecast + 1);
    }

    @Test
    void aBacklogTheNextTrainClearsIsNotRaisedEarly() {
        // About 212 wait southbound; a train arriving with 1,800 has room for about 152.
        gates(1, 300, 0, 0);
        trains(200, arrival("T0107", 200_000, 1_800));
        trains(240, departure("T0107", 240_000, 1_880));
        trains(300, arrival("T0109", 300_000, 1_800));
        trains(340, departure("T0109", 340_000, 1_790));
        runForecasting(0, 300);
        assertThat(platforms[SOUTHBOUND].leftBehind).isGreaterThanOrEqualTo(20);
        assertThat(platforms[SOUTHBOUND].forecastLeftBehind).isZero();
        runForecasting(301, 400);
        // The first train left some behind, and the forecast said the next would take them.
        assertThat(platforms[SOUTHBOUND].departuresWithoutLeftBehind).isEqualTo(1);
        assertThat(platforms[SOUTHBOUND].lastTrainId).isEqualTo("T0109");
        assertThat(signals).isEmpty();
        assertThat(loads.get(loads.size() - 1).platforms[SOUTHBOUND].leftBehind).isZero();
    }

    @Test
    void withoutForecastModeTheForecastIsEvidenceNotATrigger() {
        crowdThenTwoFullTrains();
        run(0, 339);
        assertThat(platforms[SOUTHBOUND].forecastLeftBehind).isGreaterThanOrEqualTo(20);
        assertThat(signals).isEmpty();
        run(340, 340);
        assertThat(signals.get(0).reason).startsWith("passengers left behind on 2 departures");
        assertThat(signals.get(0).evidence.forecastLeftBehind).isNotNegative();
    }

    @Test
    void whileCrowdedEachWindowEndSaysWhyItStillIs() {
        crowdThenTwoFullTrains();
        run(0, 419);
        assertThat(signals)
                .extracting(s -> s.type)
                .containsExactly(
                        SignalType.RAISED, SignalType.STATUS, SignalType.STATUS, SignalType.STATUS);
        assertThat(signals.subList(1, 4))
                .extracting(s -> s.time - T0)
                .containsExactly(360_000L, 390_000L, 420_000L);
        assertThat(signals.get(1).reason)
                .startsWith("passengers left behind on 2 departures in a row");
        assertThat(loads.get(loads.size() - 1).platforms[SOUTHBOUND].crowded).isTrue();
    }

    @Test
    void trainsWithRoomClearTheSignalAfterTheHoldWithTheClearReason() {
        crowdThenTwoFullTrains();
        trains(400, arrival("T0111", 400_000, 1_000));
        trains(440, departure("T0111", 440_000, 1_500));
        trains(500, arrival("T0113", 500_000, 1_000));
        trains(540, departure("T0113", 540_000, 1_200));
        run(0, 900);

        CrowdingSignal last = signals.get(signals.size() - 1);
        assertThat(last.type).isEqualTo(SignalType.CLEARED);
        // Calm from the second train with room (540 s) on, cleared 180 s later.
        assertThat(last.time).isEqualTo(T0 + 720_000);
        assertThat(last.reason)
                .isEqualTo(
                        "nobody left behind on 2 departures in a row and the waiting area at"
                                + " level of service A for 180 s");
        assertThat(loads.get(loads.size() - 1).platforms[SOUTHBOUND].crowded).isFalse();
    }

    @Test
    void trainsOfOneSecondGoInTimeOrderWhateverOrderTheyCameIn() {
        gates(1, 1_000, 0, 0);
        // The same millisecond: the arrival first, or the departure would find no train.
        seconds.put(
                S0 + 240,
                new SecondEvents(
                        0,
                        0,
                        0,
                        List.of(
                                departure("T0107", 240_000, 1_880),
                                arrival("T0107", 240_000, 1_800))));
        run(0, 269);
        StationLoad reversed = loads.get(loads.size() - 1);

        StationFlowTest inOrder = new StationFlowTest();
        inOrder.gates(1, 1_000, 0, 0);
        inOrder.trains(240, arrival("T0107", 240_000, 1_800), departure("T0107", 240_000, 1_880));
        inOrder.run(0, 269);
        StationLoad expected = inOrder.loads.get(inOrder.loads.size() - 1);

        assertThat(expected.platforms[SOUTHBOUND].leftBehind).isPositive();
        assertThat(reversed).usingRecursiveComparison().isEqualTo(expected);
    }

    @Test
    void aTrainReportNeedsAKnownDirection() {
        assertThatThrownBy(() -> new TrainReport(true, "T1", 2, T0, 0, 1_880))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecondEvents(-1, 0, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenTheProfileSendsRidersTheWrongWayTheTrainsPutItRight() {
        // A wrong profile: half of every station's entries each way, 5 % get off everywhere.
        // Really all of Nijiaqiao's 60 entries a minute ride south. Every 2 minutes a southbound
        // train comes in with 1,500 and leaves full (it took some 455), a northbound one comes in
        // with 300 and leaves with 300 (it took 15, not the 60 estimated).
        FlowShares wrong = new FlowShares(900, network.stationCount());
        for (int s = 0; s < network.stationCount(); s++) {
            for (int slot = 0; slot < 96; slot++) {
                wrong.set(s, slot, 0.5, 0.05, 0.05);
            }
        }
        StationFlow correcting =
                new StationFlow(
                        network,
                        wrong,
                        new SlidingCounts(SIZE, SLIDE),
                        new EstimationSettings(0.98, 20, 0.03, 0.2, 8),
                        new DetectionSettings(
                                2, LevelOfService.E, 0, 0.5, 2, LevelOfService.C, 180_000, 0));
        int northbound = 1 - SOUTHBOUND;
        for (int minute = 0; minute < 60; minute++) {
            long at = minute * 60L;
            if (minute % 2 == 1) {
                seconds.put(
                        S0 + at,
                        new SecondEvents(
                                60,
                                0,
                                0,
                                List.of(
                                        arrival("S" + minute, at * 1000, 1_500),
                                        new TrainReport(
                                                false,
                                                "N" + minute,
                                                northbound,
                                                T0 + at * 1000,
                                                300,
                                                1_880))));
                seconds.put(
                        S0 + at + 30,
                        new SecondEvents(
                                0,
                                0,
                                0,
                                List.of(
                                        departure("S" + minute, (at + 30) * 1000, 1_880),
                                        new TrainReport(
                                                true,
                                                "N" + minute,
                                                northbound,
                                                T0 + (at + 30) * 1000,
                                                300,
                                                1_880))));
            } else {
                gates(at, 60, 0, 0);
            }
        }
        for (long t = S0; t <= S0 + 3_600; t++) {
            correcting.processSecond(nijiaqiao, window, platforms, t, seconds.get(t), out);
        }

        double south = PlatformEstimator.correction(platforms[SOUTHBOUND]);
        double north = PlatformEstimator.correction(platforms[northbound]);
        assertThat(south).as("southbound: more boarded than estimated").isEqualTo(8.0);
        assertThat(north).as("northbound: fewer boarded than estimated").isLessThan(1.0);
        double corrected = 0.5 * south / (0.5 * south + 0.5 * north);
        // Northbound keeps a little: once its estimate is near the 15 its trains took, the
        // departures teach nothing more.
        assertThat(corrected).as("the corrected southbound share").isGreaterThan(0.9);
    }

    @Test
    void withoutTrainReportsTheTimetableGivesTheDeparturesAndTheDecisionsSaySo() {
        // A profile whose southbound trains reach Nijiaqiao nearly full at 08:00-08:15 and nearly
        // empty after; all entries ride south.
        FlowShares profile = new FlowShares(900, network.stationCount());
        int parent = nijiaqiao.parentIndex();
        for (int s = 0; s < network.stationCount(); s++) {
            for (int slot = 0; slot < 96; slot++) {
                profile.set(s, slot, 1.0, 0.0, 0.0);
            }
        }
        profile.setArrivingLoad(nijiaqiao.index(), Direction.FORWARD, 32, 1_870);
        assertThat(parent).isNotNegative();
        StationFlow gatesOnly =
                new StationFlow(
                        network,
                        profile,
                        new SlidingCounts(SIZE, SLIDE),
                        new EstimationSettings(0.98, 20, 0.03, 0.2, 8, 300),
                        new DetectionSettings(
                                2, LevelOfService.E, 0, 0.5, 2, LevelOfService.C, 180_000, 0));
        // 40 entries a minute from 08:00 to 08:30, no train report at all.
        for (int minute = 0; minute < 30; minute++) {
            gates(minute * 60L, 40, 0, 0);
        }
        for (long t = S0; t <= S0 + 40 * 60; t++) {
            gatesOnly.processSecond(nijiaqiao, window, platforms, t, seconds.get(t), out);
        }

        PlatformState south = platforms[SOUTHBOUND];
        assertThat(south.gatesOnly).isTrue();
        // Until 08:15 the typical train leaves room for 10: passengers are left behind...
        assertThat(signals).isNotEmpty();
        CrowdingSignal raised = signals.get(0);
        assertThat(raised.type).isEqualTo(SignalType.RAISED);
        assertThat(raised.direction).isEqualTo("southbound");
        assertThat(raised.evidence.basis).isEqualTo(CrowdingEvidence.GATES_ONLY);
        assertThat(raised.evidence.lastTrainId).isEqualTo(PlatformEstimator.SCHEDULED);
        assertThat(raised.time).isBetween(T0 + 300_000, T0 + 900_000);
        // ...after it, typical trains bring nobody (the profile knows none): the platform clears.
        assertThat(signals).extracting(signal -> signal.type).contains(SignalType.CLEARED);
        assertThat(south.waiting).isLessThan(20);

        // A train report brings the side back to its trains.
        seconds.put(
                S0 + 40 * 60 + 1,
                new SecondEvents(0, 0, 0, List.of(arrival("T1", (40 * 60 + 1) * 1000L, 500))));
        gatesOnly.processSecond(
                nijiaqiao, window, platforms, S0 + 40 * 60 + 1, seconds.get(S0 + 40 * 60 + 1), out);
        assertThat(south.gatesOnly).isFalse();
    }
}
