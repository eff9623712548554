package org.metrodispatch.job;

import org.metrodispatch.contract.network.City;
import org.metrodispatch.dispatch.FeedObservation;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each feed observation to its line's feed health: a station's to the station's line, with
 * the station's index in that line; one about a whole feed (no station) to every line, as every
 * line hears its trains and gates through that feed.
 */
final class ObservationsByLine implements FlatMapFunction<FeedObservation, FeedObservation> {

    private static final long serialVersionUID = 1L;

    private final City city;

    ObservationsByLine(City city) {
        this.city = city;
    }

    @Override
    public void flatMap(FeedObservation observation, Collector<FeedObservation> out) {
        if (observation.station >= 0) {
            observation.lineId = city.line(city.lineOf(observation.station)).lineId();
            observation.station = city.indexOnLine(observation.station);
            out.collect(observation);
            return;
        }
        for (int l = 0; l < city.lineCount(); l++) {
            FeedObservation copy = l == city.lineCount() - 1 ? observation : copyOf(observation);
            copy.lineId = city.line(l).lineId();
            out.collect(copy);
        }
    }

    private static FeedObservation copyOf(FeedObservation o) {
        FeedObservation copy = new FeedObservation();
        copy.kind = o.kind;
        copy.station = o.station;
        copy.feed = o.feed;
        copy.time = o.time;
        copy.lastGate = o.lastGate;
        copy.lastTrain = o.lastTrain;
        copy.from = o.from;
        copy.expected = o.expected;
        copy.received = o.received;
        copy.records = o.records;
        copy.late = o.late;
        copy.lateByMillis = o.lateByMillis;
        copy.reason = o.reason;
        return copy;
    }
}
