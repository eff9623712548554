package org.metrodispatch.ingest;

import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.json.JsonBytes;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes each rejected row as one JSON line: where it was (file, line), why, and the row itself up
 * to {@link #ROW_PREFIX_CHARS} characters. Nothing is lost silently.
 */
final class RejectWriter implements SourceRows.Rejects, AutoCloseable {

    /** A row is kept up to this many characters; real rows are far shorter. */
    static final int ROW_PREFIX_CHARS = 4_096;

    private final OutputStream out;
    private final JsonBytes json = new JsonBytes(512);

    RejectWriter(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        } catch (IOException e) {
            throw new UserError("cannot write the rejected rows to " + file + " (" + e + ")");
        }
    }

    @Override
    public void reject(String file, long line, String row, RowProblem problem) {
        try {
            json.reset()
                    .beginObject()
                    .field("file", file)
                    .field("line", line)
                    .field("reason", problem.getMessage())
                    .field(
                            "row",
                            row.length() <= ROW_PREFIX_CHARS
                                    ? row
                                    : row.substring(0, ROW_PREFIX_CHARS))
                    .endObject()
                    .newline()
                    .writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
