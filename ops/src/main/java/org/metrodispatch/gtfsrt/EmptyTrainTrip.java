package org.metrodispatch.gtfsrt;

import org.metrodispatch.contract.decision.EmptyTrainPlan;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Station;

import java.util.ArrayList;
import java.util.List;

/**
 * The stop times of an empty train's trip, from the network's running and dwell times: it leaves
 * its depot or siding's station at {@code leaveAt}, passes the stations on its way without
 * stopping, reaches the crowded station at {@code arriveAt} and from there calls at every station
 * to its service terminus. Plain Java.
 */
public final class EmptyTrainTrip {

    /** One stop of the trip; times in epoch milliseconds, 0 when there is none. */
    public record StopTime(Station station, long arrival, long departure, boolean skipped) {}

    private EmptyTrainTrip() {}

    public static List<StopTime> stopTimes(Network network, EmptyTrainPlan plan) {
        int from = network.indexOf(plan.fromStationId);
        int crowded = network.indexOf(plan.startsServiceAt);
        int terminus = network.indexOf(plan.serviceTerminus);
        if (from < 0 || crowded < 0 || terminus < 0) {
            throw new IllegalArgumentException(
                    "the plan names a station the network does not have: "
                            + plan.fromStationId
                            + ", "
                            + plan.startsServiceAt
                            + ", "
                            + plan.serviceTerminus);
        }
        List<StopTime> stops = new ArrayList<>();
        if (from != crowded) {
            stops.add(new StopTime(network.station(from), 0, plan.leaveAt, false));
            int[] empty = network.path(from, crowded);
            for (int i = 1; i < empty.length - 1; i++) {
                stops.add(new StopTime(network.station(empty[i]), 0, 0, true));
            }
        }
        int[] service = network.path(crowded, terminus);
        long arrival = plan.arriveAt;
        for (int i = 0; i < service.length; i++) {
            Station station = network.station(service[i]);
            if (i > 0) {
                arrival += 1000L * network.runSeconds(service[i - 1], service[i]);
            }
            boolean last = i == service.length - 1;
            long departure = last ? 0 : arrival + 1000L * station.dwellSeconds();
            stops.add(new StopTime(station, arrival, departure, false));
            if (!last) {
                arrival = departure;
            }
        }
        return stops;
    }

    /** When the trip ends: its arrival at the service terminus. */
    public static long end(Network network, EmptyTrainPlan plan) {
        List<StopTime> stops = stopTimes(network, plan);
        return stops.get(stops.size() - 1).arrival();
    }
}
