package org.metrodispatch.job.io;

import org.metrodispatch.job.RawRecord;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A bounded source that replays a simulator output folder ({@code gate-events.jsonl} and {@code
 * train-events.jsonl}) into the same job graph that reads Kafka in production. One split, read by
 * one reader, so the interleaving of the two files is fixed (see {@link ReplayIterator}).
 */
public final class ReplaySource
        implements Source<RawRecord, ReplaySplit, Collection<ReplaySplit>>,
                ResultTypeQueryable<RawRecord> {

    private static final long serialVersionUID = 1L;

    private final String folder;

    public ReplaySource(Path folder) {
        this.folder = folder.toAbsolutePath().toString();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawRecord, ReplaySplit> createReader(SourceReaderContext context) {
        return new IteratorSourceReader<>(context);
    }

    @Override
    public SplitEnumerator<ReplaySplit, Collection<ReplaySplit>> createEnumerator(
            SplitEnumeratorContext<ReplaySplit> context) {
        return new IteratorSourceEnumerator<>(context, List.of(new ReplaySplit(folder, 0, 0)));
    }

    @Override
    public SplitEnumerator<ReplaySplit, Collection<ReplaySplit>> restoreEnumerator(
            SplitEnumeratorContext<ReplaySplit> context, Collection<ReplaySplit> checkpoint) {
        return new IteratorSourceEnumerator<>(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<ReplaySplit> getSplitSerializer() {
        return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Collection<ReplaySplit>> getEnumeratorCheckpointSerializer() {
        return new CheckpointSerializer();
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return Types.POJO(RawRecord.class);
    }

    private static final class SplitSerializer implements SimpleVersionedSerializer<ReplaySplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(ReplaySplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                write(out, split);
            }
            return bytes.toByteArray();
        }

        @Override
        public ReplaySplit deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return read(in);
            }
        }
    }

    private static final class CheckpointSerializer
            implements SimpleVersionedSerializer<Collection<ReplaySplit>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Collection<ReplaySplit> splits) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(splits.size());
                for (ReplaySplit split : splits) {
                    write(out, split);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public Collection<ReplaySplit> deserialize(int version, byte[] serialized)
                throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int count = in.readInt();
                List<ReplaySplit> splits = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    splits.add(read(in));
                }
                return splits;
            }
        }
    }

    private static void write(DataOutputStream out, ReplaySplit split) throws IOException {
        out.writeUTF(split.folder());
        out.writeLong(split.gateLinesRead());
        out.writeLong(split.trainLinesRead());
    }

    private static ReplaySplit read(DataInputStream in) throws IOException {
        return new ReplaySplit(in.readUTF(), in.readLong(), in.readLong());
    }
}
