package org.metrodispatch.job.io;

import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.FeedAlert;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.contract.decision.RejectedRecord;
import org.metrodispatch.contract.decision.StationLoad;
import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.time.TimeFormatter;
import org.metrodispatch.job.Outgoing;

import java.io.Serializable;

/** Writes one of the job's outputs as a JSON object; the same form for files and Kafka. */
@FunctionalInterface
public interface JsonEncoder<T> extends Serializable {

    JsonEncoder<DispatchDecision> DECISIONS = OutputJson::write;

    /**
     * The recommendations of the outgoing stream; progress marks write nothing (files skip them).
     */
    JsonEncoder<Outgoing> RECOMMENDATIONS =
            (out, outgoing, time) ->
                    outgoing.recommendation == null
                            ? out
                            : OutputJson.write(out, outgoing.recommendation, time);

    JsonEncoder<StationLoad> STATION_LOAD = OutputJson::write;
    JsonEncoder<RejectedRecord> REJECTED = OutputJson::write;
    JsonEncoder<FeedAlert> FEED_ALERTS = OutputJson::write;

    JsonBytes write(JsonBytes out, T value, TimeFormatter time);
}
