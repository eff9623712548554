package org.metrodispatch.job;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StationSecondCombinerTest {

    private static final String NIJIAQIAO = "nijiaqiao";
    private static final String TONGZILIN = "tongzilin";
    private static final long T0 = 1_772_582_400_000L; // 2026-03-04T08:00+08:00

    private OneInputStreamOperatorTestHarness<StationEvent, StationSecond> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new StationSecondCombiner());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void push(StationEvent event) throws Exception {
        harness.processElement(event, event.eventTime);
    }

    private List<StationSecond> shipped() {
        List<StationSecond> out = new ArrayList<>();
        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord) {
                out.add((StationSecond) ((StreamRecord<?>) element).getValue());
            }
        }
        return out;
    }

    @Test
    void shipsOneRecordPerStationAndSecondOnceTheWatermarkPassesIt() throws Exception {
        push(Records.entry("a", NIJIAQIAO, T0 + 100));
        push(Records.entry("b", NIJIAQIAO, T0 + 900));
        push(Records.exit("c", NIJIAQIAO, T0 + 500));
        push(Records.entry("d", TONGZILIN, T0 + 200));
        push(Records.entry("e", NIJIAQIAO, T0 + 1_100));
        harness.processWatermark(new Watermark(T0 + 998));
        assertThat(shipped()).as("the second is not over yet").isEmpty();

        harness.processWatermark(new Watermark(T0 + 999));
        List<StationSecond> out = shipped();
        assertThat(out).hasSize(2);
        StationSecond nijiaqiao =
                out.stream()
                        .filter(s -> s.station == Records.CHENGDU.indexOf(NIJIAQIAO))
                        .findFirst()
                        .orElseThrow();
        assertThat(nijiaqiao.second).isEqualTo(T0 / 1000);
        assertThat(nijiaqiao.count(StationSecond.ENTRY)).isEqualTo(2);
        assertThat(nijiaqiao.count(StationSecond.EXIT)).isEqualTo(1);
        // The watermark comes after the seconds it completes.
        List<Object> output = new ArrayList<>(harness.getOutput());
        assertThat(output.get(output.size() - 1)).isInstanceOf(Watermark.class);
    }

    @Test
    void dropsResendsWithinTheSecond() throws Exception {
        push(Records.entry("a", NIJIAQIAO, T0 + 100));
        push(Records.entry("a", NIJIAQIAO, T0 + 100));
        harness.processWatermark(new Watermark(T0 + 999));
        assertThat(shipped().get(0).tapKeys).containsExactly(ParseFunction.eventKey("a"));
    }

    @Test
    void keepsAnIdReusedWithOtherContentAndWhereEachEventCameFrom() throws Exception {
        StationEvent entry = Records.entry("a", NIJIAQIAO, T0 + 100);
        StationEvent exit = Records.exit("a", NIJIAQIAO, T0 + 100);
        exit.source = "other-feed";
        push(entry);
        push(exit);
        harness.processWatermark(new Watermark(T0 + 999));
        StationSecond shipped = shipped().get(0);
        // Not a resend: the station decides which one counts and reports the other.
        assertThat(shipped.tapKeys).hasSize(2);
        assertThat(shipped.tapContents).doesNotHaveDuplicates();
        assertThat(shipped.tapTypes).containsExactly(StationSecond.ENTRY, StationSecond.EXIT);
        assertThat(shipped.tapOrigin(0)).isEqualTo("test-feed:" + entry.sourceOrder);
        assertThat(shipped.tapOrigin(1)).isEqualTo("other-feed:" + exit.sourceOrder);
        assertThat(shipped.sources).containsExactly("test-feed", "other-feed");
    }

    @Test
    void shipsSecondsOldestFirstAndStationsInOrderWhateverOrderTheyCameIn() throws Exception {
        // Stations beyond the first allocation, and seconds that arrive out of order.
        int[] stations = {130, 3, 70, 0};
        long[] seconds = {T0 + 2_000, T0, T0 + 1_000, T0, T0 + 2_000};
        int id = 0;
        for (long time : seconds) {
            for (int station : stations) {
                StationEvent event = Records.entry("e" + id++, NIJIAQIAO, time + 10);
                event.station = station;
                push(event);
            }
        }
        harness.processWatermark(new Watermark(T0 + 2_999));

        List<String> order = new ArrayList<>();
        for (StationSecond second : shipped()) {
            order.add((second.second - T0 / 1000) + "/" + second.station);
        }
        assertThat(order)
                .containsExactly(
                        "0/0", "0/3", "0/70", "0/130", "1/0", "1/3", "1/70", "1/130", "2/0", "2/3",
                        "2/70", "2/130");
        assertThat(shipped().get(0).tapKeys).as("both events of station 0 at T0").hasSize(2);
    }

    @Test
    void secondsFarApartAndSecondsReopenedAfterShippingAreKeptApart() throws Exception {
        // Seconds 64 and 128 apart share a place among the recently used ones; each keeps its
        // own events, also when one of them was shipped and gets events again (after a barrier).
        long[] seconds = {0, 64, 128, 0, 64, 1, 128, 0};
        int id = 0;
        for (long second : seconds) {
            push(Records.entry("e" + id++, NIJIAQIAO, T0 + second * 1_000 + 10));
        }
        harness.processWatermark(new Watermark(T0 + 64_999));
        List<String> counts = new ArrayList<>();
        for (StationSecond second : shipped()) {
            counts.add((second.second - T0 / 1000) + ":" + second.count(StationSecond.ENTRY));
        }
        assertThat(counts).containsExactly("0:3", "1:1", "64:2");

        push(Records.entry("late-but-open", NIJIAQIAO, T0 + 128_500));
        push(Records.entry("reopened", NIJIAQIAO, T0 + 1_200));
        push(Records.entry("again", NIJIAQIAO, T0 + 65_100));
        harness.prepareSnapshotPreBarrier(1);
        counts.clear();
        for (StationSecond second : shipped()) {
            counts.add((second.second - T0 / 1000) + ":" + second.count(StationSecond.ENTRY));
        }
        assertThat(counts).containsExactly("0:3", "1:1", "64:2", "1:1", "65:1", "128:3");
    }

    @Test
    void shipsEverythingBeforeACheckpointBarrierSoItNeedsNoState() throws Exception {
        push(Records.entry("a", NIJIAQIAO, T0 + 100));
        push(Records.entry("b", NIJIAQIAO, T0 + 5_100));
        harness.prepareSnapshotPreBarrier(1);
        assertThat(shipped()).hasSize(2);
        // Nothing is left to ship at the next watermark.
        harness.getOutput().clear();
        harness.processWatermark(new Watermark(T0 + 10_000));
        assertThat(shipped()).isEmpty();
    }
}
