package org.metrodispatch.job;

import org.metrodispatch.contract.time.LastIsoTime;

/**
 * A record as it comes from Kafka or a replayed file, not yet parsed: the job parses inside the
 * pipeline, so that a bad record becomes a dead letter instead of failing the source. A Flink POJO.
 */
public class RawRecord {

    public byte[] payload;

    /** Where it came from: {@code topic/partition} or a file name. */
    public String source;

    /** Its position there: the Kafka offset, or the line number. */
    public long sourceOrder;

    /** Wall-clock time it entered the stream (Kafka timestamp, or read time), for latency. */
    public long ingestMillis;

    /**
     * The event time found in the payload without parsing it ({@link EventTimeSniffer}), for
     * watermarks; {@link EventTimeSniffer#UNKNOWN} when none was found.
     */
    public long sniffedEventTime = EventTimeSniffer.UNKNOWN;

    /**
     * Where in the payload the sniffed time's value starts (its opening quote), or -1 when no time
     * was found: the parser takes the time from here instead of parsing that value again; {@link
     * #NOT_SNIFFED} when the source did not look.
     */
    public int sniffedTimeAt = -1;

    /**
     * The {@link #sniffedTimeAt} of a record the source did not sniff, because nothing before the
     * parser needs its time (Kafka without pacing): the parser reads the time once, itself.
     */
    public static final int NOT_SNIFFED = -2;

    /** The {@link #sourceOrder} of an announcement. */
    public static final long ANNOUNCEMENT = -1;

    public RawRecord() {}

    /**
     * Not a record: the source says it reads {@code source} from now on (see {@code
     * AnnouncingSource}), so event time waits for it.
     */
    public static RawRecord announcing(String source) {
        RawRecord announcement = new RawRecord();
        announcement.source = source;
        announcement.sourceOrder = ANNOUNCEMENT;
        return announcement;
    }

    /** Whether this is an {@link #announcing announcement}, not a record. */
    public boolean announcement() {
        return payload == null && sourceOrder == ANNOUNCEMENT;
    }

    public RawRecord(byte[] payload, String source, long sourceOrder, long ingestMillis) {
        this(payload, source, sourceOrder, ingestMillis, null);
    }

    /** A record whose time the source does not sniff ({@link #NOT_SNIFFED}). */
    public static RawRecord unsniffed(
            byte[] payload, String source, long sourceOrder, long ingestMillis) {
        RawRecord record = new RawRecord();
        record.payload = payload;
        record.source = source;
        record.sourceOrder = sourceOrder;
        record.ingestMillis = ingestMillis;
        record.sniffedTimeAt = NOT_SNIFFED;
        return record;
    }

    /** Whether the source sniffed this record's time (found or not). */
    public boolean sniffed() {
        return sniffedTimeAt != NOT_SNIFFED;
    }

    /**
     * A record whose time is sniffed with {@code lastTime}, the reader's own (see {@link
     * LastIsoTime}), or without one when null.
     */
    public RawRecord(
            byte[] payload,
            String source,
            long sourceOrder,
            long ingestMillis,
            LastIsoTime lastTime) {
        this.payload = payload;
        this.source = source;
        this.sourceOrder = sourceOrder;
        this.ingestMillis = ingestMillis;
        int at = EventTimeSniffer.valueAt(payload);
        this.sniffedEventTime = EventTimeSniffer.timeAt(payload, at, lastTime);
        this.sniffedTimeAt = sniffedEventTime == EventTimeSniffer.UNKNOWN ? -1 : at;
    }
}
