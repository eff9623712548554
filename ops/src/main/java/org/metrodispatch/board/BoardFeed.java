package org.metrodispatch.board;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Where the board reads the job's outputs from: a run folder's files, or Kafka topics. */
public interface BoardFeed extends AutoCloseable {

    /** The records that came since the last call, waiting up to {@code timeout} for some. */
    List<BoardRecord> poll(Duration timeout) throws IOException, InterruptedException;

    /** What the board reads, for people: the folder, or the broker and topics. */
    String describe();

    @Override
    void close();
}
