package org.metrodispatch.job;

import org.metrodispatch.contract.network.City;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Event time on Kafka when a partition never delivers a record (a network with fewer stations than
 * partitions) and the reader waits for the job before it sends more (the closed loop): the wait for
 * the empty partition ends when the others have fallen silent, and event time must still move.
 */
class EventTimeOperatorTest {

    private static final long IDLENESS = 60_000;
    private static final long OUT_OF_ORDERNESS = 90_000;
    private static final EventTimeRules RULES =
            new EventTimeRules(
                    OUT_OF_ORDERNESS,
                    0.5,
                    0.9,
                    1,
                    10_000,
                    3_000,
                    60_000,
                    120_000,
                    600_000,
                    3,
                    600_000,
                    600,
                    2_000);
    private static final String STATION = "nijiaqiao";

    private OneInputStreamOperatorTestHarness<StationEvent, StationEvent> harness;
    private long order;

    @BeforeEach
    void open() throws Exception {
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new EventTimeOperator(
                                City.of(Records.CHENGDU), RULES, false, IDLENESS, 4096, 30_000));
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void announce(String source) throws Exception {
        StationEvent e = new StationEvent();
        e.raw = RawRecord.announcing(source);
        harness.processElement(new StreamRecord<>(e));
    }

    /**
     * One record a second on {@code source}, from {@code from} (event time) for {@code seconds}.
     */
    private void records(String source, long from, int seconds) throws Exception {
        for (int i = 0; i < seconds; i++) {
            record(source, from + i * 1000L);
        }
    }

    /** Moves the wall clock in the steps the operator's idleness checks take. */
    /** One record on {@code source} at {@code time}. */
    private void record(String source, long time) throws Exception {
        StationEvent e = Records.entry("e" + order, STATION, time);
        e.raw = new RawRecord(new byte[] {'{'}, source, ++order, 0);
        harness.processElement(new StreamRecord<>(e, e.eventTime));
    }

