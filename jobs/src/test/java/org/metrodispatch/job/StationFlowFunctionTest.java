package org.metrodispatch.job;

import org.metrodispatch.contract.decision.RejectedRecord;
import org.metrodispatch.contract.decision.StationLoad;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.contract.truth.LevelOfService;
import org.metrodispatch.dispatch.CrowdingSignal;
import org.metrodispatch.dispatch.DetectionSettings;
import org.metrodispatch.dispatch.EstimationSettings;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.dispatch.SignalType;
import org.metrodispatch.dispatch.SlidingCounts;

import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.metrodispatch.job.Records.T0;

class StationFlowFunctionTest {

    private static final int SIZE = 90;
    private static final int SLIDE = 30;
    private static final long BOUND = 90_000;
    private static final long MAX_WALK_SECONDS = 600;
    private static final String NIJIAQIAO = "nijiaqiao";
    private static final int SOUTHBOUND = 0;
    private static final long DEDUPLICATION_SECONDS = 600;

    private static Network network;
    private static FlowShares shares;

    private KeyedOneInputStreamOperatorTestHarness<Integer, StationSecond, CrowdingSignal> harness;

    @BeforeAll
    static void load() {
        network = NetworkLoader.load(Path.of("..", "config", "networks", "chengdu-line1.yaml"));
        shares = FlowShares.fromNetwork(network, 900);
    }

