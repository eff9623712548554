package org.metrodispatch.dispatch;

import org.junit.jupiter.api.Test;

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
