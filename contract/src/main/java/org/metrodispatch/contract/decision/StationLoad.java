package org.metrodispatch.contract.decision;

/**
 * Gate entries and exits at one station in one sliding event-time window, with the job's platform
 * estimates at the window's end. A Flink POJO.
 */
public class StationLoad {

    public String stationId;

    /** Window start, epoch milliseconds (inclusive). */
    public long windowStart;

    /** Window end, epoch milliseconds (exclusive). */
    public long windowEnd;

    public int entries;

    public int exits;

    /** Gate heartbeats received in the window: 0 means the station's gate feed is silent. */
    public int heartbeats;

    public PlatformEstimate[] platforms = new PlatformEstimate[0];

    public StationLoad() {}

    @Override
    public String toString() {
        return "StationLoad{"
                + stationId
                + " ["
                + windowStart
                + ","
                + windowEnd
                + ") in="
                + entries
                + " out="
                + exits
                + '}';
    }
}
