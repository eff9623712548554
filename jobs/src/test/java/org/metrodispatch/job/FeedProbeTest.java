package org.metrodispatch.job;

import org.metrodispatch.dispatch.FeedObservation;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metrodispatch.job.Records.T0;

/** The feed probe's accounting of gates against their heartbeats, as the watermark passes them. */
class FeedProbeTest {

    private static final long SECOND = 1_000;

    private OneInputStreamOperatorTestHarness<StationEvent, StationEvent> harness;
    private long key;

    @BeforeEach
    void open() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new FeedProbe(3, 30 * SECOND, 0));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void beat(String gate, int station, long time, long tapsTotal) throws Exception {
        StationEvent event = event(StationEventType.HEARTBEAT, gate, station, time);
        event.tapsTotal = tapsTotal;
        harness.processElement(new StreamRecord<>(event, time));
    }

    private void tap(String gate, int station, long time) throws Exception {
        harness.processElement(
                new StreamRecord<>(event(StationEventType.ENTRY, gate, station, time), time));
    }

    private StationEvent event(StationEventType type, String gate, int station, long time) {
        StationEvent event = new StationEvent();
        event.type = type;
        event.gate = gate;
        event.station = station;
        event.eventTime = time;
        event.eventKey = ++key;
        return event;
    }

    /** The gate intervals observed so far, as {@code gate station from..to expected/received}. */
    private List<String> intervals() {
        List<String> out = new ArrayList<>();
        var records = harness.getSideOutput(FeedProbe.OBSERVATIONS);
        if (records != null) {
            for (StreamRecord<FeedObservation> record : records) {
                FeedObservation o = record.getValue();
                if (o.kind == FeedObservation.Kind.GATE_INTERVAL) {
                    out.add(
                            String.format(
                                    "%s %d %d..%d %d/%d",
                                    o.feed,
                                    o.station,
                                    (o.from - T0) / SECOND,
                                    (o.time - T0) / SECOND,
                                    o.expected,
                                    o.received));
                }
            }
        }
        return out;
    }

    @Test
    void aWatermarkClosesTheDueGatesInNameOrderEachOnce() throws Exception {
        // Heartbeats from gates of two stations, read out of time order across the gates.
        beat("b-gate", 1, T0, 0);
        beat("c-gate", 2, T0 + 5 * SECOND, 0);
        beat("a-gate", 0, T0, 0);
        tap("a-gate", 0, T0 + SECOND);
        tap("b-gate", 1, T0 + SECOND);
        tap("a-gate", 0, T0 + 2 * SECOND);
        beat("b-gate", 1, T0 + 10 * SECOND, 1);
        // The gate counted three taps; the job received two.
        beat("a-gate", 0, T0 + 10 * SECOND, 3);
        beat("c-gate", 2, T0 + 20 * SECOND, 0);

        harness.processWatermark(new Watermark(T0 + 10 * SECOND));
        assertThat(intervals())
                .containsExactly(
                        "a-gate 0 0..0 0/0",
                        "a-gate 0 0..10 3/2",
                        "b-gate 1 0..0 0/0",
                        "b-gate 1 0..10 1/1",
                        "c-gate 2 5..5 0/0");
        // Every event goes on, heartbeats too.
        assertThat(harness.extractOutputValues()).hasSize(9);
    }

    @Test
    void aWatermarkFarAheadClosesManyHeartbeatsOfEachGateInTimeOrder() throws Exception {
        for (int i = 0; i <= 100; i++) {
            // Gates named out of the order they are first heard in.
            beat("gate-" + (char) ('z' - i % 3), i % 3, T0 + i / 3 * 10 * SECOND, i / 3);
            tap("gate-" + (char) ('z' - i % 3), i % 3, T0 + i / 3 * 10 * SECOND + SECOND);
        }
        harness.processWatermark(new Watermark(T0 + 60 * SECOND));
        List<String> first = intervals();
        assertThat(first).hasSize(3 * 7);
        assertThat(first.subList(0, 7)).allMatch(i -> i.startsWith("gate-x 2 "));
        assertThat(first.subList(7, 14)).allMatch(i -> i.startsWith("gate-y 1 "));
        assertThat(first.subList(14, 21)).allMatch(i -> i.startsWith("gate-z 0 "));
        assertThat(first.subList(7, 14))
                .containsExactly(
                        "gate-y 1 0..0 0/0",
                        "gate-y 1 0..10 1/1",
                        "gate-y 1 10..20 1/1",
                        "gate-y 1 20..30 1/1",
                        "gate-y 1 30..40 1/1",
                        "gate-y 1 40..50 1/1",
                        "gate-y 1 50..60 1/1");

        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        List<String> all = intervals();
        // 101 heartbeats in all, one interval each; the rest closed at the end, again by name.
        assertThat(all).hasSize(101);
        List<String> rest = all.subList(21, all.size());
        assertThat(rest)
                .isSortedAccordingTo((a, b) -> a.substring(0, 6).compareTo(b.substring(0, 6)));
        assertThat(rest).doesNotHaveDuplicates();
    }
}
