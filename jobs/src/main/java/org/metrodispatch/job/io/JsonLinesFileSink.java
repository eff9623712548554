package org.metrodispatch.job.io;

import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.time.TimeFormatter;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneId;

/**
 * Writes records as JSON lines into a folder, one part file per parallel subtask: {@code
 * <name>-<subtask>.jsonl}. For replays and tests; {@link PartFiles} merges the parts into one file
 * in a deterministic order when the job is done.
 */
public final class JsonLinesFileSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final String folder;
    private final String name;
    private final JsonEncoder<T> encoder;
    private final ZoneId zone;

    public JsonLinesFileSink(Path folder, String name, JsonEncoder<T> encoder, ZoneId zone) {
        this.folder = folder.toAbsolutePath().toString();
        this.name = name;
        this.encoder = encoder;
        this.zone = zone;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Path dir = Paths.get(folder);
        Files.createDirectories(dir);
        // One writer writes the whole file; several write parts that PartFiles merges.
        Path part =
                context.getTaskInfo().getNumberOfParallelSubtasks() == 1
                        ? dir.resolve(name + ".jsonl")
                        : dir.resolve(
                                PartFiles.partName(
                                        name, context.getTaskInfo().getIndexOfThisSubtask()));
        return new Writer<>(Files.newOutputStream(part), encoder, new TimeFormatter(zone));
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final OutputStream out;
        private final JsonEncoder<T> encoder;
        private final TimeFormatter time;
        private final JsonBytes json = new JsonBytes();

        Writer(OutputStream out, JsonEncoder<T> encoder, TimeFormatter time) {
            this.out = new BufferedOutputStream(out, 1 << 16);
            this.encoder = encoder;
            this.time = time;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            encoder.write(json.reset(), element, time);
            // An encoder may write nothing for an element that has no place in the file.
            if (json.length() > 0) {
                json.newline().writeTo(out);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
