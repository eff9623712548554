package org.metrodispatch.dispatch;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LongSetTest {

    @Test
    void addsAndRemovesLikeAHashSetOverManyRandomSteps() {
        Random random = new Random(7);
        LongSet set = new LongSet();
        Set<Long> expected = new HashSet<>();
        for (int step = 0; step < 200_000; step++) {
            // Few distinct values, zero among them, so adds and removes often meet members; and
            // values that differ only in high bits, which must not all share one probe run.
            long value =
                    random.nextBoolean()
                            ? random.nextInt(600) - 100
                            : ((long) random.nextInt(400)) << 40;
            if (random.nextInt(3) == 0) {
                assertThat(set.remove(value))
                        .as("remove %d", value)
                        .isEqualTo(expected.remove(value));
            } else {
                assertThat(set.add(value)).as("add %d", value).isEqualTo(expected.add(value));
            }
            assertThat(set.size()).isEqualTo(expected.size());
        }
        for (long value = -100; value < 500; value++) {
            assertThat(set.contains(value)).as("%d", value).isEqualTo(expected.contains(value));
            assertThat(set.contains(value << 40)).isEqualTo(expected.contains(value << 40));
        }
    }

    @Test
    void growsAndShrinksWithItsMembers() {
        LongSet set = new LongSet();
        for (long value = 1; value <= 100_000; value++) {
            assertThat(set.add(value * 31)).isTrue();
        }
        assertThat(set.size()).isEqualTo(100_000);
        for (long value = 1; value <= 100_000; value++) {
            assertThat(set.remove(value * 31)).isTrue();
        }
        assertThat(set.size()).isZero();
        assertThat(set.contains(31)).isFalse();
        assertThat(set.add(31)).isTrue();
        assertThat(set.add(31)).isFalse();
    }

    @Test
    void zeroIsAMemberLikeAnyOther() {
        LongSet set = new LongSet();
        assertThat(set.contains(0)).isFalse();
        assertThat(set.remove(0)).isFalse();
        assertThat(set.add(0)).isTrue();
        assertThat(set.add(0)).isFalse();
        assertThat(set.size()).isEqualTo(1);
        assertThat(set.contains(0)).isTrue();
        assertThat(set.remove(0)).isTrue();
        assertThat(set.size()).isZero();
    }
}
