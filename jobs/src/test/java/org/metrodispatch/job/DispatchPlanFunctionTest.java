package org.metrodispatch.job;

import org.metrodispatch.contract.decision.CrowdingEvidence;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.FeedAlert;
import org.metrodispatch.contract.decision.FeedAlertKind;
import org.metrodispatch.contract.decision.FeedAlertState;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.dispatch.CrowdingSignal;
import org.metrodispatch.dispatch.DispatchSettings;
import org.metrodispatch.dispatch.SignalType;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metrodispatch.job.Records.T0;

class DispatchPlanFunctionTest {

    private static Network network;

    private KeyedTwoInputStreamOperatorTestHarness<
                    String, CrowdingSignal, FeedAlert, DispatchDecision>
            harness;

    @BeforeAll
    static void load() {
        network = NetworkLoader.load(Path.of("..", "config", "networks", "chengdu-line1.yaml"));
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, CrowdingSignal, FeedAlert, DispatchDecision>
            newHarness() throws Exception {
        DispatchPlanFunction function =
                new DispatchPlanFunction(
                        City.of(network), new DispatchSettings(300_000, 3, 120_000));
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(function), s -> "1", a -> "1", Types.STRING);
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

    private static CrowdingSignal signal(
            SignalType type, String station, String direction, long time, double severity) {
        CrowdingSignal s = new CrowdingSignal();
        s.type = type;
        s.stationId = station;
        s.direction = direction;
        s.time = time;
        s.severity = severity;
        s.reason = "left behind at " + station;
        CrowdingEvidence e = new CrowdingEvidence();
        e.leftBehind = 150;
        e.consecutiveLeftBehind = 2;
        e.levelOfService = "C";
        e.lastDepartureTime = time;
        s.evidence = e;
        return s;
    }

    /** Pushes a signal stamped as the station function's timer stamps it. */
    private static void push(
            KeyedTwoInputStreamOperatorTestHarness<
                            String, CrowdingSignal, FeedAlert, DispatchDecision>
                    h,
            CrowdingSignal... signals)
            throws Exception {
        for (CrowdingSignal s : signals) {
            h.processElement1(s, s.time + 999);
        }
    }

    private static List<DispatchDecision> decisions(
            KeyedTwoInputStreamOperatorTestHarness<
                            String, CrowdingSignal, FeedAlert, DispatchDecision>
                    h) {
        return h.extractOutputValues();
    }

    private static List<DispatchDecision> runInOrder(CrowdingSignal... signals) throws Exception {
        var h = newHarness();
        h.open();
        push(h, signals);
        h.processBothWatermarks(new Watermark(T0 + 999));
        List<DispatchDecision> out = decisions(h);
        h.close();
        return out;
    }

    @Test
    void twoStationsAtTheSameTimeInEitherOrderGiveTheSameDecisions() throws Exception {
        // Equally severe, both closest to the Tianfu Square siding with its one spare.
        CrowdingSignal nijiaqiao = signal(SignalType.RAISED, "nijiaqiao", "southbound", T0, 2.0);
        CrowdingSignal tongzilin = signal(SignalType.RAISED, "tongzilin", "southbound", T0, 2.0);

        List<DispatchDecision> one = runInOrder(nijiaqiao, tongzilin);
        List<DispatchDecision> other = runInOrder(tongzilin, nijiaqiao);

        assertThat(one).hasSize(2);
        assertThat(other).isEqualTo(one);
        assertThat(one).extracting(d -> d.decision).containsOnly(DecisionType.RAISED);
        assertThat(one)
                .extracting(d -> d.stationId + " <- " + d.emptyTrain.poolId)
                .containsExactly(
                        "nijiaqiao <- tianfu-square-siding", "tongzilin <- shengxian-lake-depot");
        assertThat(one)
                .extracting(d -> d.recommendationId)
                .containsExactly(
                        "nijiaqiao-southbound-20260304-080000",
                        "tongzilin-southbound-20260304-080000");
        assertThat(one).extracting(d -> d.eventTime).containsOnly(T0);
    }

    @Test
    void decisionsOnlyOnceTheWatermarkPassesTheSignal() throws Exception {
        push(harness, signal(SignalType.RAISED, "nijiaqiao", "southbound", T0, 2.0));
        assertThat(decisions(harness)).isEmpty();
        harness.processBothWatermarks(new Watermark(T0 + 998));
        assertThat(decisions(harness)).isEmpty();

        // Waiting: the signals of the moment, and a timer for it.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processBothWatermarks(new Watermark(T0 + 999));
        assertThat(decisions(harness)).hasSize(1);
        assertThat(decisions(harness).get(0).decision).isEqualTo(DecisionType.RAISED);
        // The signals are gone; the planner's state stays, with a wake-up for the follow-up.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(harness.extractOutputStreamRecords().get(0).getTimestamp()).isEqualTo(T0 + 999);
    }

    @Test
    void signalsOfLaterMomentsWaitForTheirOwnWatermark() throws Exception {
        push(
                harness,
                signal(SignalType.RAISED, "nijiaqiao", "southbound", T0, 2.0),
                signal(SignalType.CLEARED, "nijiaqiao", "southbound", T0 + 600_000, 0.1));
        harness.processBothWatermarks(new Watermark(T0 + 10_000));
        assertThat(decisions(harness))
                .extracting(d -> d.decision)
                .containsExactly(DecisionType.RAISED);
        harness.processBothWatermarks(new Watermark(T0 + 600_999));
        assertThat(decisions(harness))
                .extracting(d -> d.decision)
                .containsExactly(DecisionType.RAISED, DecisionType.CLEARED);
        assertThat(decisions(harness).get(1).eventTime).isEqualTo(T0 + 600_000);
        assertThat(decisions(harness).get(1).recommendationId)
                .isEqualTo(decisions(harness).get(0).recommendationId);
    }

    @Test
    void aSpareComingBackWakesThePlannerWithoutASignal() throws Exception {
        // Both Century City spares go first, then Luomashi takes the Tianfu Square one and
        // Wenshu Monastery waits.
        push(
                harness,
                signal(SignalType.RAISED, "jincheng-plaza", "northbound", T0, 1.5),
                signal(SignalType.RAISED, "incubation-park", "northbound", T0, 1.2));
        long now = T0 + 60_000;
        push(
                harness,
                signal(SignalType.RAISED, "luomashi", "northbound", now, 3.0),
                signal(SignalType.RAISED, "wenshu-monastery", "northbound", now, 2.0));
        harness.processBothWatermarks(new Watermark(now + 999));
        List<DispatchDecision> first = decisions(harness);
        assertThat(first)
                .extracting(d -> d.decision)
                .containsExactly(
                        DecisionType.RAISED,
                        DecisionType.RAISED,
                        DecisionType.RAISED,
                        DecisionType.SUPPRESSED);
        long back = Long.MAX_VALUE;
        for (DispatchDecision d : first) {
            if (d.emptyTrain != null) {
                back = Math.min(back, d.emptyTrain.spareReturnsAt);
            }
        }
        assertThat(harness.numEventTimeTimers()).isGreaterThanOrEqualTo(1);

        harness.processBothWatermarks(new Watermark(back - 1));
        int before = decisions(harness).size();
        assertThat(decisions(harness))
                .extracting(d -> d.decision)
                .doesNotContain(DecisionType.CLEARED)
                .filteredOn(type -> type == DecisionType.RAISED)
                .hasSize(3);

        harness.processBothWatermarks(new Watermark(back));
        List<DispatchDecision> all = decisions(harness);
        assertThat(all).hasSize(before + 1);
        DispatchDecision late = all.get(all.size() - 1);
        assertThat(late.decision).isEqualTo(DecisionType.RAISED);
        assertThat(late.stationId).isEqualTo("wenshu-monastery");
        assertThat(late.eventTime).isEqualTo(back);
    }

    @Test
    void thePlannerStateSurvivesACheckpointAndRestore() throws Exception {
        push(harness, signal(SignalType.RAISED, "nijiaqiao", "southbound", T0, 2.0));
        push(harness, signal(SignalType.CLEARED, "nijiaqiao", "southbound", T0 + 600_000, 0.1));
        harness.processBothWatermarks(new Watermark(T0 + 999));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        String id = decisions(harness).get(0).recommendationId;

        var restored = newHarness();
        restored.initializeState(snapshot);
        restored.open();
        // The Tianfu Square spare is still out after the restore.
        push(restored, signal(SignalType.RAISED, "tongzilin", "southbound", T0 + 60_000, 2.0));
        restored.processBothWatermarks(new Watermark(T0 + 600_999));
        List<DispatchDecision> after = decisions(restored);
        restored.close();

        assertThat(after)
                .extracting(d -> d.decision)
                .containsExactly(DecisionType.RAISED, DecisionType.CLEARED);
        assertThat(after.get(0).emptyTrain.poolId).isEqualTo("shengxian-lake-depot");
        // The signal pending at the checkpoint was kept and closes the episode opened before.
        assertThat(after.get(1).recommendationId).isEqualTo(id);
    }

    @Test
    void aSilentTrainFeedSendsNoEmptyTrainAndDecisionsNameTheDegradedFeed() throws Exception {
        FeedAlert silent = new FeedAlert();
        silent.kind = FeedAlertKind.TRAIN_FEED_SILENT;
        silent.state = FeedAlertState.RAISED;
        silent.lineId = "1";
        silent.stationId = "nijiaqiao";
        silent.feed = "train feed";
        silent.eventTime = T0 - 30_000;
        silent.reason = "no train report and no signalling heartbeat from nijiaqiao since 07:57:00";
        harness.processElement2(silent, silent.eventTime);
        push(harness, signal(SignalType.RAISED, "nijiaqiao", "southbound", T0, 2.0));
        harness.processBothWatermarks(new Watermark(T0 + 999));

        List<DispatchDecision> out = decisions(harness);
        assertThat(out).hasSize(1);
        DispatchDecision held = out.get(0);
        assertThat(held.decision).isEqualTo(DecisionType.SUPPRESSED);
        assertThat(held.emptyTrain).isNull();
        assertThat(held.trainsSent).isZero();
        assertThat(held.reason).startsWith(silent.reason).contains("no empty train is sent");
        assertThat(held.degradedFeeds).isEqualTo(silent.reason);

        // The feed is heard again: the waiting episode gets its train at the next moment.
        FeedAlert back = new FeedAlert();
        back.kind = FeedAlertKind.TRAIN_FEED_SILENT;
        back.state = FeedAlertState.CLEARED;
        back.lineId = "1";
        back.stationId = "nijiaqiao";
        back.feed = "train feed";
        back.eventTime = T0 + 30_000;
        back.reason = "the train feed of nijiaqiao is heard again";
        harness.processElement2(back, back.eventTime);
        push(harness, signal(SignalType.STATUS, "nijiaqiao", "southbound", T0 + 30_000, 2.0));
        harness.processBothWatermarks(new Watermark(T0 + 30_999));
        List<DispatchDecision> later = decisions(harness).subList(1, decisions(harness).size());
        assertThat(later).extracting(d -> d.decision).contains(DecisionType.RAISED);
        assertThat(later).allMatch(d -> d.degradedFeeds == null);
    }
}
