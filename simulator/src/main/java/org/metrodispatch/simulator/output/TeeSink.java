package org.metrodispatch.simulator.output;

import java.io.IOException;

/**
 * Writes every record to two sinks: for example to files, kept with a run, and to Kafka, where the
 * job reads. Closing it leaves the two sinks open: their owner closes them.
 */
public final class TeeSink implements EventSink {

    private final EventSink first;
    private final EventSink second;

    public TeeSink(EventSink first, EventSink second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void write(Stream stream, String stationId, byte[] record, int offset, int length)
            throws IOException {
        first.write(stream, stationId, record, offset, length);
        second.write(stream, stationId, record, offset, length);
    }

    @Override
    public void flush() throws IOException {
        first.flush();
        second.flush();
    }

    @Override
    public void close() {}
}
