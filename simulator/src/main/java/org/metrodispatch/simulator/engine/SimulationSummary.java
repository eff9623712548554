package org.metrodispatch.simulator.engine;

/** What a run produced: counts of records and how long it took. */
public final class SimulationSummary {

    public long gateTaps;
    public long heartbeats;
    public long signallingHeartbeats;
    public long trainEvents;
    public long truthLines;
    public long duplicates;
    public long veryLate;
    public long malformed;

    /** Taps in the window lost on purpose by a scenario's {@code feeds.lostTaps}. */
    public long lostTaps;

    /** Records in the window that silent gates or a silent train feed did not deliver. */
    public long silencedRecords;

    /** Delivered records whose event time a skewed gate clock moved. */
    public long skewedRecords;

    /** Train arrivals and departures in the window lost by {@code feeds.train.lostReports}. */
    public long lostTrainReports;

    /**
     * The day's factor on all regular entries, from the scenario's {@code variation} (day factor
     * times the weather's); 1 without variation.
     */
    public double dayDemandFactor = 1.0;

    public long gateRecordsDelivered;
    public long trainRecordsDelivered;
    public long entries;
    public long leftBehind;
    public int trainsUsed;
    public double wallSeconds;

    /** Records of the two event streams, as delivered (with resends and malformed records). */
    public long eventRecords() {
        return gateRecordsDelivered + trainRecordsDelivered;
    }

    public double eventsPerSecond() {
        return wallSeconds > 0 ? eventRecords() / wallSeconds : 0;
    }
}
