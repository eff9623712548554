package org.metrodispatch.dispatch;

import org.metrodispatch.contract.decision.FeedAlert;
import org.metrodispatch.contract.decision.FeedAlertKind;
import org.metrodispatch.contract.decision.FeedAlertState;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

class FeedHealthTest {

    /** 2026-03-04 07:00 in Chengdu, on a report period's end. */
    private static final long T0 = 1_772_578_800_000L;

    private static final long PERIOD = 30_000;
    private static final FeedHealthSettings SETTINGS =
            new FeedHealthSettings(
                    PERIOD, 180_000, 180_000, 900_000, 5, 0.01, 1000, 0.5, 900_000, 20, 0.05,
                    90_000, 90_000);

    private static Network network;
    private FeedHealth health;
    private final FeedHealthState state = new FeedHealthState();
    private final List<FeedAlert> alerts = new ArrayList<>();

    @BeforeAll
    static void load() {
        network = NetworkLoader.load(Path.of("..", "config", "networks", "chengdu-line1.yaml"));
    }

    private FeedHealth health() {
        if (health == null) {
            health = new FeedHealth(network, SETTINGS);
        }
        return health;
    }

    /** Periods from {@code from} to {@code to}: the stations that pass are heard in each. */
    private void run(long from, long to, IntPredicate gatesHeard, IntPredicate trainsHeard) {
        for (long t = from; t <= to; t += PERIOD) {
            List<FeedObservation> heard = new ArrayList<>();
            for (int s = 0; s < network.stationCount(); s++) {
                long gate = gatesHeard.test(s) ? t - 1_000 : FeedObservation.UNKNOWN;
                long train = trainsHeard.test(s) ? t - 2_000 : FeedObservation.UNKNOWN;
                if (gate != FeedObservation.UNKNOWN || train != FeedObservation.UNKNOWN) {
                    heard.add(FeedObservation.heard(s, t, gate, train));
                }
            }
            alerts.addAll(health().onPeriod(state, t, heard));
        }
    }

    private List<String> summary() {
        List<String> lines = new ArrayList<>();
        for (FeedAlert a : alerts) {
            lines.add(a.state + " " + a.kind + " " + a.stationId + " " + a.feed);
        }
        return lines;
    }

    @Test
    void healthyFeedsRaiseNothing() {
        run(T0, T0 + 3_600_000, s -> true, s -> true);
        assertThat(alerts).isEmpty();
    }

    @Test
    void aStationWhoseGatesFallSilentIsNamedAndClearedWhenHeardAgain() {
        int quiet = network.indexOf("nijiaqiao");
        run(T0, T0 + 600_000, s -> true, s -> true);
        run(T0 + 630_000, T0 + 1_200_000, s -> s != quiet, s -> true);
        run(T0 + 1_230_000, T0 + 1_500_000, s -> true, s -> true);
        assertThat(summary())
                .containsExactly(
                        "RAISED GATES_SILENT nijiaqiao gates",
                        "CLEARED GATES_SILENT nijiaqiao gates");
        FeedAlert raised = alerts.get(0);
        // Raised once silent for the bound (180 s) after the last record (T0 + 599 s).
        assertThat(raised.eventTime).isEqualTo(T0 + 780_000);
        assertThat(raised.since).isEqualTo(T0 + 599_000);
        assertThat(raised.reason).contains("nijiaqiao").contains("07:09:59");
        assertThat(alerts.get(1).eventTime).isEqualTo(T0 + 1_230_000);
    }

    @Test
    void aTrainFeedSilentEverywhereIsRaisedForEachStationWhileTheGatesAreHeard() {
        run(T0, T0 + 600_000, s -> true, s -> true);
        run(T0 + 630_000, T0 + 900_000, s -> true, s -> false);
        run(T0 + 930_000, T0 + 1_000_000, s -> true, s -> true);
        long raised = alerts.stream().filter(a -> a.state == FeedAlertState.RAISED).count();
        long cleared = alerts.stream().filter(a -> a.state == FeedAlertState.CLEARED).count();
        assertThat(raised).isEqualTo(network.stationCount());
        assertThat(cleared).isEqualTo(network.stationCount());
        assertThat(alerts).allMatch(a -> a.kind == FeedAlertKind.TRAIN_FEED_SILENT);
    }

    @Test
    void aTrainFeedNeverHeardIsSilentOnceTheGatesHaveBeenHeardForTheBound() {
        run(T0, T0 + 150_000, s -> true, s -> false);
        assertThat(alerts).isEmpty();
        run(T0 + 180_000, T0 + 180_000, s -> true, s -> false);
        assertThat(alerts)
                .hasSize(network.stationCount())
                .allMatch(a -> a.kind == FeedAlertKind.TRAIN_FEED_SILENT)
                .allMatch(a -> a.reason.contains("since its gates were first heard"));
    }

    /** Periods in which the gate feed delivers {@code records}, {@code late} of them late. */
    private void arrivals(long from, long to, long records, long late, long lateBy) {
        for (long t = from; t <= to; t += PERIOD) {
            List<FeedObservation> seen = new ArrayList<>();
            for (int s = 0; s < network.stationCount(); s++) {
                seen.add(FeedObservation.heard(s, t, t - 1_000, t - 2_000));
            }
            seen.add(FeedObservation.arrivals(FeedHealth.GATES, t, records, late, lateBy));
            seen.add(FeedObservation.arrivals(FeedHealth.TRAIN_FEED, t, 10, 0, 0));
            alerts.addAll(health().onPeriod(state, t, seen));
        }
    }

