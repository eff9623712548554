package org.metrodispatch.job.io;

import org.metrodispatch.job.RawRecord;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A source that says which splits each reader was given: before the splits' records, the reader
 * emits one {@link RawRecord#announcing announcement} per split added (at the start, after a
 * restore, when partitions are discovered). The event-time operator then knows every source it
 * reads, also one not heard yet (a Kafka partition the consumer has not fetched from), and holds
 * event time back for it instead of judging its first records late.
 */
public final class AnnouncingSource<SplitT extends SourceSplit, EnumChkT>
        implements Source<RawRecord, SplitT, EnumChkT> {

    private static final long serialVersionUID = 1L;

    /** Names a split as the records' {@link RawRecord#source} does. */
    @FunctionalInterface
    public interface SplitNamer<SplitT> extends Function<SplitT, String>, Serializable {}

    private final Source<RawRecord, SplitT, EnumChkT> source;
    private final SplitNamer<SplitT> namer;

    public AnnouncingSource(Source<RawRecord, SplitT, EnumChkT> source, SplitNamer<SplitT> namer) {
        this.source = source;
        this.namer = namer;
    }

    @Override
    public Boundedness getBoundedness() {
        return source.getBoundedness();
    }

    @Override
    public SplitEnumerator<SplitT, EnumChkT> createEnumerator(
            SplitEnumeratorContext<SplitT> context) throws Exception {
        return source.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<SplitT, EnumChkT> restoreEnumerator(
            SplitEnumeratorContext<SplitT> context, EnumChkT checkpoint) throws Exception {
        return source.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<SplitT> getSplitSerializer() {
        return source.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<EnumChkT> getEnumeratorCheckpointSerializer() {
        return source.getEnumeratorCheckpointSerializer();
    }

    @Override
    public SourceReader<RawRecord, SplitT> createReader(SourceReaderContext context)
            throws Exception {
        return new Reader<>(source.createReader(context), namer);
    }

    /** Delegates to the wrapped reader, emitting the announcements first. */
    private static final class Reader<SplitT extends SourceSplit>
            implements SourceReader<RawRecord, SplitT> {

        private final SourceReader<RawRecord, SplitT> reader;
        private final SplitNamer<SplitT> namer;
        private final ArrayDeque<String> announcements = new ArrayDeque<>();

        Reader(SourceReader<RawRecord, SplitT> reader, SplitNamer<SplitT> namer) {
            this.reader = reader;
            this.namer = namer;
        }

        @Override
        public void start() {
            reader.start();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<RawRecord> output) throws Exception {
            if (!announcements.isEmpty()) {
                output.collect(RawRecord.announcing(announcements.poll()));
                return InputStatus.MORE_AVAILABLE;
            }
            return reader.pollNext(output);
        }

        @Override
        public List<SplitT> snapshotState(long checkpointId) {
            return reader.snapshotState(checkpointId);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return announcements.isEmpty()
                    ? reader.isAvailable()
                    : CompletableFuture.completedFuture(null);
        }

        @Override
        public void addSplits(List<SplitT> splits) {
            for (SplitT split : splits) {
                announcements.add(namer.apply(split));
            }
            reader.addSplits(splits);
        }

        @Override
        public void notifyNoMoreSplits() {
            reader.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(SourceEvent event) {
            reader.handleSourceEvents(event);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            reader.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            reader.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void pauseOrResumeSplits(
                Collection<String> splitsToPause, Collection<String> splitsToResume) {
            reader.pauseOrResumeSplits(splitsToPause, splitsToResume);
        }

        @Override
        public void close() throws Exception {
            reader.close();
        }
    }
}
