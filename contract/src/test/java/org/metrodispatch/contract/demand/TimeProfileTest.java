package org.metrodispatch.contract.demand;

import org.metrodispatch.contract.config.ConfigException;
import org.metrodispatch.contract.config.ConfigNode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TimeProfileTest {

    private static TimeProfile read(String yaml) {
        try {
            ConfigNode root =
                    ConfigNode.root(new ObjectMapper(new YAMLFactory()).readTree(yaml), "p.yaml");
            return TimeProfile.read(root.value("profile"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void constantHasOneValueAllDay() {
        TimeProfile profile = TimeProfile.constant(2.5);
        assertThat(profile.at(0)).isEqualTo(2.5);
        assertThat(profile.at(43_200)).isEqualTo(2.5);
        assertThat(profile.at(86_400)).isEqualTo(2.5);
        assertThat(profile.integral(3_600, 7_200)).isCloseTo(2.5 * 3_600, within(1e-9));
    }

    @Test
    void pointsAreJoinedByStraightLinesAndFlatOutside() {
        TimeProfile profile = read("profile: [['06:00', 0], ['07:00', 6], ['08:00', 2]]");
        assertThat(profile.at(0)).isEqualTo(0.0);
        assertThat(profile.at(6 * 3600)).isEqualTo(0.0);
        assertThat(profile.at(6.5 * 3600)).isCloseTo(3.0, within(1e-12));
        assertThat(profile.at(7 * 3600)).isEqualTo(6.0);
        assertThat(profile.at(7 * 3600 + 900)).isCloseTo(5.0, within(1e-12));
        assertThat(profile.at(8 * 3600)).isEqualTo(2.0);
        assertThat(profile.at(20 * 3600)).isEqualTo(2.0);
    }

    @Test
    void mappingFormReadsTheSameAsPairs() {
        TimeProfile pairs = read("profile: [['06:00', 1], ['09:30', 4]]");
        TimeProfile mappings = read("profile: [{at: '06:00', value: 1}, {at: '09:30', value: 4}]");
        for (int t = 0; t < 86_400; t += 600) {
            assertThat(mappings.at(t)).isEqualTo(pairs.at(t));
        }
    }

    @Test
    void integralOfATriangleIsItsArea() {
        TimeProfile triangle = read("profile: [['06:00', 0], ['07:00', 10], ['08:00', 0]]");
        assertThat(triangle.integral(6 * 3600, 8 * 3600)).isCloseTo(10 * 3600.0, within(1e-6));
        assertThat(triangle.integral(6 * 3600, 7 * 3600)).isCloseTo(5 * 3600.0, within(1e-6));
        // Flat parts outside the points count too; bounds need not be whole minutes.
        assertThat(triangle.integral(0, 6 * 3600)).isZero();
        assertThat(triangle.integral(8 * 3600, 8 * 3600 + 90)).isZero();
        TimeProfile ramp = read("profile: [['00:00', 0], ['24:00', 86400]]");
        assertThat(ramp.integral(0, 125)).isCloseTo(125 * 125 / 2.0, within(1e-6));
        assertThat(ramp.integral(100, 100)).isZero();
    }

    @Test
    void errorsNameTheProfileAndThePoint() {
        assertThatThrownBy(() -> read("profile: []"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("p.yaml: profile: needs at least one point");
        assertThatThrownBy(() -> read("profile: [['06:00', 1], ['07:00']]"))
                .hasMessage("p.yaml: profile[1]: must be a pair [\"HH:MM\", value]");
        assertThatThrownBy(() -> read("profile: [['07:00', 1], ['06:00', 2]]"))
                .hasMessage("p.yaml: profile[1]: points must be in order of time");
        assertThatThrownBy(() -> read("profile: [['07:00', 1], ['07:00', 2]]"))
                .hasMessage("p.yaml: profile[1]: points must be in order of time");
        assertThatThrownBy(() -> read("profile: [['06:00', -1]]"))
                .hasMessage("p.yaml: profile[0][1]: must be between 0 and 1000000000, got -1");
        assertThatThrownBy(() -> read("profile: [['6am', 1]]"))
                .hasMessage("p.yaml: profile[0][0]: must be a time of day HH:MM, got '6am'");
        assertThatThrownBy(() -> read("profile: [{at: '06:00', val: 1}]"))
                .hasMessage("p.yaml: profile[0].val: unknown key; expected one of at, value");
        assertThatThrownBy(() -> read("profile: {at: '06:00', value: 1}"))
                .hasMessage("p.yaml: profile: must be a list");
    }
}
