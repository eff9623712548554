package org.metrodispatch.job;

import org.metrodispatch.contract.network.City;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
            StationEvent e = Records.entry("e" + order, STATION, from + i * 1000L);
            e.raw = new RawRecord(new byte[] {'{'}, source, ++order, 0);
            harness.processElement(new StreamRecord<>(e, e.eventTime));
        }
    }

    /** Moves the wall clock in the steps the operator's idleness checks take. */
    private void wallClockTo(long millis) throws Exception {
        for (long t = harness.getProcessingTime() + 250; t <= millis; t += 250) {
            harness.setProcessingTime(t);
        }
    }

    private long watermark() {
        long last = Long.MIN_VALUE;
        for (Object o : harness.getOutput()) {
            if (o instanceof Watermark mark) {
                last = mark.getTimestamp();
            }
        }
        return last;
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
}
