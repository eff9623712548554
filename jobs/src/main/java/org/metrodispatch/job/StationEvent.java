package org.metrodispatch.job;

/**
 * A valid input event, reduced to what the per-station processing needs. One flat type for taps,
 * heartbeats and train reports keeps the keyed stream cheap to serialize. A Flink POJO.
 */
public class StationEvent {

    public StationEventType type;

    /**
     * A 64-bit hash of the event id: resends carry the same id, and two different events of one
     * station in one second practically never share a hash.
     */
    public long eventKey;

    /**
     * A 64-bit hash of everything else the record says (see {@link EventContent}): a resend has the
     * same, a record that reuses the id for something else has another.
     */
    public long contentKey;

    /** The station's index in the network: a cheap key. */
    public int station;

    public long eventTime;

    /** Train events only. */
    public String trainId;

    /** Train events only: the direction's index (0 forward, 1 reverse). */
    public int direction;

    public int load;

    /**
     * Train events only: the service's index in the network plus one; 0 when the report names no
     * service the network knows (then every waiting rider may board it).
     */
    public int serviceNumber;

    /** Gate heartbeats only: the gate's cumulative count of taps (entries and exits). */
    public long tapsTotal;

    public int capacity;

    /** Wall-clock time the record entered the stream, for latency measurements. */
    public long ingestMillis;

    /** Where the record came from ({@code topic/partition} or a file name), to report it. */
    public String source;

    /** Its position there: the Kafka offset, or the line number. */
    public long sourceOrder;

    /** The gate that sent it (taps, gate heartbeats); null for the train feed. */
    public String gate;

    /**
     * The raw record it was parsed from, until its time is judged ({@link EventTimeOperator}): for
     * the dead letters and late events. Null once the event has been accepted.
     */
    public RawRecord raw;

    public StationEvent() {}

    @Override
    public String toString() {
        return type + " #" + eventKey + " at station " + station + ", " + eventTime;
    }
}
