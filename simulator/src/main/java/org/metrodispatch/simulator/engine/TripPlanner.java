package org.metrodispatch.simulator.engine;

import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Service;
import org.metrodispatch.contract.network.Timetable;
import org.metrodispatch.contract.time.DayClock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a network's timetable into the day's trips.
 *
 * <p>The headway applies on the section all services share. Trips are placed where trains enter
 * that section in their direction of travel (the first station every service calls at): one trip
 * per headway there, handed to the services by smooth weighted round robin on their shares, and
 * each trip's departure from its origin is worked back from its time there. So trains of different
 * services interleave evenly where they share track. Services without a common station run
 * independently, each at the line headway.
 */
public final class TripPlanner {

    private final Network network;
    private final DayClock clock;

    /**
     * @param clock the simulated day, whose local times of day the timetable is written in
     */
    public TripPlanner(Network network, DayClock clock) {
        this.network = network;
        this.clock = clock;
    }

    /** All trips of the day in both directions, ordered by the time they start. */
    public List<TripPlan> plan() {
        List<TripPlan> trips = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            int reference = sharedSectionEntry(direction);
            if (reference >= 0) {
                planShared(direction, reference, allServices(), trips);
            } else {
                for (int i = 0; i < network.services().size(); i++) {
                    planShared(
                            direction,
                            network.services().get(i).origin(direction),
                            new int[] {i},
                            trips);
                }
            }
        }
        trips.sort(
                Comparator.comparingLong(TripPlan::start)
                        .thenComparing(t -> t.direction)
                        .thenComparingInt(t -> t.serviceIndex));
        return trips;
    }

    /** Builds the stop times of a trip of a service leaving its origin at {@code departure}. */
    public TripPlan trip(int serviceIndex, Direction direction, long departure) {
        Service service = network.services().get(serviceIndex);
        int[] path = service.path(direction);
        long[] arrivals = new long[path.length];
        long[] departures = new long[path.length];
        departures[0] = departure;
        arrivals[0] = departure - network.station(path[0]).dwellSeconds();
        for (int i = 1; i < path.length; i++) {
            arrivals[i] = departures[i - 1] + network.runSeconds(path[i - 1], path[i]);
            departures[i] =
                    i == path.length - 1
                            ? arrivals[i]
                            : arrivals[i] + network.station(path[i]).dwellSeconds();
        }
        return new TripPlan(
                serviceIndex, service.id(), direction, path, arrivals, departures, null);
    }

    /**
     * The trip of an inserted train of a service that starts carrying passengers at {@code from},
     * arriving there at {@code arrival} (epoch seconds), and runs in service to the end of the
     * line.
     */
    public TripPlan insertedTrip(
            int serviceIndex, Direction direction, int from, long arrival, String trainId) {
        Service service = network.services().get(serviceIndex);
        int[] whole = service.path(direction);
        int start = 0;
        while (start < whole.length && whole[start] != from) {
            start++;
        }
        if (start >= whole.length - 1) {
            throw new IllegalArgumentException(
                    "service "
                            + service.id()
                            + " does not leave "
                            + network.station(from)
                            + " "
                            + direction);
        }
        int[] path = Arrays.copyOfRange(whole, start, whole.length);
        long[] arrivals = new long[path.length];
        long[] departures = new long[path.length];
        arrivals[0] = arrival;
        departures[0] = arrival + network.station(path[0]).dwellSeconds();
        for (int i = 1; i < path.length; i++) {
            arrivals[i] = departures[i - 1] + network.runSeconds(path[i - 1], path[i]);
            departures[i] =
                    i == path.length - 1
                            ? arrivals[i]
                            : arrivals[i] + network.station(path[i]).dwellSeconds();
        }
        return new TripPlan(
                serviceIndex, service.id(), direction, path, arrivals, departures, trainId);
    }

    private void planShared(
            Direction direction, int reference, int[] services, List<TripPlan> out) {
        Timetable timetable = network.timetable();
        double[] shares = new double[services.length];
        double totalShare = 0;
        long[] lead = new long[services.length];
        for (int i = 0; i < services.length; i++) {
            Service service = network.services().get(services[i]);
            shares[i] = service.share();
            totalShare += shares[i];
            int origin = service.origin(direction);
            lead[i] =
                    origin == reference
                            ? 0
                            : network.serviceTravelSeconds(origin, reference)
                                    + network.station(reference).dwellSeconds();
        }
        double[] credit = new double[services.length];
        long start = clock.epochSecond(timetable.serviceStartSecond());
        long end = clock.epochSecond(timetable.serviceEndSecond());
        long maxLead = 0;
        for (long l : lead) {
            maxLead = Math.max(maxLead, l);
        }
        for (long slot = start; slot - maxLead <= end; ) {
            int pick = 0;
            for (int i = 0; i < services.length; i++) {
                credit[i] += shares[i];
                if (credit[i] > credit[pick]) {
                    pick = i;
                }
            }
            credit[pick] -= totalShare;
            long departure = slot - lead[pick];
            if (departure >= start && departure <= end) {
                out.add(trip(services[pick], direction, departure));
            }
            slot += timetable.headwayAt(clock.secondOfDay(slot));
        }
    }

    private int[] allServices() {
        int[] all = new int[network.services().size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    /**
     * The first station, in the direction of travel, that every service calls at: where trains
     * enter the shared section and the timetable's headway applies. -1 when there is none.
     */
    private int sharedSectionEntry(Direction direction) {
        int entry = -1;
        for (int s = 0; s < network.stationCount(); s++) {
            boolean common = true;
            for (Service service : network.services()) {
                common &= service.calls(s);
            }
            if (!common) {
                continue;
            }
            boolean earlier =
                    entry < 0
                            || (direction == Direction.FORWARD
                                    ? network.isAncestor(s, entry)
                                    : network.isAncestor(entry, s));
            if (earlier) {
                entry = s;
            }
        }
        return entry;
    }
}
