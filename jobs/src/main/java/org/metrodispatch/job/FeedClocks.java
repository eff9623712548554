package org.metrodispatch.job;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The clocks of the feeds, per input source (Kafka partition, replayed file), and what they say
 * about each record's time. Plain Java: the operator that applies it is {@link EventTimeOperator}.
 *
 * <p>A feed is a gate, or a station's signalling on the train feed. Each feed's clock is the time
 * of its last record; a station's clock is the newest of its feeds' clocks (feeds whose last record
 * was found ahead left out); the source's <em>consensus</em> is a quantile (the median by default)
 * of its stations' clocks, stations silent for long left out. A record's time is judged against it:
 *
 * <ul>
 *   <li>further ahead than {@code maxAhead}: the feed's clock is ahead ({@link Verdict#AHEAD});
 *   <li>further behind than {@code maxBehind}, for {@code skewConfirmations} records of the feed in
 *       a row: its clock is behind ({@link Verdict#BEHIND}); a single record that far behind is
 *       just late;
 *   <li>at or behind the watermark: late ({@link Verdict#LATE});
 *   <li>otherwise accepted; the source's event time follows the {@code frontQuantile} of its
 *       stations' newest accepted times (so a few stations ahead, still within {@code maxAhead}, do
 *       not lift it), and never more than {@code maxLead} past the consensus.
 * </ul>
 *
 * A minority of feeds or stations, however wrong their clocks, cannot move the consensus; when most
 * of them move together (a real jump, the night between two days), it moves with them. At the
 * start, the consensus is the quantile of the feeds' clocks once {@code quorumFeeds} feeds have
 * been heard ({@link #establish}), so the first record alone is never trusted. Deterministic: the
 * judgement depends only on the records and their order.
 */
public final class FeedClocks {

    /** No time known. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    /** Records of a source between two recomputations of its consensus, at most. */
    private static final int RECOMPUTE_EVERY = 256;

    /** What a record's time says. */
    public enum Verdict {
        ACCEPT,
        LATE,
        AHEAD,
        BEHIND
    }

    private final EventTimeRules rules;
    private final String[] stationIds;
    private final String[] signallingFeeds;
    private final Map<String, Source> sources = new LinkedHashMap<>();

    // Records come in runs from one source: look it up once per run.
    private String lastSourceName;
    private Source lastSource;

    // Of the last judgement.
    private long offset;
    private String culprit;
    private Feed judged;
    private int clockChange;

    /**
     * @param stationIds the network's station ids by index
     */
    public FeedClocks(EventTimeRules rules, String[] stationIds) {
        this.rules = rules;
        this.stationIds = stationIds.clone();
        this.signallingFeeds = new String[stationIds.length];
        for (int i = 0; i < stationIds.length; i++) {
            signallingFeeds[i] = "signalling of station " + stationIds[i];
        }
    }

    /**
     * A record was heard: its feed's clock is now its time. Call for every valid record on arrival,
     * before it is judged.
     *
     * @param gate the gate id, or null for the station's signalling (train feed)
     */
    public void hear(String source, int station, String gate, long time) {
        Source src = source(source);
        String name = gate == null ? signallingFeeds[station] : gate;
        Feed feed = src.feeds.get(name);
        if (feed == null) {
            feed = new Feed(gate == null ? name : "gate " + gate, station);
            src.feeds.put(name, feed);
        }
        feed.lastSeen = time;
    }

    /**
     * A record arrived that will wait (for the quorum) before it is judged: its feed is counted
     * towards the quorum, and a feed not heard before takes this first time as its clock. The clock
     * of a feed heard before does not move until the record is judged ({@link #hear} then): a
     * source read far ahead in one go (a Kafka partition fetched in a large batch) must not judge
     * its own first records against the last ones.
     */
    public void heardWaiting(String source, int station, String gate, long time) {
        Source src = source(source);
        String name = gate == null ? signallingFeeds[station] : gate;
        if (!src.feeds.containsKey(name)) {
            hear(source, station, gate, time);
        }
    }

    /** Whether the source's consensus is known. */
    public boolean established(String source) {
        return source(source).consensus != UNKNOWN;
    }

    /** Whether enough of the source's feeds have been heard to establish its consensus. */
    public boolean quorum(String source) {
        return source(source).feeds.size() >= rules.quorumFeeds();
    }

    /** The names of the sources heard, in the order they were first heard. */
    public Iterable<String> sources() {
        return sources.keySet();
    }

    /** How many sources have been heard. */
    public int sourceCount() {
        return sources.size();
    }

    /**
     * Sets the source's first consensus: the quantile of its feeds' clocks, each feed one vote
     * (with fewer than the quorum, whatever has been heard).
     */
    public void establish(String source) {
        Source src = source(source);
        if (src.consensus != UNKNOWN || src.feeds.isEmpty()) {
            return;
        }
        long[] clocks = new long[src.feeds.size()];
        int n = 0;
        for (Feed feed : src.feeds.values()) {
            clocks[n++] = feed.lastSeen;
        }
        src.consensus = quantile(clocks, n);
    }

    /**
     * Judges a record's time (its feed heard already, see {@link #hear}). After {@link
     * Verdict#AHEAD} or {@link Verdict#BEHIND}, {@link #offset()} and {@link #culprit()} say by how
     * much and whose clock.
     *
     * @param watermark the watermark emitted so far: a time at or behind it is late
     */
    public Verdict judge(String source, int station, String gate, long time, long watermark) {
        Source src = source(source);
        Feed feed = src.feeds.get(gate == null ? signallingFeeds[station] : gate);
        if (src.consensus == UNKNOWN) {
            establish(source);
        }
        if (time > src.consensus + rules.maxLeadMillis()
                || time < src.consensus - rules.maxBehindMillis()
                || ++src.sinceRecompute >= RECOMPUTE_EVERY) {
            recompute(src);
        }
        offset = time - src.consensus;
        judged = feed;
        clockChange = 0;
        // A source that was silent (a train feed back after minutes) has an old consensus: ahead
        // of it is not ahead of the stream, which the watermark says.
        long stream =
                watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE
                        ? src.consensus
                        : Math.max(src.consensus, watermark + rules.outOfOrdernessMillis() + 1);
        if (time - stream > rules.maxAheadMillis()) {
            offset = time - stream;
            feed.ahead = true;
            feed.behindStreak = 0;
            culprit = culprit(src, feed, true);
            reportOff(feed);
            return Verdict.AHEAD;
        }
        feed.ahead = false;
        if (offset < -rules.maxBehindMillis()) {
            // A resend of the record just found behind confirms nothing.
            if (time != feed.lastBehind) {
                feed.behindStreak++;
            }
            feed.lastBehind = time;
            if (feed.behindStreak >= rules.skewConfirmations()) {
                culprit = culprit(src, feed, false);
                reportOff(feed);
                return Verdict.BEHIND;
            }
        } else {
            feed.behindStreak = 0;
            if (feed.reportedOff) {
                feed.reportedOff = false;
                clockChange = -1;
            }
        }
        if (time <= watermark) {
            return Verdict.LATE;
        }
        accept(src, station, time);
        return Verdict.ACCEPT;
    }

    /**
     * An accepted record moves its station's front, and the source's event time up to the front
     * quantile of the stations: a few stations ahead (a gate drifting, still within {@code
     * maxAhead}) cannot lift event time over the others, so they make no healthy record late.
     */
    private void accept(Source src, int station, long time) {
        if (src.front == null) {
            src.front = new long[stationIds.length];
            Arrays.fill(src.front, UNKNOWN);
            src.sortedFront = new long[stationIds.length];
        }
        long old = src.front[station];
        if (time > old) {
            src.front[station] = time;
            src.moveFront(old, time);
            long front =
                    src.frontQuantile(
                            rules.frontQuantile(), src.consensus - rules.staleFeedMillis());
            src.frontClock = Math.max(src.frontClock, front);
        }
        long believed =
                Math.min(Math.min(time, src.frontClock), src.consensus + rules.maxLeadMillis());
        if (believed > src.newest) {
            src.newest = believed;
        }
    }

    private void reportOff(Feed feed) {
        if (!feed.reportedOff) {
            feed.reportedOff = true;
            clockChange = 1;
        }
    }

    /**
     * Whether the last judgement changed what is known of its feed's clock: 1 found off (first
     * record after it was right), -1 right again (first believable record after it was off), else
     * 0. For the feed-health output.
     */
    public int clockChange() {
        return clockChange;
    }

    /** The feed of the last judged record, as a person names it ({@code gate X}, ...). */
    public String judgedFeed() {
        return judged.name;
    }

    /** The station of the last judged record's feed. */
    public int judgedStation() {
        return judged.station;
    }

    /** How far the last judged record was from the consensus (positive: ahead). */
    public long offset() {
        return offset;
    }

    /** Whose clock the last record found ahead or behind came from: a gate, or a station. */
    public String culprit() {
        return culprit;
    }

    /** The source's event time: its newest accepted time, or {@link #UNKNOWN}. */
    public long newest(String source) {
        return source(source).newest;
    }

    /** The source's consensus, or {@link #UNKNOWN}. */
    public long consensus(String source) {
        return source(source).consensus;
    }

    private Source source(String name) {
        if (lastSource == null || !name.equals(lastSourceName)) {
            lastSourceName = name;
            lastSource = sources.computeIfAbsent(name, n -> new Source());
        }
        return lastSource;
    }

    private void recompute(Source src) {
        src.sinceRecompute = 0;
        int stations = stationIds.length;
        if (src.healthy == null) {
            src.healthy = new long[stations];
            src.all = new long[stations];
            src.votes = new long[stations];
        }
        long[] healthy = src.healthy;
        long[] all = src.all;
        Arrays.fill(healthy, UNKNOWN);
        Arrays.fill(all, UNKNOWN);
        for (Feed feed : src.feeds.values()) {
            if (!feed.ahead) {
                healthy[feed.station] = Math.max(healthy[feed.station], feed.lastSeen);
            }
            all[feed.station] = Math.max(all[feed.station], feed.lastSeen);
        }
        long[] votes = src.votes;
        int n = 0;
        for (int s = 0; s < stations; s++) {
            long clock = healthy[s] != UNKNOWN ? healthy[s] : all[s];
            if (clock != UNKNOWN
                    && (src.consensus == UNKNOWN
                            || clock >= src.consensus - rules.staleFeedMillis())) {
                votes[n++] = clock;
            }
        }
        if (n == 0) {
            // Every station silent for long: the night. Whoever speaks now decides.
            for (int s = 0; s < stations; s++) {
                long clock = healthy[s] != UNKNOWN ? healthy[s] : all[s];
                if (clock != UNKNOWN) {
                    votes[n++] = clock;
                }
            }
        }
        if (n > 0) {
            src.consensus = quantile(votes, n);
        }
    }

    private long quantile(long[] values, int n) {
        Arrays.sort(values, 0, n);
        return values[(int) Math.floor(rules.healthyQuantile() * (n - 1))];
    }

    /** The station when all its feeds (two or more) are off the same way, else the feed. */
    private String culprit(Source src, Feed feed, boolean ahead) {
        int feeds = 0;
        for (Feed other : src.feeds.values()) {
            if (other.station != feed.station) {
                continue;
            }
            boolean off = ahead ? other.ahead : other.behindStreak >= rules.skewConfirmations();
            if (!off) {
                return feed.name;
            }
            feeds++;
        }
        return feeds >= 2 ? "station " + stationIds[feed.station] : feed.name;
    }

    /** Writes the clocks of all sources. */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(sources.size());
        for (Map.Entry<String, Source> entry : sources.entrySet()) {
            Source src = entry.getValue();
            out.writeUTF(entry.getKey());
            out.writeLong(src.consensus);
            out.writeLong(src.newest);
            out.writeInt(src.sinceRecompute);
            out.writeLong(src.frontClock);
            out.writeInt(src.front == null ? 0 : src.front.length);
            if (src.front != null) {
                for (long clock : src.front) {
                    out.writeLong(clock);
                }
            }
            out.writeInt(src.feeds.size());
            for (Map.Entry<String, Feed> f : src.feeds.entrySet()) {
                Feed feed = f.getValue();
                out.writeUTF(f.getKey());
                out.writeUTF(feed.name);
                out.writeInt(feed.station);
                out.writeLong(feed.lastSeen);
                out.writeBoolean(feed.ahead);
                out.writeInt(feed.behindStreak);
                out.writeLong(feed.lastBehind);
                out.writeBoolean(feed.reportedOff);
            }
        }
    }

    /**
     * Reads clocks written by {@link #write} into these; a source read twice (from two subtasks'
     * states) keeps the more advanced one.
     */
    public void read(DataInputStream in) throws IOException {
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            Source src = new Source();
            src.consensus = in.readLong();
            src.newest = in.readLong();
            src.sinceRecompute = in.readInt();
            src.frontClock = in.readLong();
            int stations = in.readInt();
            if (stations > 0) {
                src.front = new long[stations];
                src.sortedFront = new long[stations];
                for (int s = 0; s < stations; s++) {
                    src.front[s] = in.readLong();
                    if (src.front[s] != UNKNOWN) {
                        src.moveFront(UNKNOWN, src.front[s]);
                    }
                }
            }
            int feeds = in.readInt();
            for (int j = 0; j < feeds; j++) {
                String key = in.readUTF();
                Feed feed = new Feed(in.readUTF(), in.readInt());
                feed.lastSeen = in.readLong();
                feed.ahead = in.readBoolean();
                feed.behindStreak = in.readInt();
                feed.lastBehind = in.readLong();
                feed.reportedOff = in.readBoolean();
                src.feeds.put(key, feed);
            }
            Source known = sources.get(name);
            if (known == null || known.newest < src.newest) {
                sources.put(name, src);
            }
        }
        lastSource = null;
        lastSourceName = null;
    }

    /** One source's feeds and clocks. */
    private static final class Source {
        final Map<String, Feed> feeds = new HashMap<>();
        long consensus = UNKNOWN;
        long newest = UNKNOWN;
        int sinceRecompute;

        /** Each station's newest accepted time. */
        long[] front;

        /** The known ones of {@link #front}, ascending: kept sorted as they move. */
        long[] sortedFront;

        int sortedSize;
        long frontClock = UNKNOWN;

        /** One station's newest accepted time moved from {@code from} to the later {@code to}. */
        void moveFront(long from, long to) {
            int at;
            if (from == UNKNOWN) {
                at = sortedSize++;
            } else {
                at = Arrays.binarySearch(sortedFront, 0, sortedSize, from);
            }
            // Slide the later clocks down over the old place, then put the new one in its place.
            while (at + 1 < sortedSize && sortedFront[at + 1] < to) {
                sortedFront[at] = sortedFront[at + 1];
                at++;
            }
            while (at > 0 && sortedFront[at - 1] > to) {
                sortedFront[at] = sortedFront[at - 1];
                at--;
            }
            sortedFront[at] = to;
        }

        /**
         * The quantile of the stations' newest accepted times, stations older than stale left out.
         */
        long frontQuantile(double quantile, long stale) {
            int first = 0;
            while (first < sortedSize && sortedFront[first] < stale) {
                first++;
            }
            if (first == sortedSize) {
                first = 0; // every station silent for long: the night; whoever speaks decides
            }
            int n = sortedSize - first;
            return sortedFront[first + (int) Math.floor(quantile * (n - 1))];
        }

        long[] healthy;
        long[] all;
        long[] votes;
    }

    /** One feed: a gate, or a station's signalling. */
    private static final class Feed {
        final String name;
        final int station;
        long lastSeen = UNKNOWN;
        long lastBehind = UNKNOWN;
        boolean ahead;
        int behindStreak;
        boolean reportedOff;

        Feed(String name, int station) {
            this.name = name;
            this.station = station;
        }
    }
}