    @Test
    void aFeedArrivingLateIsNamedWithTheBoundThatWouldTakeItAndClearedWhenOnTime() {
        // 07:00-07:15 on time; 07:15-07:30 batched uploads: a third late, up to 4 min 40 s;
        // 07:30-07:45 on time again.
        arrivals(T0, T0 + 900_000, 300, 0, 0);
        arrivals(T0 + 930_000, T0 + 1_800_000, 300, 100, 280_000);
        assertThat(summary()).containsExactly("RAISED LATE_ARRIVALS null gates");
        FeedAlert raised = alerts.get(0);
        assertThat(raised.eventTime).isEqualTo(T0 + 1_800_000);
        assertThat(raised.since).isEqualTo(T0 + 900_000);
        assertThat(raised.expected).isEqualTo(30 * 300);
        assertThat(raised.received).isEqualTo(30 * 200);
        assertThat(raised.reason)
                .contains("3000 of 9000 gate records (33 %) from 07:15:00 to 07:30:00")
                .contains("90 s bound, up to 280 s late")
                .contains("set eventTime.lateness.gatesSeconds to 300 or more");
        arrivals(T0 + 1_830_000, T0 + 2_700_000, 300, 1, 5_000);
        assertThat(summary())
                .containsExactly(
                        "RAISED LATE_ARRIVALS null gates", "CLEARED LATE_ARRIVALS null gates");
    }

    @Test
    void aFewLateRecordsAreNoAlert() {
        // Under the share (5 %) and under the count (20): ordinary stragglers.
        arrivals(T0, T0 + 1_800_000, 300, 1, 200_000);
        assertThat(alerts).isEmpty();
    }

    @Test
    void aLineWideAlertDegradesEveryStationsDecisions() {
        arrivals(T0, T0 + 900_000, 300, 0, 0);
        arrivals(T0 + 930_000, T0 + 1_800_000, 300, 100, 280_000);
        FeedStatus status = FeedStatus.of(alerts);
        assertThat(status.degraded("nijiaqiao")).contains("gate records");
        assertThat(status.degraded("guangdu")).isEqualTo(status.degraded("nijiaqiao"));
    }

    @Test
    void theNightIsNotSilence() {
        run(T0, T0 + 600_000, s -> true, s -> true);
        // Nobody heard for hours, then the next morning: no station was silent on its own.
        run(T0 + 86_400_000, T0 + 86_400_000 + 600_000, s -> true, s -> true);
        assertThat(alerts).isEmpty();
    }

    @Test
    void tapsLostAtAGateAreRaisedPerWindowAndClearedWhenAllArrive() {
        // The first period sets the loss window: it ends at the next quarter hour.
        alerts.addAll(health().onPeriod(state, T0, List.of()));
        alerts.addAll(
                health().onPeriod(
                                state,
                                T0 + 300_000,
                                List.of(
                                        FeedObservation.gateInterval(
                                                3, "g-lossy", T0, T0 + 300_000, 400, 390),
                                        FeedObservation.gateInterval(
                                                4, "g-fine", T0, T0 + 300_000, 400, 399))));
        assertThat(alerts).isEmpty();
        alerts.addAll(health().onPeriod(state, T0 + 900_000, List.of()));
        assertThat(summary())
                .containsExactly("RAISED TAPS_LOST " + network.station(3).id() + " g-lossy");
        assertThat(alerts.get(0).expected).isEqualTo(400);
        assertThat(alerts.get(0).received).isEqualTo(390);
        alerts.addAll(
                health().onPeriod(
                                state,
                                T0 + 1_200_000,
                                List.of(
                                        FeedObservation.gateInterval(
                                                3,
                                                "g-lossy",
                                                T0 + 900_000,
                                                T0 + 1_200_000,
                                                300,
                                                300))));
        alerts.addAll(health().onPeriod(state, T0 + 1_800_000, List.of()));
        assertThat(summary())
                .containsExactly(
                        "RAISED TAPS_LOST " + network.station(3).id() + " g-lossy",
                        "CLEARED TAPS_LOST " + network.station(3).id() + " g-lossy");
    }

    @Test
    void aClockFoundOffIsRaisedOnceAndClearedWhenRightAgain() {
        FeedObservation off =
                FeedObservation.clock(true, 2, "gate x-g01", T0, "clock ahead by ~1 h: gate x-g01");
        alerts.addAll(health().onPeriod(state, T0, List.of(off)));
        alerts.addAll(health().onPeriod(state, T0 + PERIOD, List.of(off)));
        FeedObservation on = FeedObservation.clock(false, 2, "gate x-g01", T0 + 40_000, null);
        alerts.addAll(health().onPeriod(state, T0 + 2 * PERIOD, List.of(on)));
        assertThat(summary())
                .containsExactly(
                        "RAISED CLOCK_SKEWED " + network.station(2).id() + " gate x-g01",
                        "CLEARED CLOCK_SKEWED " + network.station(2).id() + " gate x-g01");
        assertThat(alerts.get(0).reason).startsWith("clock ahead by ~1 h: gate x-g01");
        assertThat(alerts.get(1).since).isEqualTo(T0);
    }
}
