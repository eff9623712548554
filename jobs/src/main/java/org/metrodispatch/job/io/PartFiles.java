package org.metrodispatch.job.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges the part files that parallel subtasks wrote into one file per output, sorted, so that a
 * replay of the same input gives the same files whatever the parallelism and thread timing (byte
 * for byte, but for the wall-clock emittedAt of decisions).
 */
public final class PartFiles {

    /** Orders rejected records by their source file or partition, then by line number or offset. */
    public static final Comparator<String> BY_SOURCE =
            Comparator.comparing((String line) -> sourceName(line))
                    .thenComparingLong(PartFiles::sourcePosition);

    /**
     * Orders decisions and feed alerts by their event time, then by line. Each line's come from one
     * planner (one subtask) in time order, which this keeps; a city's lines, planned on several
     * subtasks, are interleaved the same way on every run.
     */
    public static final Comparator<String> BY_TIME_THEN_LINE =
            Comparator.comparing((String line) -> textField(line, "\"eventTime\":\""))
                    .thenComparing(line -> textField(line, "\"lineId\":\""));

    private static final String SOURCE_FIELD = "{\"source\":\"";

    /**
     * A text field's value, found by its key; "" when absent. Event times of one city share a
     * format and an offset, so their text sorts as their time.
     */
    private static String textField(String line, String key) {
        int at = line.indexOf(key);
        if (at < 0) {
            return "";
        }
        int from = at + key.length();
        int end = line.indexOf('"', from);
        return end < 0 ? "" : line.substring(from, end);
    }

    private PartFiles() {}

    private static String sourceName(String line) {
        String source = source(line);
        int colon = source.lastIndexOf(':');
        return colon < 0 ? source : source.substring(0, colon);
    }

    private static long sourcePosition(String line) {
        String source = source(line);
        try {
            return Long.parseLong(source.substring(source.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String source(String line) {
        if (!line.startsWith(SOURCE_FIELD)) {
            return "";
        }
        int end = line.indexOf('"', SOURCE_FIELD.length());
        return end < 0 ? "" : line.substring(SOURCE_FIELD.length(), end);
    }

    static String partName(String name, int subtask) {
        return name + "-part-" + subtask + ".jsonl";
    }

    /**
     * Replaces the parts of {@code name} in {@code folder} with {@code name.jsonl}, its lines
     * sorted by {@code order} (lines that compare equal keep the order of the parts).
     */
    public static Path merge(Path folder, String name, Comparator<String> order)
            throws IOException {
        List<Path> parts = new ArrayList<>();
        try (DirectoryStream<Path> stream =
                Files.newDirectoryStream(folder, name + "-part-*.jsonl")) {
            stream.forEach(parts::add);
        }
        parts.sort(Comparator.comparing(p -> p.getFileName().toString()));
        Path merged = folder.resolve(name + ".jsonl");
        List<String> lines = new ArrayList<>();
        for (Path part : parts) {
            lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
        }
        if (parts.isEmpty() && Files.exists(merged)) {
            // Written whole by a single writer: still put it in the same order.
            lines.addAll(Files.readAllLines(merged, StandardCharsets.UTF_8));
        }
        lines.sort(order);
        try (BufferedWriter out = Files.newBufferedWriter(merged, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        }
        for (Path part : parts) {
            Files.delete(part);
        }
        return merged;
    }
}