    private List<Long> watermarks() {
        List<Long> marks = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof Watermark mark) {
                marks.add(mark.getTimestamp());
            }
        }
        return marks;
    }

    private void wallClockTo(long millis) throws Exception {
        for (long t = harness.getProcessingTime() + 250; t <= millis; t += 250) {
            harness.setProcessingTime(t);
        }
    }

    private long watermark() {
        List<Long> marks = watermarks();
        return marks.isEmpty() ? Long.MIN_VALUE : marks.get(marks.size() - 1);
    }

    @Test
    void eventTimeMovesWhenTheWaitForAnEmptyPartitionEndsAfterTheOthersFellSilent()
            throws Exception {
        // The reader is given two partitions; one carries the stations, the other none.
        announce("gates/0");
        announce("gates/2");
        records("gates/0", Records.T0, 180);
        wallClockTo(3_000);
        assertEquals(Long.MIN_VALUE, watermark(), "the unheard partition holds event time back");

        // The reader sends nothing more until event time moves. The wait for gates/2 ends when
        // gates/0 has been silent for the idleness time, too.
        wallClockTo(IDLENESS + 3_000);
        long expected = Records.T0 + 179_000 - OUT_OF_ORDERNESS - 1;
        assertEquals(expected, watermark(), "event time follows what was read");

        // The reader sends the next minute after the pause: the empty partition, waited for once,
        // does not hold event time back again.
        wallClockTo(IDLENESS + 5_000);
        records("gates/0", Records.T0 + 180_000, 60);
        assertEquals(Records.T0 + 239_000 - OUT_OF_ORDERNESS - 1, watermark());
    }

    @Test
    void aPartitionHeardBeforeIsWaitedForAgainAfterEverythingWasSilent() throws Exception {
        announce("gates/0");
        announce("gates/1");
        records("gates/0", Records.T0, 10);
        records("gates/1", Records.T0, 180);
        records("gates/0", Records.T0 + 10_000, 170);
        long before = Records.T0 + 179_000 - OUT_OF_ORDERNESS - 1;
        assertEquals(before, watermark());

        // Silent, then gates/1's backlog comes first: gates/0 is waited for.
        wallClockTo(IDLENESS + 5_000);
        records("gates/1", Records.T0 + 180_000, 60);
        assertEquals(before, watermark(), "gates/0 is waited for again");
        records("gates/0", Records.T0 + 180_000, 60);
        assertEquals(Records.T0 + 239_000 - OUT_OF_ORDERNESS - 1, watermark());
    }

    @Test
    void theWatermarkGoesDownstreamAtTheEndAndStartOfEachSecondOnly() throws Exception {
        announce("gates/0");
        // A record every 7 ms for a minute: event time moves with each of them.
        long first = Records.T0 + OUT_OF_ORDERNESS + 1;
        long last = first;
        int records = 0;
        for (long t = first; t < first + 60_000; t += 7) {
            record("gates/0", t);
            last = t;
            records++;
        }
        List<Long> marks = watermarks();
        assertThat(marks).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
        assertThat(marks)
                .allSatisfy(
                        mark ->
                                assertThat(Math.floorMod(mark, 1000L))
                                        .as("%d: the end or the start of a second", mark)
                                        .isIn(0L, 999L));
        // One or two a second, not one per record.
        assertThat(marks).hasSizeBetween(60, 2 * 60 + 1);
        assertThat(records).isGreaterThan(8_000);
        long judged = last - OUT_OF_ORDERNESS - 1;
        assertThat(marks.get(marks.size() - 1)).isEqualTo(EventTimeOperator.forwardable(judged));

        // Events are judged against the watermark as it moved, not as it was forwarded: one
        // behind it but after the last one forwarded is late.
        long lateTime = judged - 1;
        assertThat(lateTime).isGreaterThan(marks.get(marks.size() - 1));
        record("gates/0", lateTime);
        assertThat(harness.getSideOutput(ParseFunction.LATE_EVENTS)).hasSize(1);
    }

    @Test
    void manyPartitionsReadInRunsAtOneInstantMoveEventTimeAsTheSlowestDoes() throws Exception {
        // A reader's partitions, read in runs of records as a fetch hands them over, all within
        // one millisecond of wall-clock time: the slowest partition's time must hold, record by
        // record, whichever partition the run is from.
        int partitions = 6;
        long[] newest = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            announce("gates/" + p);
        }
        for (int p = 0; p < partitions; p++) {
            newest[p] = Records.T0 + p * 1_000L;
            record("gates/" + p, newest[p]);
        }
        Random random = new Random(11);
        long watermark = Long.MIN_VALUE;
        int moved = 0;
        for (int run = 0; run < 400; run++) {
            int p = random.nextInt(partitions);
            int length = 1 + random.nextInt(40);
            for (int i = 0; i < length; i++) {
                newest[p] += random.nextInt(700);
                record("gates/" + p, newest[p]);
                long slowest = Long.MAX_VALUE;
                for (long time : newest) {
                    slowest = Math.min(slowest, time);
                }
                long expected = EventTimeOperator.forwardable(slowest - OUT_OF_ORDERNESS - 1);
                if (expected > watermark) {
                    watermark = expected;
                    moved++;
                }
                assertThat(watermark())
                        .as("run %d, record %d of gates/%d", run, i, p)
                        .isEqualTo(watermark);
            }
        }
        assertThat(moved).as("event time moved many times").isGreaterThan(100);
    }

    @Test
    void forwardableIsTheLastEndOrStartOfASecond() {
        assertThat(EventTimeOperator.forwardable(5_000)).isEqualTo(5_000);
        assertThat(EventTimeOperator.forwardable(5_001)).isEqualTo(5_000);
        assertThat(EventTimeOperator.forwardable(5_998)).isEqualTo(5_000);
        assertThat(EventTimeOperator.forwardable(5_999)).isEqualTo(5_999);
        assertThat(EventTimeOperator.forwardable(-1)).isEqualTo(-1);
        assertThat(EventTimeOperator.forwardable(-2)).isEqualTo(-1_000);
    }
}
