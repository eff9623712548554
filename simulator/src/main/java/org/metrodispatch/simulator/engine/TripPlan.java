package org.metrodispatch.simulator.engine;

import org.metrodispatch.contract.network.Direction;

/**
 * One trip of a train: the stations it calls at in order, with arrival and departure times in epoch
 * seconds. The last station is the terminus, where everyone alights.
 */
public final class TripPlan {

    final int serviceIndex;
    final String serviceId;
    final Direction direction;
    final int[] stations;
    final long[] arrivals;
    final long[] departures;

    /** A train fixed in advance (an inserted empty train), or null to take one from the fleet. */
    final String trainId;

    TripPlan(
            int serviceIndex,
            String serviceId,
            Direction direction,
            int[] stations,
            long[] arrivals,
            long[] departures,
            String trainId) {
        this.serviceIndex = serviceIndex;
        this.serviceId = serviceId;
        this.direction = direction;
        this.stations = stations;
        this.arrivals = arrivals;
        this.departures = departures;
        this.trainId = trainId;
    }

    /** When the train opens its doors at the first station. */
    public long start() {
        return arrivals[0];
    }

    /** When the train arrives at its terminus. */
    public long end() {
        return arrivals[arrivals.length - 1];
    }

    public int origin() {
        return stations[0];
    }

    public int terminus() {
        return stations[stations.length - 1];
    }

    public Direction direction() {
        return direction;
    }

    public String serviceId() {
        return serviceId;
    }

    /** Arrival time at a station of the trip, or -1 when the trip does not call there. */
    public long arrivalAt(int station) {
        for (int i = 0; i < stations.length; i++) {
            if (stations[i] == station) {
                return arrivals[i];
            }
        }
        return -1;
    }

    /** The train running this trip, when fixed in advance (an inserted train), else null. */
    public String trainId() {
        return trainId;
    }

    /** Departure time at a station of the trip, or -1 when the trip does not leave from it. */
    public long departureFrom(int station) {
        for (int i = 0; i < stations.length - 1; i++) {
            if (stations[i] == station) {
                return departures[i];
            }
        }
        return -1;
    }
}
