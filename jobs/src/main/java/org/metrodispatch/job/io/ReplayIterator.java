package org.metrodispatch.job.io;

import org.metrodispatch.contract.time.LastIsoTime;
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
 * a gate whose clock is off, cannot make the other be read ahead: a record moves its file's clock
 * only when the records around it agree, and by more than half an hour only when a long run does.
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

    /** A record moves its file's clock only when a neighbour in the file is this close to it. */
    private static final long NEIGHBOUR_MILLIS = 60_000;

    /** Times further than this from a file's clock must be confirmed before they count. */
    private static final long MAX_JUMP_MILLIS = 30 * 60_000L;

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
        return gate.headRecord != null || train.headRecord != null;
    }

    @Override
    public RawRecord next() {
        Feed next;
        if (gate.headRecord == null) {
            next = train;
        } else if (train.headRecord == null) {
            next = gate;
        } else {
            next = train.clock() < gate.clock() ? train : gate;
        }
        if (next.headRecord == null) {
            throw new NoSuchElementException();
        }
        return next.take();
    }

    /**
     * One file, read line by line, with the next two lines held back. Its clock moves with a record
     * only when a neighbour in the file (the record before or the one after) agrees with it within
     * {@link #NEIGHBOUR_MILLIS}. A gate whose clock is off therefore does not lift the file's clock
     * (its neighbours are other gates' records), so the other file is not read ahead of it; a gap
     * the whole file makes (a silent train feed, the night) is followed.
     */
    private static final class Feed {
        private final LineReader in;
        private final String name;

        /** The file's records are in time order: most carry the timestamp of the one before. */
        private final LastIsoTime lastTime = new LastIsoTime();

        private final PlausibleClock clock =
                new PlausibleClock(MAX_JUMP_MILLIS, START_CONFIRMATIONS, JUMP_CONFIRMATIONS);
        private RawRecord headRecord;
        private long headTime;
        private RawRecord nextRecord;
        private long nextTime = Long.MIN_VALUE;
        private long previousTime = Long.MIN_VALUE;
        private long confirmed = Long.MIN_VALUE;
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
                long time = EventTimeSniffer.eventTime(line);
                clock.observe(time);
                previousTime = time;
                linesRead++;
            }
            confirmed = clock.latest();
            nextRecord = read(linesRead + 1);
            nextTime = timeOf(nextRecord);
            advance();
        }

        /** The file's clock, counting its next line when its neighbours confirm it. */
        long clock() {
            if (lifts(headTime)) {
                return Math.max(confirmed, headTime);
            }
            return confirmed == Long.MIN_VALUE ? clock.latest() : confirmed;
        }

        RawRecord take() {
            RawRecord record = headRecord;
            record.ingestMillis = System.currentTimeMillis();
            boolean lifts = lifts(headTime);
            clock.observe(headTime);
            if (lifts) {
                confirmed = Math.max(confirmed, headTime);
            }
            previousTime = headTime;
            linesRead++;
            advance();
            return record;
        }

        /**
         * Whether a record moves the file's clock: a neighbour in the file (the record before or
         * the one after) agrees with it, so a lone record of a skewed gate never does; a jump
         * beyond {@link #MAX_JUMP_MILLIS} must also be confirmed by a long run of records ({@link
         * PlausibleClock}: the night, not junk).
         */
        private boolean lifts(long time) {
            if (time == Long.MIN_VALUE || !agrees(time, previousTime) && !agrees(time, nextTime)) {
                return false;
            }
            return confirmed == Long.MIN_VALUE
                    || Math.abs(time - confirmed) <= MAX_JUMP_MILLIS
                    || clock.fits(time);
        }

        private static boolean agrees(long time, long neighbour) {
            return neighbour != Long.MIN_VALUE && Math.abs(time - neighbour) <= NEIGHBOUR_MILLIS;
        }

        private void advance() {
            headRecord = nextRecord;
            headTime = nextTime;
            if (headRecord == null) {
                nextRecord = null;
                nextTime = Long.MIN_VALUE;
                closeQuietly();
                return;
            }
            nextRecord = read(linesRead + 2);
            nextTime = timeOf(nextRecord);
        }

        private RawRecord read(long lineNumber) {
            byte[] line;
            try {
                line = readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name, e);
            }
            return line == null ? null : new RawRecord(line, name, lineNumber, 0, lastTime);
        }

        private static long timeOf(RawRecord record) {
            return record == null ? Long.MIN_VALUE : record.sniffedEventTime;
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
