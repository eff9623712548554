package org.metrodispatch.job.io;

import org.metrodispatch.job.RawRecord;

import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The whole of a replay folder as one split, with how far it has been read: so a checkpoint can
 * resume a replay where it stopped.
 */
public final class ReplaySplit implements IteratorSourceSplit<RawRecord, ReplayIterator> {

    private final String folder;
    private final long gateLinesRead;
    private final long trainLinesRead;

    public ReplaySplit(String folder, long gateLinesRead, long trainLinesRead) {
        this.folder = folder;
        this.gateLinesRead = gateLinesRead;
        this.trainLinesRead = trainLinesRead;
    }

    public String folder() {
        return folder;
    }

    public long gateLinesRead() {
        return gateLinesRead;
    }

    public long trainLinesRead() {
        return trainLinesRead;
    }

    @Override
    public String splitId() {
        return "replay:" + folder;
    }

    @Override
    public ReplayIterator getIterator() {
        try {
            return new ReplayIterator(folder, gateLinesRead, trainLinesRead);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the replay folder " + folder, e);
        }
    }

    @Override
    public IteratorSourceSplit<RawRecord, ReplayIterator> getUpdatedSplitForIterator(
            ReplayIterator iterator) {
        return new ReplaySplit(folder, iterator.gateLinesRead(), iterator.trainLinesRead());
    }
}
