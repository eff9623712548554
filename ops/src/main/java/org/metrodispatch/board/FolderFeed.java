package org.metrodispatch.board;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows a run folder's JSON-lines files as they grow: the decision log, station load and feed
 * health (whole, or the part files of parallel writers), and the simulator's train reports. The
 * files the notebooks read. Complete lines only: a line being written is taken once its newline is
 * there. A file that shrinks was rewritten (parts merged at the end of a run) and is read again
 * from its start; the board drops what it has already seen.
 */
public final class FolderFeed implements BoardFeed {

    /** Bytes read from one file per poll at most, so a whole day's files do not come at once. */
    private static final int CHUNK_BYTES = 4 << 20;

    private final List<Path> folders;
    private final Map<Path, Long> offsets = new HashMap<>();

    /**
     * @param folders the folders to follow: a demo's run folder, or a replay's output and input
     */
    public FolderFeed(List<Path> folders) {
        this.folders = List.copyOf(folders);
    }

    /** Which output a file holds, by its name; null for a file the board does not read. */
    static BoardRecord.Kind kindOf(String fileName) {
        if (!fileName.endsWith(".jsonl")) {
            return null;
        }
        if (fileName.equals("decisions.jsonl") || fileName.startsWith("decisions-part-")) {
            return BoardRecord.Kind.DECISION;
        }
        if (fileName.startsWith("station-load")) {
            return BoardRecord.Kind.STATION_LOAD;
        }
        if (fileName.startsWith("feed-health")) {
            return BoardRecord.Kind.FEED_ALERT;
        }
        if (fileName.equals("train-events.jsonl")) {
            return BoardRecord.Kind.TRAIN;
        }
        return null;
    }

    @Override
    public List<BoardRecord> poll(Duration timeout) throws IOException, InterruptedException {
        List<BoardRecord> records = readNew();
        if (records.isEmpty()) {
            Thread.sleep(timeout.toMillis());
            records = readNew();
        }
        return records;
    }

    private List<BoardRecord> readNew() throws IOException {
        List<BoardRecord> records = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.jsonl")) {
                for (Path file : files) {
                    BoardRecord.Kind kind = kindOf(file.getFileName().toString());
                    if (kind != null) {
                        readFrom(file, kind, records);
                    }
                }
            }
        }
        return records;
    }

    private void readFrom(Path file, BoardRecord.Kind kind, List<BoardRecord> records)
            throws IOException {
        long offset = offsets.getOrDefault(file, 0L);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < offset) {
                offset = 0;
            }
            if (size == offset) {
                offsets.put(file, offset);
                return;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, size - offset));
            channel.read(buffer, offset);
            byte[] bytes = buffer.array();
            int lineStart = 0;
            for (int i = 0; i < buffer.position(); i++) {
                if (bytes[i] == '\n') {
                    String line =
                            new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                    if (!line.isBlank()) {
                        records.add(new BoardRecord(kind, line));
                    }
                    lineStart = i + 1;
                }
            }
            if (lineStart == 0 && buffer.position() == CHUNK_BYTES) {
                // No newline in a whole chunk: not a line of the job's; counted unreadable,
                // skipped.
                records.add(new BoardRecord(kind, "a line longer than " + CHUNK_BYTES + " bytes"));
                lineStart = CHUNK_BYTES;
            }
            offsets.put(file, offset + lineStart);
        } catch (NoSuchFileException gone) {
            // Removed since the folder was listed (parts merged): its lines are in the merged file.
            offsets.remove(file);
        }
    }

    @Override
    public String describe() {
        return "the files in " + folders;
    }

    @Override
    public void close() {}
}
