package org.metrodispatch.dispatch;

import org.metrodispatch.contract.decision.FeedAlertState;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RejectedShareTest {

    @Test
    void raisedOnceAFullWindowIsMostlyRejectedAndClearedWellBelowTheBound() {
        RejectedShare share = new RejectedShare(10, 0.5);
        for (int i = 0; i < 9; i++) {
            // Not judged before the window is full.
            assertThat(share.record(true)).isNull();
        }
        assertThat(share.record(false)).isEqualTo(FeedAlertState.RAISED);
        assertThat(share.rejected()).isEqualTo(9);
        // Valid records push the rejected ones out; cleared below half the bound (2.5 of 10).
        for (int i = 0; i < 6; i++) {
            assertThat(share.record(false)).isNull();
        }
        assertThat(share.rejected()).isEqualTo(3);
        assertThat(share.record(false)).isEqualTo(FeedAlertState.CLEARED);
        assertThat(share.rejected()).isEqualTo(2);
        assertThat(share.record(false)).isNull();
    }

    @Test
    void aFewBadRecordsAmongManyGoodOnesRaiseNothing() {
        RejectedShare share = new RejectedShare(100, 0.5);
        for (int i = 0; i < 10_000; i++) {
            assertThat(share.record(i % 3 == 0)).isNull();
        }
    }
}
