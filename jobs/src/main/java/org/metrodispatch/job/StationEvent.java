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

    /** The station's index in the network: a cheap key. */
    public int station;

    public long eventTime;

    /** Train events only. */
    public String trainId;

    /** Train events only: the direction's index (0 forward, 1 reverse). */
    public int direction;

    public int load;

    public int capacity;

    /** Wall-clock time the record entered the stream, for latency measurements. */
    public long ingestMillis;

    public StationEvent() {}

    @Override
    public String toString() {
        return type + " #" + eventKey + " at station " + station + ", " + eventTime;
    }
}
