package org.metrodispatch.dispatch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class GateLedgerTest {

    private final GateLedger ledger = new GateLedger();

    @Test
    void anIntervalClosesOnlyWhenEventTimeHasPassedItsHeartbeat() {
        ledger.beat(60_000, 100);
        ledger.tap(61_000, 1);
        ledger.tap(119_000, 2);
        ledger.beat(120_000, 103);
        // A tap of the next interval, read before the heartbeat that ends this one.
        ledger.tap(121_000, 3);
        // The first heartbeat is the baseline: heard, nothing counted.
        assertThat(ledger.closeUpTo(60_000))
                .containsExactly(new GateLedger.Interval(60_000, 60_000, 0, 0));
        assertThat(ledger.closeUpTo(119_999)).isEmpty();
        assertThat(ledger.closeUpTo(120_000))
                .containsExactly(new GateLedger.Interval(60_000, 120_000, 3, 2));
    }

    @Test
    void aHeartbeatTakesTheTapsUpToItsTimeWhateverOrderTheyCameIn() {
        ledger.beat(0, 0);
        // A backlog: taps of later intervals read before this one's, out of order.
        ledger.tap(150_000, 5);
        ledger.tap(50_000, 2);
        ledger.tap(130_000, 4);
        ledger.tap(10_000, 1);
        ledger.tap(60_000, 3);
        ledger.beat(60_000, 3);
        ledger.beat(120_000, 3);
        ledger.beat(180_000, 5);
        assertThat(ledger.closeUpTo(180_000))
                .containsExactly(
                        new GateLedger.Interval(0, 0, 0, 0),
                        new GateLedger.Interval(0, 60_000, 3, 3),
                        new GateLedger.Interval(60_000, 120_000, 0, 0),
                        new GateLedger.Interval(120_000, 180_000, 2, 2));
    }

    @Test
    void manyTapsNearlyInOrderAreEachCountedInTheirInterval() {
        // Ten minutes of a busy gate, ten taps a second, each up to 5 s late; a heartbeat closes
        // each minute as soon as all of its taps are in, while later taps keep coming.
        Random random = new Random(7);
        int minutes = 10;
        long[] perMinute = new long[minutes];
        ledger.beat(0, 0);
        long count = 0;
        int beaten = 0;
        List<GateLedger.Interval> closed = new ArrayList<>();
        for (int i = 0; i < minutes * 600; i++) {
            long sent = i * 100L;
            while (beaten < minutes && sent > (beaten + 1) * 60_000L) {
                // Every tap up to this minute's end has been read: its heartbeat can close it.
                count += perMinute[beaten];
                beaten++;
                ledger.beat(beaten * 60_000L, count);
                closed.addAll(ledger.closeUpTo(beaten * 60_000L));
            }
            long time = Math.min(minutes * 60_000L, sent + 1 + random.nextInt(5_000));
            ledger.tap(time, i);
            perMinute[(int) ((time - 1) / 60_000)]++;
        }
        count += perMinute[minutes - 1];
        ledger.beat(minutes * 60_000L, count);
        closed.addAll(ledger.closeUpTo(Long.MAX_VALUE));
        assertThat(closed).hasSize(minutes + 1);
        for (int minute = 0; minute < minutes; minute++) {
            GateLedger.Interval interval = closed.get(minute + 1);
            assertThat(interval.received()).as("minute %d", minute).isEqualTo(perMinute[minute]);
            assertThat(interval.expected()).isEqualTo(perMinute[minute]);
        }
    }

    @Test
    void resentTapsCountOnce() {
        ledger.beat(0, 0);
        ledger.tap(10, 7);
        ledger.tap(10, 7);
        ledger.beat(60_000, 1);
        assertThat(ledger.closeUpTo(60_000))
                .containsExactly(
                        new GateLedger.Interval(0, 0, 0, 0),
                        new GateLedger.Interval(0, 60_000, 1, 1));
    }

    @Test
    void aCounterThatGoesBackStartsANewBaseline() {
        ledger.beat(0, 500);
        ledger.beat(60_000, 3);
        ledger.beat(120_000, 5);
        ledger.tap(90_000, 1);
        ledger.tap(100_000, 2);
        assertThat(ledger.closeUpTo(120_000))
                .containsExactly(
                        new GateLedger.Interval(0, 0, 0, 0),
                        new GateLedger.Interval(60_000, 60_000, 0, 0),
                        new GateLedger.Interval(60_000, 120_000, 2, 2));
    }

    @Test
    void afterARestoreIntervalsThatBeganBeforeItCouldSeeAllTheirTapsAreOnlyHeard() {
        // The first event read after a restore was at 100 s, and records come up to 90 s late: a
        // tap at 110 s may have been read before the restore point, the heartbeat at 90 s after
        // it. Intervals that begin before 190 s would miss such taps: heard, not compared.
        GateLedger restored = new GateLedger(100_000 + 90_000);
        restored.beat(90_000, 10);
        restored.tap(130_000, 1);
        restored.beat(150_000, 12);
        restored.tap(200_000, 2);
        restored.beat(210_000, 13);
        restored.tap(250_000, 3);
        restored.beat(270_000, 14);
        assertThat(restored.closeUpTo(270_000))
                .containsExactly(
                        new GateLedger.Interval(90_000, 90_000, 0, 0),
                        new GateLedger.Interval(150_000, 150_000, 0, 0),
                        // 150-210 s began before 190 s: heard only...
                        new GateLedger.Interval(210_000, 210_000, 0, 0),
                        // ...from 210 s on the taps are compared.
                        new GateLedger.Interval(210_000, 270_000, 1, 1));
    }
}
