package org.metrodispatch.job;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdMemoryTest {

    @Test
    void remembersAndForgetsLikeAMapOverManyRandomSeconds() {
        Random random = new Random(3);
        EventIdMemory memory = new EventIdMemory();
        Map<Long, Long> expected = new HashMap<>();
        ArrayDeque<long[]> toForget = new ArrayDeque<>();
        for (long second = 0; second < 3_000; second++) {
            // A second's events: ids drawn from a small range (so resent and reused ids occur),
            // zero among them; the first content of an id is the one kept.
            int events = random.nextInt(12);
            for (int e = 0; e < events; e++) {
                long id = random.nextInt(2_000) - 5;
                long content = random.nextInt(3);
                boolean known = expected.containsKey(id);
                assertThat(memory.remembers(id)).isEqualTo(known);
                if (known) {
                    assertThat(memory.contentOf(id)).isEqualTo(expected.get(id));
                } else {
                    memory.remember(id, content);
                    expected.put(id, content);
                    memory.firstSeenIn(second, id);
                    toForget.add(new long[] {second, id});
                }
            }
            long cutoff = second - 1 - random.nextInt(120);
            memory.forgetSecondsUpTo(cutoff);
            while (!toForget.isEmpty() && toForget.peek()[0] <= cutoff) {
                expected.remove(toForget.poll()[1]);
            }
            assertThat(memory.count()).isEqualTo(expected.size());
        }
        for (long id = -5; id < 1_995; id++) {
            assertThat(memory.remembers(id)).as("%d", id).isEqualTo(expected.containsKey(id));
        }
    }

    @Test
    void aQuietStationForgetsEverythingAndGivesItsTableBack() {
        EventIdMemory memory = new EventIdMemory();
        for (long id = 1; id <= 10_000; id++) {
            memory.remember(id * 7919, id);
            memory.firstSeenIn(id / 100, id * 7919);
        }
        assertThat(memory.count()).isEqualTo(10_000);
        memory.forgetSecondsUpTo(1_000);
        assertThat(memory.count()).isZero();
        assertThat(memory.remembers(7919)).isFalse();
        assertThat(memory.ids.length).isLessThanOrEqualTo(32);
        assertThat(memory.expirySeconds).isEmpty();
    }

    @Test
    void travelsThroughFlinksPojoSerializerWhole() throws Exception {
        EventIdMemory memory = new EventIdMemory();
        for (long id = 0; id < 300; id++) {
            memory.remember(id * 31, id % 5);
            memory.firstSeenIn(id / 10, id * 31);
        }
        memory.forgetSecondsUpTo(4);
        TypeSerializer<EventIdMemory> serializer =
                Types.POJO(EventIdMemory.class).createSerializer(new SerializerConfigImpl());
        assertThat(serializer).isInstanceOf(PojoSerializer.class);
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(memory, out);
        EventIdMemory copy =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        EventIdMemory duplicate = serializer.copy(memory);
        for (EventIdMemory restored : new EventIdMemory[] {copy, duplicate}) {
            assertThat(restored.count()).isEqualTo(250);
            for (long id = 0; id < 300; id++) {
                assertThat(restored.remembers(id * 31)).isEqualTo(id >= 50);
                if (id >= 50) {
                    assertThat(restored.contentOf(id * 31)).isEqualTo(id % 5);
                }
            }
            restored.forgetSecondsUpTo(29);
            assertThat(restored.count()).isZero();
        }
        // The copies are independent of the original.
        assertThat(memory.count()).isEqualTo(250);
    }
}
