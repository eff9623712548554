package org.metrodispatch.simulator.output;

import java.io.IOException;

/**
 * Where the simulator's records go, each stream in the order it is delivered. Records are JSON
 * objects without a line end; {@code stationId} is the key that keeps a station's records in order.
 */
public interface EventSink extends AutoCloseable {

    /** The streams the simulator writes. */
    enum Stream {
        GATE_EVENTS,
        TRAIN_EVENTS,
        GROUND_TRUTH
    }

    void write(Stream stream, String stationId, byte[] record, int offset, int length)
            throws IOException;

    /** Makes everything written so far durable or visible. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
