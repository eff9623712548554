package org.metrodispatch.job;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far a replay has come, on one self-updating terminal line: the event time the job's station
 * load has reached (the newest window end in its output files) within the input's time span. It
 * watches the outputs, not the job, so it needs nothing from Flink and costs the job nothing.
 */
final class ReplayProgress implements AutoCloseable {

    private static final long REDRAW_MILLIS = 500;

    /** How much of an output file's end is read to find its last whole line. */
    private static final int TAIL_BYTES = 8_192;

    private static final Pattern WINDOW_END = Pattern.compile("\"windowEnd\":\"([^\"]+)\"");
    private static final String STATION_LOAD_FILES = JobSinkSets.STATION_LOAD + "*.jsonl";

    private final Path out;
    private final PrintStream terminal;
    private final DateTimeFormatter clock;
    private final long first;
    private final long last;
    private final long started = System.nanoTime();
    private Thread drawer;
    private boolean drawn;

    /**
     * @param first the input's first event time, epoch milliseconds
     * @param last its last
     */
    ReplayProgress(Path out, long first, long last, ZoneId zone, PrintStream terminal) {
        this.out = out;
        this.first = first;
        this.last = last;
        this.terminal = terminal;
        this.clock = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone);
    }

    /** The time span of a replay's input: its gate file's first and last record. */
    static long[] inputSpan(Path gateFile) throws IOException {
        long firstTime = EventTimeSniffer.UNKNOWN;
        try (var lines = Files.lines(gateFile, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines.limit(100)::iterator) {
                long t = EventTimeSniffer.eventTime(line.getBytes(StandardCharsets.UTF_8));
                if (t != EventTimeSniffer.UNKNOWN) {
                    firstTime = t;
                    break;
                }
            }
        }
        String tail = lastLine(gateFile);
        long lastTime =
                tail == null
                        ? EventTimeSniffer.UNKNOWN
                        : EventTimeSniffer.eventTime(tail.getBytes(StandardCharsets.UTF_8));
        return new long[] {firstTime, lastTime};
    }

    /** Starts drawing, every half second, until closed. */
    void start() {
        drawer =
                new Thread(
                        () -> {
                            try {
                                while (!Thread.currentThread().isInterrupted()) {
                                    draw();
                                    Thread.sleep(REDRAW_MILLIS);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "replay-progress");
        drawer.setDaemon(true);
        drawer.start();
    }

    private synchronized void draw() {
        long reached = reached();
        double seconds = (System.nanoTime() - started) / 1e9;
        terminal.print("\r" + line(reached, seconds) + " ");
        terminal.flush();
        drawn = true;
    }

    /** The progress line for the event time reached, or the elapsed time alone before any. */
    String line(long reached, double seconds) {
        if (reached == Long.MIN_VALUE
                || first == EventTimeSniffer.UNKNOWN
                || last == EventTimeSniffer.UNKNOWN
                || last <= first) {
            return String.format(Locale.ROOT, "replaying: starting, %.0f s", seconds);
        }
        double share = Math.max(0, Math.min(1, (reached - first) / (double) (last - first)));
        return String.format(
                Locale.ROOT,
                "replaying: event time %s of %s-%s (%.0f %%), %.0f s",
                clock.format(Instant.ofEpochMilli(reached)),
                clock.format(Instant.ofEpochMilli(first)),
                clock.format(Instant.ofEpochMilli(last)),
                100 * share,
                seconds);
    }

    /**
     * The event time every part of the station load has reached: the smallest of the parts' newest
     * window ends, or {@link Long#MIN_VALUE} before all have one.
     */
    long reached() {
        long reached = Long.MAX_VALUE;
        boolean any = false;
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(out, STATION_LOAD_FILES)) {
            for (Path part : parts) {
                String line = lastLine(part);
                Matcher end = line == null ? null : WINDOW_END.matcher(line);
                if (end == null || !end.find()) {
                    return Long.MIN_VALUE;
                }
                reached =
                        Math.min(
                                reached,
                                OffsetDateTime.parse(end.group(1)).toInstant().toEpochMilli());
                any = true;
            }
        } catch (IOException | DateTimeParseException e) {
            // Not there yet, or a line being written: the next look will do.
            return Long.MIN_VALUE;
        }
        return any ? reached : Long.MIN_VALUE;
    }

    /** The last whole line of a file, or null when it has none (yet). */
    private static String lastLine(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int n = (int) Math.min(length, TAIL_BYTES);
            byte[] bytes = new byte[n];
            raf.seek(length - n);
            raf.readFully(bytes);
            int end = n;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--; // a line still being written
            }
            if (end == 0) {
                return null;
            }
            int start = end - 1;
            while (start > 0 && bytes[start - 1] != '\n') {
                start--;
            }
            if (start == 0 && n < length) {
                return null; // longer than the tail read
            }
            return new String(bytes, start, end - 1 - start, StandardCharsets.UTF_8);
        }
    }

    @Override
    public synchronized void close() {
        if (drawer != null) {
            drawer.interrupt();
        }
        if (drawn) {
            terminal.print("\r\033[K");
            terminal.flush();
        }
    }
}
