package org.metrodispatch.job.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads newline-separated records from a stream in large chunks, and hands out each line as a slice
 * of its buffer ({@link #buffer()}, {@link #start()}, {@link #length()}) or as a copy. Reading a
 * byte at a time through a buffered stream costs more than parsing the record.
 */
public final class LineReader implements AutoCloseable {

    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private byte[] buffer = new byte[CHUNK * 2];
    private int position;
    private int limit;
    private int lineStart;
    private int lineLength;
    private boolean eof;

    public LineReader(InputStream in) {
        this.in = in;
    }

    /** Moves to the next line; false at the end of the stream. A last line without '\n' counts. */
    public boolean next() throws IOException {
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    lineStart = position;
                    lineLength = i - position;
                    position = i + 1;
                    return true;
                }
            }
            if (eof) {
                if (position < limit) {
                    lineStart = position;
                    lineLength = limit - position;
                    position = limit;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void fill() throws IOException {
        // Keep the unfinished line at the front of the buffer, growing it for very long lines.
        int remaining = limit - position;
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, remaining);
        } else if (remaining == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        position = 0;
        limit = remaining;
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            eof = true;
        } else {
            limit += read;
        }
    }

    public byte[] buffer() {
        return buffer;
    }

    public int start() {
        return lineStart;
    }

    public int length() {
        return lineLength;
    }

    /** The current line as an array of its own. */
    public byte[] copy() {
        return Arrays.copyOfRange(buffer, lineStart, lineStart + lineLength);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
