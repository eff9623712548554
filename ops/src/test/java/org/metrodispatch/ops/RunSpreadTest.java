package org.metrodispatch.ops;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class RunSpreadTest {

    @Test
    void minMedianAndMaxOfTheRuns() {
        RunSpread spread = RunSpread.of(List.of(274_291.0, 394_812.0, 212_597.0));
        assertThat(spread.min()).isEqualTo(212_597.0);
        assertThat(spread.median()).isEqualTo(274_291.0);
        assertThat(spread.max()).isEqualTo(394_812.0);
    }

    @Test
    void anEvenCountHasTheMeanOfTheMiddleTwoAsMedian() {
        assertThat(RunSpread.of(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
    }

    @Test
    void runsThatDisagreeByMoreThanHalfAgainAreDoubtful() {
        // The Kafka runs: 394,812 / 212,597 = 1.86.
        RunSpread kafka = RunSpread.of(List.of(274_291.0, 394_812.0, 212_597.0));
        assertThat(kafka.factor()).isCloseTo(1.857, offset(0.001));
        assertThat(kafka.doubtful()).isTrue();
        assertThat(RunSpread.of(List.of(100.0, 149.0)).doubtful()).isFalse();
        assertThat(RunSpread.of(List.of(100.0, 151.0)).doubtful()).isTrue();
        assertThat(RunSpread.of(List.of(5.0)).doubtful()).isFalse();
    }

    @Test
    void noRunsGiveNoFigures() {
        assertThat(RunSpread.of(List.of()).median()).isNaN();
    }
}
