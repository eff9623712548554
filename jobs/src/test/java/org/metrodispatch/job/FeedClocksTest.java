package org.metrodispatch.job;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metrodispatch.job.Records.T0;

class FeedClocksTest {

    private static final long HOUR = 3_600_000L;
    private static final String[] STATIONS = {"a", "b", "c", "d", "e"};
    private static final EventTimeRules RULES =
            new EventTimeRules(
                    90_000, 0.5, 0.9, 5, 10_000, 3_000, 60_000, 120_000, 600_000, 3, 600_000, 600,
                    2_000);

    private final FeedClocks clocks = new FeedClocks(RULES, STATIONS);

    private FeedClocks.Verdict record(int station, String gate, long time) {
        clocks.hear("s", station, gate, time);
        return clocks.judge("s", station, gate, time, Long.MIN_VALUE);
    }

    /** A record judged with the watermark at {@code T0}. */
    private FeedClocks.Verdict late(int station, String gate, long time) {
        clocks.hear("s", station, gate, time);
        return clocks.judge("s", station, gate, time, T0);
    }

    /** Every station's two gates report at {@code time}. */
    private void healthy(long time) {
        for (int s = 0; s < STATIONS.length; s++) {
            for (int g = 1; g <= 2; g++) {
                assertThat(record(s, STATIONS[s] + "-g" + g, time))
                        .isEqualTo(FeedClocks.Verdict.ACCEPT);
            }
        }
    }

    @Test
    void aFirstRecordFarAheadIsNotTrusted() {
        clocks.hear("s", 0, "a-g1", T0 + 73 * 8_766 * HOUR);
        for (int s = 1; s < STATIONS.length; s++) {
            clocks.hear("s", s, STATIONS[s] + "-g1", T0);
        }
        assertThat(clocks.quorum("s")).isTrue();
        clocks.establish("s");
        assertThat(clocks.judge("s", 0, "a-g1", T0 + 73 * 8_766 * HOUR, Long.MIN_VALUE))
                .isEqualTo(FeedClocks.Verdict.AHEAD);
        assertThat(clocks.culprit()).isEqualTo("gate a-g1");
        assertThat(EventTimeOperator.approximately(clocks.offset())).isEqualTo("73 years");
    }

    @Test
    void oneGateAheadIsNamedAndMovesNothing() {
        healthy(T0);
        assertThat(record(2, "c-g1", T0 + HOUR)).isEqualTo(FeedClocks.Verdict.AHEAD);
        assertThat(clocks.culprit()).isEqualTo("gate c-g1");
        assertThat(EventTimeOperator.approximately(clocks.offset())).isEqualTo("1 h");
        assertThat(clocks.newest("s")).isEqualTo(T0);
        healthy(T0 + 1_000);
        assertThat(clocks.newest("s")).isEqualTo(T0 + 1_000);
    }

    @Test
    void aStationWhoseGatesAreAllBehindIsNamedAfterConfirmations() {
        healthy(T0);
        healthy(T0 + 1_000);
        long behind = T0 - 30 * 60_000L;
        FeedClocks.Verdict last = null;
        for (int i = 0; i < 3; i++) {
            record(3, "d-g1", behind + i);
            last = record(3, "d-g2", behind + i);
        }
        assertThat(last).isEqualTo(FeedClocks.Verdict.BEHIND);
        assertThat(clocks.culprit()).isEqualTo("station d");
    }

    @Test
    void aResendOfARecordBehindConfirmsNothing() {
        healthy(T0);
        healthy(T0 + 1_000);
        long behind = T0 - 30 * 60_000L;
        assertThat(late(3, "d-g1", behind)).isEqualTo(FeedClocks.Verdict.LATE);
        assertThat(late(3, "d-g1", behind)).isEqualTo(FeedClocks.Verdict.LATE);
        assertThat(late(3, "d-g1", behind + 1)).isEqualTo(FeedClocks.Verdict.LATE);
        assertThat(late(3, "d-g1", behind + 2)).isEqualTo(FeedClocks.Verdict.BEHIND);
    }

    @Test
    void recordsWaitingForTheQuorumAreJudgedAgainstTheClocksOfTheirTurn() {
        // A source read hours ahead in one go (a Kafka partition's backlog with a few stations):
        // every record waits; its first records must not be judged against its last ones.
        long[] times = new long[60];
        for (int i = 0; i < times.length; i++) {
            times[i] = T0 + i * 30_000L;
            for (int s = 0; s < 3; s++) {
                clocks.heardWaiting("s", s, null, times[i]);
            }
        }
        assertThat(clocks.quorum("s")).isFalse();
        clocks.establish("s");
        for (long time : times) {
            for (int s = 0; s < 3; s++) {
                assertThat(record(s, null, time)).isEqualTo(FeedClocks.Verdict.ACCEPT);
            }
        }
        assertThat(clocks.newest("s")).isGreaterThan(times[times.length - 1] - 60_000);
    }

    @Test
    void eventTimeFollowsTheStationsFrontNotOneStationAhead() {
        healthy(T0);
        // Within maxAhead, so believed, but one station of five cannot lift event time...
        assertThat(record(1, "b-g1", T0 + 100_000)).isEqualTo(FeedClocks.Verdict.ACCEPT);
        assertThat(clocks.newest("s")).isEqualTo(T0);
        // ...a second one takes it to the slower of the two (the 0.9 quantile of five)...
        assertThat(record(2, "c-g1", T0 + 30_000)).isEqualTo(FeedClocks.Verdict.ACCEPT);
        assertThat(clocks.newest("s")).isEqualTo(T0 + 30_000);
        // ...and never more than maxLead past the consensus (the median station, now T0 + 30 s).
        assertThat(record(3, "d-g1", T0 + 100_000)).isEqualTo(FeedClocks.Verdict.ACCEPT);
        assertThat(clocks.consensus("s")).isEqualTo(T0 + 30_000);
        assertThat(clocks.newest("s")).isEqualTo(T0 + 90_000);
    }

    @Test
    void whenMostStationsJumpTheClockFollows() {
        healthy(T0);
        long nextDay = T0 + 24 * HOUR;
        // The first stations of the next day are ahead of the rest...
        assertThat(record(0, "a-g1", nextDay)).isEqualTo(FeedClocks.Verdict.AHEAD);
        record(0, "a-g2", nextDay);
        record(1, "b-g1", nextDay);
        record(1, "b-g2", nextDay);
        record(2, "c-g1", nextDay);
        // ...until most of them have moved.
        assertThat(record(2, "c-g2", nextDay)).isEqualTo(FeedClocks.Verdict.ACCEPT);
        assertThat(clocks.newest("s")).isEqualTo(nextDay);
    }

    @Test
    void lateIsBehindTheWatermark() {
        healthy(T0);
        clocks.hear("s", 0, "a-g1", T0 - 1_000);
        assertThat(clocks.judge("s", 0, "a-g1", T0 - 1_000, T0 - 500))
                .isEqualTo(FeedClocks.Verdict.LATE);
    }

    @Test
    void theClocksSurviveACheckpoint() throws Exception {
        healthy(T0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            clocks.write(out);
        }
        FeedClocks restored = new FeedClocks(RULES, STATIONS);
        restored.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(restored.established("s")).isTrue();
        assertThat(restored.newest("s")).isEqualTo(T0);
        restored.hear("s", 2, "c-g1", T0 + HOUR);
        assertThat(restored.judge("s", 2, "c-g1", T0 + HOUR, Long.MIN_VALUE))
                .isEqualTo(FeedClocks.Verdict.AHEAD);
    }
}
