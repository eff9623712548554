package org.metrodispatch.board;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Several feeds read as one: the job's topics and a run folder's files, in a test. */
public final class CombinedFeed implements BoardFeed {

    private final List<BoardFeed> feeds;

    public CombinedFeed(BoardFeed... feeds) {
        this.feeds = List.of(feeds);
    }

    @Override
    public List<BoardRecord> poll(Duration timeout) throws IOException, InterruptedException {
        List<BoardRecord> records = new ArrayList<>();
        Duration each = timeout.dividedBy(feeds.size());
        for (BoardFeed feed : feeds) {
            records.addAll(feed.poll(each));
        }
        return records;
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        feeds.forEach(feed -> parts.add(feed.describe()));
        return String.join(" and ", parts);
    }

    @Override
    public void close() {
        feeds.forEach(BoardFeed::close);
    }
}
