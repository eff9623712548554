package org.metrodispatch.dispatch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TimeQueueTest {

    @Test
    void takesPairsInOrderOfTimeAndOfArrivalWithinATime() {
        TimeQueue queue = new TimeQueue();
        queue.add(20, 1);
        queue.add(10, 2);
        queue.add(20, 3);
        queue.add(15, 4);
        queue.add(10, 5);
        assertThat(drain(queue)).containsExactly(10L, 2L, 10L, 5L, 15L, 4L, 20L, 1L, 20L, 3L);
    }

    @Test
    void putReplacesTheValueAtTheSameTime() {
        TimeQueue queue = new TimeQueue();
        queue.put(10, 1);
        queue.put(30, 2);
        queue.put(20, 3);
        queue.put(10, 4);
        queue.put(30, 5);
        assertThat(queue.size()).isEqualTo(3);
        assertThat(drain(queue)).containsExactly(10L, 4L, 20L, 3L, 30L, 5L);
    }

    @Test
    void matchesASortedListOverManyRandomSteps() {
        Random random = new Random(11);
        TimeQueue queue = new TimeQueue();
        // The model: pairs sorted by time, stable for equal times.
        List<long[]> model = new ArrayList<>();
        long clock = 0;
        for (int step = 0; step < 100_000; step++) {
            int action = random.nextInt(10);
            if (action < 6) {
                // Nearly in order, now and then far back, as a backlog from several partitions.
                clock += random.nextInt(5);
                long time = random.nextInt(20) == 0 ? clock - random.nextInt(500) : clock;
                long value = random.nextLong();
                boolean replace = action == 0;
                if (replace) {
                    queue.put(time, value);
                } else {
                    queue.add(time, value);
                }
                int at = model.size();
                while (at > 0 && model.get(at - 1)[0] > time) {
                    at--;
                }
                if (replace && at > 0 && model.get(at - 1)[0] == time) {
                    model.get(at - 1)[1] = value;
                } else {
                    model.add(at, new long[] {time, value});
                }
            } else if (!model.isEmpty()) {
                long[] expected = model.remove(0);
                assertThat(queue.firstTime()).isEqualTo(expected[0]);
                assertThat(queue.firstValue()).isEqualTo(expected[1]);
                queue.removeFirst();
            }
            assertThat(queue.size()).isEqualTo(model.size());
            assertThat(queue.isEmpty()).isEqualTo(model.isEmpty());
        }
    }

    private static List<Long> drain(TimeQueue queue) {
        List<Long> pairs = new ArrayList<>();
        while (!queue.isEmpty()) {
            pairs.add(queue.firstTime());
            pairs.add(queue.firstValue());
            queue.removeFirst();
        }
        return pairs;
    }
}
