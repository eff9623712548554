package org.metrodispatch.simulator.feed;

import org.metrodispatch.simulator.output.EventSink;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryQueueTest {

    private final List<String> delivered = new ArrayList<>();
    private final EventSink sink =
            new EventSink() {
                @Override
                public void write(
                        Stream stream, String stationId, byte[] record, int offset, int length) {
                    delivered.add(
                            stationId
                                    + ":"
                                    + new String(record, offset, length, StandardCharsets.UTF_8));
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
    private final DeliveryQueue queue =
            new DeliveryQueue(
                    sink, EventSink.Stream.GATE_EVENTS, new String[] {"a", "b"}, 10, 1_000);

    @Test
    void deliversInOrderOfDeliveryTimeNotOfScheduling() throws Exception {
        schedule(1_002_500, 0, "late");
        schedule(1_000_900, 1, "early");
        schedule(1_001_000, 0, "middle");
        queue.deliverUntil(1_002);
        assertThat(delivered).containsExactly("b:early", "a:middle");
        queue.deliverUntil(1_003);
        assertThat(delivered).containsExactly("b:early", "a:middle", "a:late");
    }

    @Test
    void keepsTheOrderOfSchedulingForTies() throws Exception {
        schedule(1_000_100, 0, "first");
        schedule(1_000_100, 0, "second");
        schedule(1_000_100, 0, "third");
        queue.deliverAll();
        assertThat(delivered).containsExactly("a:first", "a:second", "a:third");
    }

    @Test
    void recordsBeyondTheHorizonComeOutAtTheirTime() throws Exception {
        schedule(1_000_000 + 3_600_000, 0, "an hour late");
        schedule(1_000_500, 1, "on time");
        schedule(1_000_000 + 1_800_000, 1, "half an hour late");
        queue.deliverUntil(1_000 + 1_801);
        assertThat(delivered).containsExactly("b:on time", "b:half an hour late");
        queue.deliverAll();
        assertThat(delivered).containsExactly("b:on time", "b:half an hour late", "a:an hour late");
        assertThat(queue.delivered()).isEqualTo(3);
    }

    @Test
    void aRecordDueInThePastGoesOutNext() throws Exception {
        queue.deliverUntil(1_005);
        schedule(1_000_000, 0, "overdue");
        queue.deliverUntil(1_006);
        assertThat(delivered).containsExactly("a:overdue");
    }

    private void schedule(long millis, int station, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        queue.schedule(millis, station, bytes, 0, bytes.length);
    }
}
