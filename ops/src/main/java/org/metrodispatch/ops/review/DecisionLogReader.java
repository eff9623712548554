package org.metrodispatch.ops.review;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the decision log as the job writes it: one JSON decision a line, possibly still being
 * written. Tolerant: a line that is not a decision is reported as {@code line N: reason} and
 * skipped. Incremental: each {@link #readNew()} reads the complete lines appended since the last
 * call, so the log can be followed while the job runs; a last line without its '\n' is one the job
 * is still writing, not an error, and is read once it is complete.
 */
public final class DecisionLogReader {

    private static final int CHUNK = 1 << 16;

    private final Path file;

    /** Bytes of complete lines read so far. */
    private long offset;

    /** Complete lines read so far. */
    private int lines;

    /** The bytes after the last '\n' at the last read: a line still being written. */
    private byte[] pending = new byte[0];

    public DecisionLogReader(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** What one read found. */
    public record Batch(
            List<LoggedDecision> decisions, List<LogProblem> problems, List<String> notes) {}

    /** Reads the complete lines written since the last call. */
    public Batch readNew() throws IOException {
        List<LoggedDecision> decisions = new ArrayList<>();
        List<LogProblem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < offset) {
                notes.add(
                        "the log is shorter than "
                                + offset
                                + " bytes read before (replaced or truncated): reading it again"
                                + " from the start");
                offset = 0;
                lines = 0;
            }
            channel.position(offset);
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (channel.read(chunk) > 0) {
                byte[] bytes = chunk.array();
                int end = chunk.position();
                int start = 0;
                for (int i = 0; i < end; i++) {
                    if (bytes[i] == '\n') {
                        line.write(bytes, start, i - start);
                        offset += line.size() + 1;
                        lines++;
                        read(line.toByteArray(), decisions, problems);
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(bytes, start, end - start);
                chunk.clear();
            }
            pending = line.toByteArray();
        }
        return new Batch(decisions, problems, notes);
    }

    /**
     * Reads everything there is now: the complete lines, and a last line without '\n' when it is a
     * whole decision already (a writer that did not end its last line). A last line that is not
     * complete yet is mentioned in the notes and left for a later {@link #readNew()}.
     */
    public Batch readAll() throws IOException {
        Batch batch = readNew();
        Optional<String> partial = partialLine();
        if (partial.isPresent()) {
            String where = "line " + (lines + 1);
            try {
                batch.decisions().add(DecisionLines.parse(where, partial.get()));
            } catch (DecisionLines.Malformed e) {
                batch.notes()
                        .add(
                                where
                                        + " is incomplete (the job is still writing it?); not read"
                                        + " yet");
            }
        }
        return batch;
    }

    /** The last line when it has no '\n' yet, as last read; empty when there is none. */
    public Optional<String> partialLine() {
        if (pending.length == 0) {
            return Optional.empty();
        }
        String text = new String(pending, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** Complete lines read so far. */
    public int linesRead() {
        return lines;
    }

    private void read(byte[] bytes, List<LoggedDecision> decisions, List<LogProblem> problems) {
        String where = "line " + lines;
        String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString()
                            .strip();
        } catch (CharacterCodingException e) {
            problems.add(new LogProblem(where, "not valid UTF-8"));
            return;
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1); // a byte-order mark
        }
        if (text.isEmpty()) {
            return;
        }
        try {
            decisions.add(DecisionLines.parse(where, text));
        } catch (DecisionLines.Malformed e) {
            problems.add(new LogProblem(where, e.getMessage()));
        }
    }
}
