package org.metrodispatch.job;

import org.metrodispatch.contract.network.City;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.dispatch.FeedObservation;

import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ObservationsByLineTest {

    private static final Network LINE =
            NetworkLoader.load(Path.of("..", "config", "networks", "chengdu-line1.yaml"));

    private final City city = City.of("city", "Two lines", List.of(LINE, LINE.copy("2")));
    private final ObservationsByLine route = new ObservationsByLine(city);

    private List<FeedObservation> routed(FeedObservation observation) {
        List<FeedObservation> out = new ArrayList<>();
        route.flatMap(
                observation,
                new Collector<>() {
                    @Override
                    public void collect(FeedObservation record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                });
        return out;
    }

    @Test
    void aStationsObservationGoesToItsLineWithItsIndexThere() {
        int nijiaqiao = LINE.indexOf("nijiaqiao");
        List<FeedObservation> out =
                routed(FeedObservation.heard(LINE.stationCount() + nijiaqiao, 1_000, 900, 800));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).lineId).isEqualTo("1-2");
        assertThat(out.get(0).station).isEqualTo(nijiaqiao);
        assertThat(out.get(0).lastGate).isEqualTo(900);

        FeedObservation first = routed(FeedObservation.heard(nijiaqiao, 1_000, 900, 800)).get(0);
        assertThat(first.lineId).isEqualTo("1");
        assertThat(first.station).isEqualTo(nijiaqiao);
    }

    @Test
    void aWholeFeedsObservationGoesToEveryLine() {
        List<FeedObservation> out =
                routed(FeedObservation.arrivals("gates", 30_000, 1_000, 40, 95_000));
        assertThat(out).extracting(o -> o.lineId).containsExactly("1", "1-2");
        assertThat(out)
                .allSatisfy(
                        o -> {
                            assertThat(o.station).isEqualTo(-1);
                            assertThat(o.records).isEqualTo(1_000);
                            assertThat(o.late).isEqualTo(40);
                            assertThat(o.lateByMillis).isEqualTo(95_000);
                            assertThat(o.feed).isEqualTo("gates");
                        });
        assertThat(out.get(0)).isNotSameAs(out.get(1));
    }
}
