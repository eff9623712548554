package org.metrodispatch.simulator.engine;

/** A trip under way: the plan, the train running it, and who is on board for where. */
final class Trip {

    final TripPlan plan;
    final String trainId;
    final int tripNumber;
    final int serviceBit;
    final int capacity;

    /** The numbers of the passengers on board, by destination station. */
    final LongList[] riders;

    int load;

    /** Index of the next stop in the plan. */
    int stop;

    /** Whether the train has arrived at {@link #stop} and waits to depart. */
    boolean atStop;

    /** Passengers who got off at the current stop. */
    int alightedHere;

    /** The fleet's number of the train, to return it at the terminus. */
    long fleetNumber;

    Trip(TripPlan plan, String trainId, int tripNumber, int capacity, int stationCount) {
        this.plan = plan;
        this.trainId = trainId;
        this.tripNumber = tripNumber;
        this.serviceBit = 1 << plan.serviceIndex;
        this.capacity = capacity;
        this.riders = new LongList[stationCount];
        for (int s = 0; s < stationCount; s++) {
            riders[s] = new LongList();
        }
    }

    /** Epoch second of the trip's next arrival or departure. */
    long nextEventSecond() {
        return atStop ? plan.departures[stop] : plan.arrivals[stop];
    }

    boolean atTerminus() {
        return stop == plan.stations.length - 1;
    }

    int station() {
        return plan.stations[stop];
    }
}
