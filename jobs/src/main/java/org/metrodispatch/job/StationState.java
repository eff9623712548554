package org.metrodispatch.job;

import org.metrodispatch.dispatch.PlatformState;
import org.metrodispatch.dispatch.WindowState;

/** Everything the job keeps about one station between events. A Flink POJO. */
public class StationState {

    /** The last second of event time fully processed, or MIN_VALUE before the first. */
    public long processedUntil = Long.MIN_VALUE;

    /** The last second with events processed: how long the station has been silent. */
    public long lastEventSecond = Long.MIN_VALUE;

    public WindowState window = new WindowState();

    /** One per direction, indexed by {@code Direction.index()}. */
    public PlatformState[] platforms = {new PlatformState(), new PlatformState()};

    /** Latest wall-clock ingestion of an event processed, for latency measurements. */
    public long lastIngestMillis;

    public StationState() {}
}