    private static StationFlowFunction function() {
        return new StationFlowFunction(
                City.of(network),
                List.of(shares),
                new SlidingCounts(SIZE, SLIDE),
                new EstimationSettings(0.98, 20),
                new DetectionSettings(2, LevelOfService.E, 0, 0.5, 2, LevelOfService.C, 180_000, 0),
                DEDUPLICATION_SECONDS,
                MAX_WALK_SECONDS);
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, StationSecond, CrowdingSignal>
            newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function()), e -> e.station, Types.INT);
    }

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void push(StationEvent... events) throws Exception {
        for (StationEvent e : events) {
            harness.processElement(StationSecond.of(e), e.eventTime);
        }
    }

    private void watermark(long time) throws Exception {
        harness.processWatermark(new Watermark(time));
    }

    private static List<StationLoad> loads(
            KeyedOneInputStreamOperatorTestHarness<Integer, StationSecond, CrowdingSignal> h) {
        List<StationLoad> out = new ArrayList<>();
        var records = h.getSideOutput(StationFlowFunction.STATION_LOAD);
        if (records != null) {
            records.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    private static List<CrowdingSignal> signals(
            KeyedOneInputStreamOperatorTestHarness<Integer, StationSecond, CrowdingSignal> h) {
        return h.extractOutputValues();
    }

    private static StationLoad window(List<StationLoad> loads, String station, long end) {
        for (StationLoad load : loads) {
            if (load.stationId.equals(station) && load.windowEnd == end) {
                return load;
            }
        }
        throw new AssertionError("no window of " + station + " ending at " + (end - T0));
    }

    @Test
    void slidingWindowsAtEverySlideBoundaryWithExactCounts() throws Exception {
        push(
                Records.entry("e1", NIJIAQIAO, T0 + 5_000),
                Records.entry("e2", NIJIAQIAO, T0 + 5_200),
                Records.entry("e3", NIJIAQIAO, T0 + 5_999),
                Records.exit("x1", NIJIAQIAO, T0 + 40_000),
                Records.heartbeatEvent("h1", NIJIAQIAO, T0 + 65_000),
                Records.entry("e4", NIJIAQIAO, T0 + 95_000));
        assertThat(loads(harness)).isEmpty();

        watermark(T0 + 150_000 - 1);

        List<StationLoad> loads = loads(harness);
        assertThat(loads)
                .extracting(l -> l.windowEnd - T0)
                .containsExactly(30_000L, 60_000L, 90_000L, 120_000L, 150_000L);
        int[][] expected = {{3, 0, 0}, {3, 1, 0}, {3, 1, 1}, {1, 1, 1}, {1, 0, 1}};
        for (int i = 0; i < expected.length; i++) {
            StationLoad load = loads.get(i);
            assertThat(load.stationId).isEqualTo(NIJIAQIAO);
            assertThat(load.windowStart).isEqualTo(load.windowEnd - SIZE * 1000L);
            assertThat(new int[] {load.entries, load.exits, load.heartbeats})
                    .as("window ending %d", load.windowEnd - T0)
                    .isEqualTo(expected[i]);
            assertThat(load.platforms).hasSize(2);
            assertThat(load.platforms[0].direction).isEqualTo("southbound");
            assertThat(load.platforms[1].direction).isEqualTo("northbound");
        }
        // Output records carry the last millisecond of their window as their time.
        assertThat(harness.getSideOutput(StationFlowFunction.STATION_LOAD))
                .extracting(r -> r.getTimestamp() - T0)
                .containsExactly(29_999L, 59_999L, 89_999L, 119_999L, 149_999L);
    }

    @Test
    void nothingBeforeTheWatermarkPassesTheWindowEnd() throws Exception {
        push(Records.entry("e1", NIJIAQIAO, T0 + 5_000));
        watermark(T0 + 29_998);
        assertThat(loads(harness)).isEmpty();
        watermark(T0 + 29_999);
        assertThat(loads(harness)).hasSize(1);
    }

    @Test
    void windowsKeepComingWithoutEvents() throws Exception {
        push(Records.entry("e1", NIJIAQIAO, T0 + 5_000));
        watermark(T0 + 600_000 - 1);
        List<StationLoad> loads = loads(harness);
        assertThat(loads).hasSize(20);
        assertThat(loads).extracting(l -> l.entries).containsOnly(0, 1);
        assertThat(loads.stream().mapToInt(l -> l.entries).sum()).isEqualTo(SIZE / SLIDE);
    }

    @Test
    void eachStationHasItsOwnWindows() throws Exception {
        push(
                Records.entry("e1", NIJIAQIAO, T0 + 5_000),
                Records.entry("e2", "tongzilin", T0 + 6_000),
                Records.entry("e3", "tongzilin", T0 + 7_000));
        watermark(T0 + 30_000 - 1);
        List<StationLoad> loads = loads(harness);
        assertThat(window(loads, NIJIAQIAO, T0 + 30_000).entries).isEqualTo(1);
        assertThat(window(loads, "tongzilin", T0 + 30_000).entries).isEqualTo(2);
    }

    @Test
    void aResentEventCountsOnce() throws Exception {
        push(
                Records.entry("e1", NIJIAQIAO, T0 + 5_000),
                Records.entry("e1", NIJIAQIAO, T0 + 5_000),
                Records.exit("x1", NIJIAQIAO, T0 + 6_000),
                Records.exit("x1", NIJIAQIAO, T0 + 6_000),
                Records.exit("x1", NIJIAQIAO, T0 + 6_000),
                Records.heartbeatEvent("h1", NIJIAQIAO, T0 + 7_000),
                Records.heartbeatEvent("h1", NIJIAQIAO, T0 + 7_000));
        watermark(T0 + 30_000 - 1);
        StationLoad load = window(loads(harness), NIJIAQIAO, T0 + 30_000);
        assertThat(load.entries).isEqualTo(1);
        assertThat(load.exits).isEqualTo(1);
        assertThat(load.heartbeats).isEqualTo(1);
    }

    @Test
    void oneIdReusedOnAThousandTapsOverFiftySecondsCountsOnce() throws Exception {
        List<StationEvent> taps = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            taps.add(Records.entry("same-id", NIJIAQIAO, T0 + 1_000 + i * 50L));
        }
        push(taps.toArray(new StationEvent[0]));
        watermark(T0 + 90_000 - 1);

        // The window ending at 90 s spans them all: one entry, not one per second (50).
        assertThat(window(loads(harness), NIJIAQIAO, T0 + 90_000).entries).isEqualTo(1);
        List<RejectedRecord> dead = rejected(harness, StationFlowFunction.DEAD_LETTERS);
        assertThat(dead).hasSize(999);
        assertThat(dead).extracting(r -> r.reason).containsOnly(StationFlowFunction.REUSED_ID);
        // Each names the record it stands for.
        assertThat(dead.get(0).source).isEqualTo("test-feed:" + taps.get(1).sourceOrder);
        assertThat(dead.get(998).source).isEqualTo("test-feed:" + taps.get(999).sourceOrder);
        assertThat(dead.get(998).eventTime).isEqualTo(T0 + 50_000);
    }

    @Test
    void anExitReusingAnEntrysIdIsADeadLetterNotAResend() throws Exception {
        push(Records.entry("e1", NIJIAQIAO, T0 + 5_000), Records.exit("e1", NIJIAQIAO, T0 + 5_000));
        // The same in two parts of a second, as after a checkpoint barrier, and across seconds.
        push(Records.exit("x1", NIJIAQIAO, T0 + 6_000));
        push(Records.entry("x1", NIJIAQIAO, T0 + 6_000));
        push(Records.exit("x1", NIJIAQIAO, T0 + 70_000));
        watermark(T0 + 90_000 - 1);

        StationLoad load = window(loads(harness), NIJIAQIAO, T0 + 90_000);
        assertThat(load.entries).isEqualTo(1);
        assertThat(load.exits).isEqualTo(1);
        assertThat(rejected(harness, StationFlowFunction.DEAD_LETTERS))
                .extracting(r -> r.reason, r -> r.eventTime - T0)
                .containsExactly(
                        tuple(StationFlowFunction.REUSED_ID, 5_000L),
                        tuple(StationFlowFunction.REUSED_ID, 6_000L),
                        tuple(StationFlowFunction.REUSED_ID, 70_000L));
    }

    @Test
    void aResendAfterItsSecondWasProcessedIsADuplicateNotALateEvent() throws Exception {
        StationEvent tap = Records.entry("e1", NIJIAQIAO, T0 + 5_000);
        push(tap);
        watermark(T0 + 300_000 - 1);
        push(tap);
        watermark(T0 + 330_000 - 1);

        assertThat(rejected(harness, StationFlowFunction.LATE_EVENTS)).isEmpty();
        assertThat(rejected(harness, StationFlowFunction.DEAD_LETTERS)).isEmpty();
        assertThat(loads(harness).stream().mapToInt(l -> l.entries).sum()).isEqualTo(SIZE / SLIDE);
    }

    @Test
    void idsAreRememberedForTheWindowOfEventTimeAndNoLonger() throws Exception {
        push(Records.entry("e1", NIJIAQIAO, T0 + 5_000));
        // The station's clock at 599 s: 594 s after the tap, within the window. Other content
        // under the id is a dead letter.
        watermark(T0 + DEDUPLICATION_SECONDS * 1_000 - 1);
        push(Records.exit("e1", NIJIAQIAO, T0 + DEDUPLICATION_SECONDS * 1_000 + 500));
        assertThat(rejected(harness, StationFlowFunction.DEAD_LETTERS)).hasSize(1);
        assertThat(idsRemembered(harness, NIJIAQIAO)).isEqualTo(1);

        // At 629 s the tap's second lies more than the window behind: forgotten, a new event.
        watermark(T0 + (DEDUPLICATION_SECONDS + SLIDE) * 1_000 - 1);
        assertThat(idsRemembered(harness, NIJIAQIAO)).isZero();
        push(Records.exit("e1", NIJIAQIAO, T0 + (DEDUPLICATION_SECONDS + SLIDE) * 1_000 + 500));
        assertThat(rejected(harness, StationFlowFunction.DEAD_LETTERS)).hasSize(1);
        assertThat(idsRemembered(harness, NIJIAQIAO)).isEqualTo(1);
    }

    @Test
    void rememberedIdsSurviveACheckpointAndRestore() throws Exception {
        StationEvent tap = Records.entry("e1", NIJIAQIAO, T0 + 5_000);
        push(tap);
        watermark(T0 + 60_000 - 1);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);

        var restored = newHarness();
        restored.initializeState(snapshot);
        restored.open();
        try {
            assertThat(idsRemembered(restored, NIJIAQIAO)).isEqualTo(1);
            restored.processElement(StationSecond.of(tap), tap.eventTime);
            StationEvent reused = Records.exit("e1", NIJIAQIAO, T0 + 61_000);
            restored.processElement(StationSecond.of(reused), reused.eventTime);
            restored.processWatermark(new Watermark(T0 + 90_000 - 1));
            assertThat(rejected(restored, StationFlowFunction.LATE_EVENTS)).isEmpty();
            assertThat(rejected(restored, StationFlowFunction.DEAD_LETTERS))
                    .extracting(r -> r.reason)
                    .containsExactly(StationFlowFunction.REUSED_ID);
            StationLoad load = window(loads(restored), NIJIAQIAO, T0 + 90_000);
            assertThat(load.entries).isEqualTo(1);
            assertThat(load.exits).isZero();
        } finally {
            restored.close();
        }
    }

    @Test
    void aResentDepartureCountsOnce() throws Exception {
        fillNijiaqiao();
        StationEvent departure = departure("d1", "T0107", T0 + 240_000, 1_880);
        push(arrival("a1", "T0107", T0 + 200_000, 1_800), departure, departure, departure);
        watermark(T0 + 270_000 - 1);

        StationLoad load = window(loads(harness), NIJIAQIAO, T0 + 270_000);
        assertThat(load.platforms[SOUTHBOUND].consecutiveLeftBehind).isEqualTo(1);
        assertThat(load.platforms[SOUTHBOUND].leftBehind).isEqualTo(554);
        assertThat(signals(harness)).isEmpty();
    }

    @Test
    void pendingSecondsLeaveTheStateOnceTheWatermarkPassesThem() throws Exception {
        push(Records.entry("e0", NIJIAQIAO, T0), Records.entry("f0", "tongzilin", T0));
        watermark(T0 + SLIDE * 1_000L - 1);
        // Per station: its state and its remembered ids; nothing pending; the next window end of
        // each station.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2 * 2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        for (int s = 30; s < 80; s++) {
            push(
                    Records.entry("e" + s, NIJIAQIAO, T0 + s * 1_000L + 10),
                    Records.entry("f" + s, "tongzilin", T0 + s * 1_000L + 20));
        }
        // Pending seconds of both stations; gate counts wait for their window's end, so the
        // timers stay few: one per window end, not one per second.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2 * 3);
        assertThat(harness.numEventTimeTimers()).isBetween(2, 6);

        watermark(T0 + 90_000 - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2 * 2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        assertThat(idsRemembered(harness, NIJIAQIAO)).isEqualTo(51);

        // An hour without events: each station walks maxWalkSeconds, then waits for its next
        // event without a timer (a gap is jumped, not walked); the de-duplication window has
        // passed, so the ids are forgotten too.
        watermark(T0 + 3_600_000);
        assertThat(idsRemembered(harness, NIJIAQIAO)).isZero();
        assertThat(idsRemembered(harness, "tongzilin")).isZero();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(loads(harness).stream().mapToLong(l -> l.windowEnd).max().getAsLong())
                .isLessThanOrEqualTo(T0 + 80_000 + (MAX_WALK_SECONDS + SLIDE) * 1_000L);
    }

    /** How many event ids a station remembers, from its keyed state. */
    private static int idsRemembered(
            KeyedOneInputStreamOperatorTestHarness<Integer, StationSecond, CrowdingSignal> h,
            String station)
            throws Exception {
        KeyedStateBackend<Integer> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(network.indexOf(station));
        EventIdMemory memory =
                backend.getPartitionedState(
                                VoidNamespace.INSTANCE,
                                VoidNamespaceSerializer.INSTANCE,
                                new ValueStateDescriptor<>(
                                        "event-id-memory", Types.POJO(EventIdMemory.class)))
                        .value();
        return memory == null ? 0 : memory.count();
    }

    private static List<RejectedRecord> rejected(
            KeyedOneInputStreamOperatorTestHarness<Integer, StationSecond, CrowdingSignal> h,
            OutputTag<RejectedRecord> tag) {
        List<RejectedRecord> out = new ArrayList<>();
        var records = h.getSideOutput(tag);
        if (records != null) {
            records.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    @Test
    void anEventForASecondAlreadyProcessedLeavesNoStateBehind() throws Exception {
        push(Records.entry("e1", NIJIAQIAO, T0 + 5_000));
        watermark(T0 + 30_000 - 1);
        // Its state and its remembered id.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

        // Behind the clock of this station (the parser only lets it through after a restore).
        StationEvent late = Records.entry("e2", NIJIAQIAO, T0 + 10_000);
        push(late);
        push(Records.entry("e3", NIJIAQIAO, T0 + 31_000));
        watermark(T0 + 3_600_000);

        // Not dropped: a late event with its reason and where it came from.
        List<RejectedRecord> lateEvents = rejected(harness, StationFlowFunction.LATE_EVENTS);
        assertThat(lateEvents).hasSize(1);
        assertThat(lateEvents.get(0).reason).isEqualTo(StationFlowFunction.SECOND_PROCESSED);
        assertThat(lateEvents.get(0).source).isEqualTo("test-feed:" + late.sourceOrder);
        assertThat(lateEvents.get(0).eventTime).isEqualTo(T0 + 10_000);
        assertThat(lateEvents.get(0).watermark).isEqualTo(T0 + 29_999);
        assertThat(rejected(harness, StationFlowFunction.DEAD_LETTERS)).isEmpty();

        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        // Silent past maxWalkSeconds: no timer until its next event.
        assertThat(harness.numEventTimeTimers()).isZero();
        List<StationLoad> loads = loads(harness);
        assertThat(window(loads, NIJIAQIAO, T0 + 30_000).entries).isEqualTo(1);
        assertThat(window(loads, NIJIAQIAO, T0 + 60_000).entries).isEqualTo(2);
        assertThat(loads.stream().mapToInt(l -> l.entries).sum()).isEqualTo(2 * SIZE / SLIDE);
    }

    @Test
    void afterARestoreEventsTheStationHadDoneWithLeaveNoStateBehind() throws Exception {
        push(Records.entry("e1", NIJIAQIAO, T0 + 5_000));
        watermark(T0 + 60_000 - 1);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);

        var restored = newHarness();
        restored.initializeState(snapshot);
        restored.open();
        // Watermarks start over after a restore: this one is not late for the parser.
        restored.processElement(
                StationSecond.of(Records.entry("e0", NIJIAQIAO, T0 + 40_000)), T0 + 40_000);
        restored.processElement(
                StationSecond.of(Records.entry("e2", NIJIAQIAO, T0 + 70_000)), T0 + 70_000);
        // Past the de-duplication window too, so that the ids are forgotten.
        restored.processWatermark(new Watermark(T0 + 1_200_000));
        try {
            assertThat(restored.numKeyedStateEntries()).isEqualTo(1);
            assertThat(window(loads(restored), NIJIAQIAO, T0 + 90_000).entries).isEqualTo(2);
            List<RejectedRecord> late = rejected(restored, StationFlowFunction.LATE_EVENTS);
            assertThat(late)
                    .extracting(r -> r.reason)
                    .containsExactly(StationFlowFunction.SECOND_PROCESSED);
            assertThat(late.get(0).eventTime).isEqualTo(T0 + 40_000);
        } finally {
            restored.close();
        }
    }

    /** 1,000 entries at Nijiaqiao in one second: about 706 of them wait southbound. */
    private void fillNijiaqiao() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            push(Records.entry("fill-" + i, NIJIAQIAO, T0 + 1_000 + i));
        }
    }

    private static StationEvent arrival(String id, String train, long time, int load) {
        return Records.trainEvent(
                StationEventType.TRAIN_ARRIVAL, id, NIJIAQIAO, train, SOUTHBOUND, time, load);
    }

    private static StationEvent departure(String id, String train, long time, int load) {
        return Records.trainEvent(
                StationEventType.TRAIN_DEPARTURE, id, NIJIAQIAO, train, SOUTHBOUND, time, load);
    }

    /** Two full trains in a row that each take 152 of the waiting passengers. */
    private static List<StationEvent> twoFullTrains() {
        return List.of(
                arrival("a1", "T0107", T0 + 200_000, 1_800),
                departure("d1", "T0107", T0 + 240_000, 1_880),
                arrival("a2", "T0109", T0 + 300_000, 1_800),
                departure("d2", "T0109", T0 + 340_000, 1_880));
    }

    @Test
    void fullDeparturesOnKTrainsInARowRaiseASignal() throws Exception {
        fillNijiaqiao();
        push(twoFullTrains().toArray(new StationEvent[0]));
        watermark(T0 + 339_999);
        assertThat(signals(harness)).isEmpty();
        StationLoad before = window(loads(harness), NIJIAQIAO, T0 + 330_000);
        assertThat(before.platforms[SOUTHBOUND].consecutiveLeftBehind).isEqualTo(1);
        assertThat(before.platforms[SOUTHBOUND].crowded).isFalse();

        watermark(T0 + 340_999);
        List<CrowdingSignal> signals = signals(harness);
        assertThat(signals).hasSize(1);
        CrowdingSignal raised = signals.get(0);
        assertThat(raised.type).isEqualTo(SignalType.RAISED);
        assertThat(raised.stationId).isEqualTo(NIJIAQIAO);
        assertThat(raised.direction).isEqualTo("southbound");
        assertThat(raised.time).isEqualTo(T0 + 340_000);
        assertThat(raised.reason)
                .isEqualTo(
                        "passengers left behind on 2 departures in a row (402 by the last train)");
        assertThat(raised.severity).isBetween(401.0 / 550, 403.0 / 550);
        assertThat(raised.evidence.leftBehind).isEqualTo(402);
        assertThat(raised.evidence.consecutiveLeftBehind).isEqualTo(2);
        assertThat(raised.evidence.lastTrainId).isEqualTo("T0109");
        assertThat(raised.evidence.lastDepartureTime).isEqualTo(T0 + 340_000);
        assertThat(raised.evidence.lastTrainLoad).isEqualTo(1_880);
        assertThat(raised.evidence.lastTrainCapacity).isEqualTo(1_880);
        assertThat(raised.evidence.levelOfService).isEqualTo("A");
        assertThat(harness.extractOutputStreamRecords().get(0).getTimestamp())
                .isEqualTo(T0 + 340_999);

        // While crowded, every window end brings news.
        watermark(T0 + 420_000 - 1);
        assertThat(signals(harness))
                .extracting(s -> s.type)
                .containsExactly(
                        SignalType.RAISED, SignalType.STATUS, SignalType.STATUS, SignalType.STATUS);
        assertThat(window(loads(harness), NIJIAQIAO, T0 + 360_000).platforms[SOUTHBOUND].crowded)
                .isTrue();
    }

    @Test
    void trainsWithRoomClearTheSignalAfterTheHold() throws Exception {
        fillNijiaqiao();
        push(twoFullTrains().toArray(new StationEvent[0]));
        push(
                arrival("a3", "T0111", T0 + 400_000, 1_000),
                departure("d3", "T0111", T0 + 440_000, 1_500),
                arrival("a4", "T0113", T0 + 500_000, 1_000),
                departure("d4", "T0113", T0 + 540_000, 1_200));
        watermark(T0 + 900_000);

        List<CrowdingSignal> signals = signals(harness);
        assertThat(signals.get(0).type).isEqualTo(SignalType.RAISED);
        CrowdingSignal last = signals.get(signals.size() - 1);
        assertThat(last.type).isEqualTo(SignalType.CLEARED);
        // Calm from the second train with room (540 s) on, cleared 180 s later.
        assertThat(last.time).isEqualTo(T0 + 720_000);
        assertThat(last.reason).startsWith("nobody left behind on 2 departures in a row");
        assertThat(signals.subList(1, signals.size() - 1))
                .extracting(s -> s.type)
                .containsOnly(SignalType.STATUS);
    }

    /**
     * Runs events arriving in the given order, with watermarks as the source makes them: the latest
     * time seen minus the bound, after each event; then a final watermark.
     */
    private static KeyedOneInputStreamOperatorTestHarness<Integer, StationSecond, CrowdingSignal>
            run(List<StationEvent> arrivals, long end) throws Exception {
        var h = newHarness();
        h.open();
        long max = Long.MIN_VALUE;
        long emitted = Long.MIN_VALUE;
        for (StationEvent e : arrivals) {
            assertThat(e.eventTime).as("%s would be late", e).isGreaterThan(emitted);
            h.processElement(StationSecond.of(e), e.eventTime);
            max = Math.max(max, e.eventTime);
            if (max - BOUND - 1 > emitted) {
                emitted = max - BOUND - 1;
                h.processWatermark(new Watermark(emitted));
            }
        }
        h.processWatermark(new Watermark(end));
        return h;
    }

    private static List<StationEvent> busyMorning() {
        List<StationEvent> events = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 1_500; i++) {
            long t = T0 + random.nextInt(600_000);
            String station = random.nextInt(3) == 0 ? "tongzilin" : NIJIAQIAO;
            events.add(
                    random.nextInt(4) == 0
                            ? Records.exit("x" + i, station, t)
                            : Records.entry("e" + i, station, t));
        }
        for (int i = 0; i < 40; i++) {
            events.add(Records.heartbeatEvent("h" + i, NIJIAQIAO, T0 + i * 15_000L));
        }
        // A resend of a few taps, in the same second.
        for (int i = 0; i < 10; i++) {
            StationEvent e = events.get(i * 7);
            StationEvent copy = new StationEvent();
            copy.type = e.type;
            copy.eventKey = e.eventKey;
            copy.contentKey = e.contentKey;
            copy.station = e.station;
            copy.eventTime = e.eventTime;
            events.add(copy);
        }
        // A crowd at Nijiaqiao, as in fillNijiaqiao().
        for (int i = 0; i < 1_000; i++) {
            events.add(Records.entry("fill-" + i, NIJIAQIAO, T0 + 1_000 + i));
        }
        events.addAll(twoFullTrains());
        events.add(arrival("a3", "T0111", T0 + 400_000, 1_880));
        events.add(departure("d3", "T0111", T0 + 440_000, 1_880));
        return events;
    }

    @Test
    void theSameEventsInAnotherOrderWithinTheBoundGiveTheSameOutput() throws Exception {
        List<StationEvent> inOrder = new ArrayList<>(busyMorning());
        inOrder.sort(Comparator.comparingLong(e -> e.eventTime));
        long end = T0 + 900_000;
        var expected = run(inOrder, end);
        List<StationLoad> expectedLoads = loads(expected);
        List<CrowdingSignal> expectedSignals = signals(expected);
        assertThat(expectedLoads).hasSizeGreaterThan(50);
        assertThat(expectedSignals).extracting(s -> s.type).contains(SignalType.RAISED);
        expected.close();

        Random random = new Random(5);
        for (int round = 0; round < 3; round++) {
            // Each event delayed by up to a minute (within the 90 s bound) and shuffled.
            List<long[]> delays = new ArrayList<>();
            List<StationEvent> events = new ArrayList<>(busyMorning());
            Collections.shuffle(events, random);
            for (int i = 0; i < events.size(); i++) {
                delays.add(new long[] {events.get(i).eventTime + random.nextInt(60_000), i});
            }
            delays.sort(Comparator.comparingLong(d -> d[0]));
            List<StationEvent> arrivals = new ArrayList<>();
            for (long[] d : delays) {
                arrivals.add(events.get((int) d[1]));
            }
            assertThat(arrivals).isNotEqualTo(inOrder);

            var actual = run(arrivals, end);
            assertThat(loads(actual))
                    .usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyInAnyOrderElementsOf(expectedLoads);
            assertThat(perStation(loads(actual), NIJIAQIAO))
                    .usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(perStation(expectedLoads, NIJIAQIAO));
            assertThat(signals(actual))
                    .usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(expectedSignals);
            actual.close();
        }
    }

    private static List<StationLoad> perStation(List<StationLoad> loads, String station) {
        return loads.stream().filter(l -> l.stationId.equals(station)).toList();
    }

    @Test
    void stateSurvivesACheckpointAndRestore() throws Exception {
        List<StationEvent> events = new ArrayList<>(busyMorning());
        events.sort(Comparator.comparingLong(e -> e.eventTime));
        long end = T0 + 900_000;
        var uninterrupted = run(events, end);
        List<StationLoad> expectedLoads = loads(uninterrupted);
        List<CrowdingSignal> expectedSignals = signals(uninterrupted);
        uninterrupted.close();

        // The same, with a checkpoint half-way while seconds are still pending.
        List<StationEvent> first = new ArrayList<>();
        List<StationEvent> second = new ArrayList<>();
        for (StationEvent e : events) {
            (e.eventTime < T0 + 320_000 ? first : second).add(e);
        }
        var before = newHarness();
        before.open();
        for (StationEvent e : first) {
            before.processElement(StationSecond.of(e), e.eventTime);
        }
        before.processWatermark(new Watermark(T0 + 300_000));
        OperatorSubtaskState snapshot = before.snapshot(1, 1);
        List<StationLoad> loads = new ArrayList<>(loads(before));
        List<CrowdingSignal> signals = new ArrayList<>(signals(before));
        before.close();

        var after = newHarness();
        after.initializeState(snapshot);
        after.open();
        for (StationEvent e : second) {
            after.processElement(StationSecond.of(e), e.eventTime);
        }
        after.processWatermark(new Watermark(end));
        loads.addAll(loads(after));
        signals.addAll(signals(after));
        after.close();

        assertThat(loads)
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrderElementsOf(expectedLoads);
        assertThat(signals)
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(expectedSignals);
    }
}
