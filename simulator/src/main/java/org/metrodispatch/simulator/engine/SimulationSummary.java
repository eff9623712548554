package org.metrodispatch.simulator.engine;

import java.util.List;

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
    /**
     * The lines of a city together: counts added, the wall time the longest, the day's demand
     * factor the first line's (each line draws its own).
     */
    public static SimulationSummary sum(List<SimulationSummary> lines) {
        SimulationSummary all = new SimulationSummary();
        all.dayDemandFactor = lines.get(0).dayDemandFactor;
        for (SimulationSummary line : lines) {
            all.gateTaps += line.gateTaps;
            all.heartbeats += line.heartbeats;
            all.signallingHeartbeats += line.signallingHeartbeats;
            all.trainEvents += line.trainEvents;
            all.truthLines += line.truthLines;
            all.duplicates += line.duplicates;
            all.veryLate += line.veryLate;
            all.malformed += line.malformed;
            all.lostTaps += line.lostTaps;
            all.silencedRecords += line.silencedRecords;
            all.skewedRecords += line.skewedRecords;
            all.lostTrainReports += line.lostTrainReports;
            all.gateRecordsDelivered += line.gateRecordsDelivered;
            all.trainRecordsDelivered += line.trainRecordsDelivered;
            all.entries += line.entries;
            all.leftBehind += line.leftBehind;
            all.trainsUsed += line.trainsUsed;
            all.wallSeconds = Math.max(all.wallSeconds, line.wallSeconds);
        }
        return all;
    }

    public long eventRecords() {
        return gateRecordsDelivered + trainRecordsDelivered;
    }

    public double eventsPerSecond() {
        return wallSeconds > 0 ? eventRecords() / wallSeconds : 0;
    }
}
