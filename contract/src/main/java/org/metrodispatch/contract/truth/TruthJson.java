package org.metrodispatch.contract.truth;

import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.time.TimeFormatter;

/**
 * The simulator's ground truth, kept apart from the event stream: what really happened on each
 * platform, one JSON object a line with a {@link TruthKind}. {@link GroundTruth} reads it back.
 */
public final class TruthJson {

    private TruthJson() {}

    /** Passengers waiting on one direction's side of a platform at the start of a minute. */
    public static JsonBytes platform(
            JsonBytes out,
            TimeFormatter time,
            String stationId,
            String direction,
            long minute,
            int waiting,
            double waitingAreaM2) {
        double density = LevelOfService.densityM2PerPerson(waitingAreaM2, waiting);
        return out.beginObject()
                .field("kind", TruthKind.PLATFORM.json())
                .field("stationId", stationId)
                .field("direction", direction)
                .timeField("minute", minute, time)
                .field("waiting", waiting)
                .field("densityM2PerPerson", density, 3)
                .field("los", LevelOfService.of(density).name())
                .endObject();
    }

    /** One train leaving a station: who boarded, who could not, and the load it took away. */
    public static JsonBytes departure(
            JsonBytes out,
            TimeFormatter time,
            String stationId,
            String direction,
            String trainId,
            long eventTime,
            int alighted,
            int boarded,
            int leftBehind,
            int load,
            int capacity) {
        return out.beginObject()
                .field("kind", TruthKind.DEPARTURE.json())
                .field("stationId", stationId)
                .field("direction", direction)
                .field("trainId", trainId)
                .timeField("eventTime", eventTime, time)
                .field("alighted", alighted)
                .field("boarded", boarded)
                .field("leftBehind", leftBehind)
                .field("load", load)
                .field("capacity", capacity)
                .endObject();
    }
}
