package org.metrodispatch.contract.truth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LevelOfServiceTest {

    @ParameterizedTest
    @CsvSource({
        "100, A",
        "1.21, A",
        "1.2099999, B",
        "0.90, B",
        "0.8999999, C",
        "0.70, C",
        "0.6999999, D",
        "0.30, D",
        "0.2999999, E",
        "0.20, E",
        "0.1999999, F",
        "0.0, F",
        "-1, F"
    })
    void thresholdsAtTheBoundaries(double m2PerPerson, LevelOfService expected) {
        assertThat(LevelOfService.of(m2PerPerson)).isEqualTo(expected);
    }

    @Test
    void nanIsTheWorstLevel() {
        assertThat(LevelOfService.of(Double.NaN)).isEqualTo(LevelOfService.F);
    }

    @Test
    void eachLevelStartsAtItsMinimum() {
        for (LevelOfService level : LevelOfService.values()) {
            assertThat(LevelOfService.of(level.minimumM2PerPerson())).isEqualTo(level);
        }
        assertThat(LevelOfService.A.minimumM2PerPerson()).isEqualTo(1.21);
        assertThat(LevelOfService.E.minimumM2PerPerson()).isEqualTo(0.20);
    }

    @Test
    void lessRoomNeverGivesABetterLevel() {
        LevelOfService previous = LevelOfService.A;
        for (double area = 3.0; area >= 0; area -= 0.001) {
            LevelOfService level = LevelOfService.of(area);
            assertThat(level.atLeastAsBadAs(previous)).as("at %s m2", area).isTrue();
            previous = level;
        }
        assertThat(previous).isEqualTo(LevelOfService.F);
    }

    @Test
    void atLeastAsBadAsOrdersTheLevels() {
        assertThat(LevelOfService.F.atLeastAsBadAs(LevelOfService.E)).isTrue();
        assertThat(LevelOfService.E.atLeastAsBadAs(LevelOfService.E)).isTrue();
        assertThat(LevelOfService.D.atLeastAsBadAs(LevelOfService.E)).isFalse();
        assertThat(LevelOfService.A.atLeastAsBadAs(LevelOfService.B)).isFalse();
    }

    @Test
    void densityCountsAtLeastOnePerson() {
        assertThat(LevelOfService.densityM2PerPerson(500, 1_000)).isEqualTo(0.5);
        assertThat(LevelOfService.densityM2PerPerson(500, 1)).isEqualTo(500.0);
        assertThat(LevelOfService.densityM2PerPerson(500, 0)).isEqualTo(500.0);
        assertThat(LevelOfService.densityM2PerPerson(500, 0.3)).isEqualTo(500.0);
    }

    @Test
    void parseIgnoresCaseAndSpaces() {
        assertThat(LevelOfService.parse("e")).isEqualTo(LevelOfService.E);
        assertThat(LevelOfService.parse(" D ")).isEqualTo(LevelOfService.D);
        assertThatThrownBy(() -> LevelOfService.parse("G"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
