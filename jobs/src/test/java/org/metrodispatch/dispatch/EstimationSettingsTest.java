package org.metrodispatch.dispatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EstimationSettingsTest {

    private static final EstimationSettings AUTO =
            new EstimationSettings(0.98, 20, 0.03, EstimationSettings.AUTO, 8, 300);

    @Test
    void anAutomaticCorrectionCorrectsTheNetworksGuessButNotALearnedProfile() {
        FlowShares guess = new FlowShares(900, 3);
        FlowShares learned = new FlowShares(900, 3);
        learned.markLearned();

        assertThat(AUTO.forShares(guess).correctionStep()).isEqualTo(EstimationSettings.AUTO_STEP);
        assertThat(AUTO.forShares(learned).correctionStep()).isZero();
        assertThat(AUTO.forShares(learned).gatesOnlyAfterSeconds()).isEqualTo(300);
        assertThat(AUTO.forShares(learned).loadError()).isEqualTo(0.03);
    }

    @Test
    void aStepGivenIsKeptWhateverTheShares() {
        EstimationSettings given = new EstimationSettings(0.98, 20, 0.03, 0.1, 8, 300);
        FlowShares learned = new FlowShares(900, 3);
        learned.markLearned();
        assertThat(given.forShares(learned)).isSameAs(given);
        assertThat(given.forShares(new FlowShares(900, 3))).isSameAs(given);
    }
}
