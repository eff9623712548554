package org.metrodispatch.job.io;

import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.time.TimeFormatter;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;

/**
 * The decision log: one JSON line per decision through a dedicated logger, {@value #LOGGER}. The
 * log4j configuration routes that logger, and only it, to {@code logs/decisions.jsonl} (locally) or
 * to the TaskManager's log folder (on a cluster), as plain lines that the review tools parse.
 */
public final class DecisionLogSink implements Sink<DispatchDecision> {

    private static final long serialVersionUID = 1L;

    /** The logger the decisions go to. */
    public static final String LOGGER = "org.metrodispatch.decisions";

    private final ZoneId zone;

    public DecisionLogSink(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public SinkWriter<DispatchDecision> createWriter(WriterInitContext context) {
        Logger log = LoggerFactory.getLogger(LOGGER);
        TimeFormatter time = new TimeFormatter(zone);
        JsonBytes json = new JsonBytes();
        return new SinkWriter<>() {
            @Override
            public void write(DispatchDecision decision, Context context) {
                log.info("{}", JsonEncoder.DECISIONS.write(json.reset(), decision, time));
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
