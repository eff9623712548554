package org.metrodispatch.job.io;

import org.metrodispatch.job.EventTimeSniffer;
import org.metrodispatch.job.PlausibleClock;
import org.metrodispatch.job.RawRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads a simulator folder's gate and train event files as one stream, interleaved the way they
 * would have arrived: each file is in delivery order, and the file whose stream clock (the latest
 * believable event time it has shown, see {@link PlausibleClock}) is behind goes next. The
 * interleaving depends only on the files, so a replay is repeatable; corrupt times in one file, or
 * a gate whose clock is hours off, cannot make the other be read far ahead: a file's clock moves by
 * more than a few minutes only when a long run of records agrees.
 */
public final class ReplayIterator implements Iterator<RawRecord> {

    /** The gate events file of a simulator output folder. */
    public static final String GATE_FILE = "gate-events.jsonl";

    /** The train events file of a simulator output folder. */
    public static final String TRAIN_FILE = "train-events.jsonl";

    private final Feed gate;
    private final Feed train;

    /** Records in a row that must agree on a file's first time. */
    private static final int START_CONFIRMATIONS = 2;

    /** Records in a row that must agree before a jump of a file's clock is believed. */
    private static final int JUMP_CONFIRMATIONS = 64;

    /** Times further than this from a file's clock must be confirmed before they count. */
    private static final long MAX_JUMP_MILLIS = 5 * 60_000L;

    ReplayIterator(String folder, long gateLinesRead, long trainLinesRead) throws IOException {
        Path dir = Paths.get(folder);
        this.gate = new Feed(dir.resolve(GATE_FILE), GATE_FILE, gateLinesRead);
        this.train = new Feed(dir.resolve(TRAIN_FILE), TRAIN_FILE, trainLinesRead);
    }

    long gateLinesRead() {
        return gate.linesRead;
    }

    long trainLinesRead() {
        return train.linesRead;
    }

    @Override
    public boolean hasNext() {
        return gate.head != null || train.head != null;
    }

    @Override
    public RawRecord next() {
        Feed next;
        if (gate.head == null) {
            next = train;
        } else if (train.head == null) {
            next = gate;
        } else {
            next = train.clock() < gate.clock() ? train : gate;
        }
        if (next.head == null) {
            throw new NoSuchElementException();
        }
        return next.take();
    }

    /** One file, read line by line, with the next line held back. */
    private static final class Feed {
        private final LineReader in;
        private final String name;
        private final PlausibleClock clock =
                new PlausibleClock(MAX_JUMP_MILLIS, START_CONFIRMATIONS, JUMP_CONFIRMATIONS);
        private byte[] head;
        private RawRecord headRecord;
        private long headTime;
        long linesRead;

        Feed(Path file, String name, long skip) throws IOException {
            this.name = name;
            this.in =
                    new LineReader(
                            Files.exists(file)
                                    ? Files.newInputStream(file)
                                    : InputStream.nullInputStream());
            for (long i = 0; i < skip; i++) {
                byte[] line = readLine();
                if (line == null) {
                    break;
                }
                clock.observe(EventTimeSniffer.eventTime(line));
                linesRead++;
            }
            advance();
        }

        /** The latest believable event time this file has shown, counting its next line. */
        long clock() {
            return clock.fits(headTime) ? Math.max(clock.latest(), headTime) : clock.latest();
        }

        RawRecord take() {
            RawRecord record = headRecord;
            record.ingestMillis = System.currentTimeMillis();
            clock.observe(headTime);
            linesRead++;
            advance();
            return record;
        }

        private void advance() {
            try {
                head = readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name, e);
            }
            headRecord = head == null ? null : new RawRecord(head, name, linesRead + 1, 0);
            headTime = headRecord == null ? Long.MIN_VALUE : headRecord.sniffedEventTime;
            if (head == null) {
                closeQuietly();
            }
        }

        private byte[] readLine() throws IOException {
            return in.next() ? in.copy() : null;
        }

        private void closeQuietly() {
            try {
                in.close();
            } catch (IOException e) {
                // Fully read already; nothing is lost by a failed close.
            }
        }
    }
}
