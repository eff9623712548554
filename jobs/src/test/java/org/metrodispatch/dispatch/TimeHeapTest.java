package org.metrodispatch.dispatch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TimeHeapTest {

    @Test
    void takesPairsEarliestFirstAsAPriorityQueueWouldWhateverTheOrderTheyCameIn() {
        Random random = new Random(5);
        TimeHeap heap = new TimeHeap();
        PriorityQueue<long[]> reference =
                new PriorityQueue<>(Comparator.comparingLong((long[] pair) -> pair[0]));
        List<String> taken = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        long clock = 0;
        for (int step = 0; step < 20_000; step++) {
            if (random.nextInt(3) > 0) {
                // Several readers, hours apart, and some times shared.
                long time = clock + random.nextInt(4) * 3_600_000L + random.nextInt(50) * 1_000L;
                int id = random.nextInt(500);
                heap.add(time, id);
                reference.add(new long[] {time, id});
            } else {
                clock += 1_000;
                List<String> due = new ArrayList<>();
                List<String> dueExpected = new ArrayList<>();
                long last = Long.MIN_VALUE;
                while (!heap.isEmpty() && heap.firstTime() <= clock) {
                    assertThat(heap.firstTime()).isGreaterThanOrEqualTo(last);
                    last = heap.firstTime();
                    due.add(heap.firstTime() + "/" + heap.firstId());
                    heap.removeFirst();
                }
                while (!reference.isEmpty() && reference.peek()[0] <= clock) {
                    long[] pair = reference.poll();
                    dueExpected.add(pair[0] + "/" + pair[1]);
                }
                // Pairs of one time may come in any order: compared as sets of pairs.
                due.sort(null);
                dueExpected.sort(null);
                taken.addAll(due);
                expected.addAll(dueExpected);
                assertThat(heap.size()).isEqualTo(reference.size());
            }
        }
        assertThat(taken).isEqualTo(expected).hasSizeGreaterThan(1_000);
    }

    @Test
    void keepsEachTimeWithItsId() {
        TimeHeap heap = new TimeHeap();
        heap.add(30, 3);
        heap.add(10, 1);
        heap.add(20, 2);
        List<String> pairs = new ArrayList<>();
        while (!heap.isEmpty()) {
            pairs.add(heap.firstTime() + "/" + heap.firstId());
            heap.removeFirst();
        }
        assertThat(pairs).containsExactly("10/1", "20/2", "30/3");
    }
}
