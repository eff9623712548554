package org.metrodispatch.simulator.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the three streams as JSON-lines files in a folder: {@code gate-events.jsonl}, {@code
 * train-events.jsonl} and {@code ground-truth.jsonl}.
 */
public final class FileEventSink implements EventSink {

    public static final String GATE_EVENTS_FILE = "gate-events.jsonl";
    public static final String TRAIN_EVENTS_FILE = "train-events.jsonl";
    public static final String GROUND_TRUTH_FILE = "ground-truth.jsonl";

    private static final int BUFFER_BYTES = 1 << 20;

    private final OutputStream[] outputs = new OutputStream[Stream.values().length];

    public FileEventSink(Path folder) throws IOException {
        Files.createDirectories(folder);
        outputs[Stream.GATE_EVENTS.ordinal()] = open(folder.resolve(GATE_EVENTS_FILE));
        outputs[Stream.TRAIN_EVENTS.ordinal()] = open(folder.resolve(TRAIN_EVENTS_FILE));
        outputs[Stream.GROUND_TRUTH.ordinal()] = open(folder.resolve(GROUND_TRUTH_FILE));
    }

    private static OutputStream open(Path file) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES);
    }

    @Override
    public void write(Stream stream, String stationId, byte[] record, int offset, int length)
            throws IOException {
        OutputStream out = outputs[stream.ordinal()];
        out.write(record, offset, length);
        out.write('\n');
    }

    @Override
    public void flush() throws IOException {
        for (OutputStream out : outputs) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (OutputStream out : outputs) {
            try {
                out.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
