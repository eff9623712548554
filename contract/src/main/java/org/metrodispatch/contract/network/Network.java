package org.metrodispatch.contract.network;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A metro line as a tree of stations: a trunk and branches that fork from it, the services that run
 * on it, its trains, timetable and spare trains. Read from {@code config/networks/*.yaml} by {@link
 * NetworkLoader}; immutable and shared by the simulator and the job.
 *
 * <p>The FORWARD direction runs from the first station of the trunk towards the ends of the
 * branches, so a trip is possible between two stations exactly when one is an ancestor of the other
 * in the tree.
 */
public final class Network implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String id;
    private final String name;
    private final String lineId;
    private final ZoneId timeZone;
    private final String[] directionNames;
    private final int ratedCapacity;
    private final int crushCapacity;
    private final List<Station> stations;
    private final Map<String, Integer> stationIndex;
    private final List<Service> services;
    private final List<SparePool> sparePools;
    private final Timetable timetable;
    private final int minimumHeadwaySeconds;
    private final int passThroughSeconds;
    private final boolean[][] ancestor;
    private final String gtfsRouteId;
    private final int gtfsForwardDirectionId;

    Network(
            String id,
            String name,
            String lineId,
            ZoneId timeZone,
            String forwardName,
            String reverseName,
            int ratedCapacity,
            int crushCapacity,
            List<Station> stations,
            List<Service> services,
            List<SparePool> sparePools,
            Timetable timetable,
            int minimumHeadwaySeconds,
            int passThroughSeconds,
            String gtfsRouteId,
            int gtfsForwardDirectionId) {
        this.id = id;
        this.name = name;
        this.lineId = lineId;
        this.timeZone = timeZone;
        this.directionNames = new String[] {forwardName, reverseName};
        this.ratedCapacity = ratedCapacity;
        this.crushCapacity = crushCapacity;
        this.stations = List.copyOf(stations);
        this.services = List.copyOf(services);
        this.sparePools = List.copyOf(sparePools);
        this.timetable = timetable;
        this.minimumHeadwaySeconds = minimumHeadwaySeconds;
        this.passThroughSeconds = passThroughSeconds;
        this.gtfsRouteId = gtfsRouteId;
        this.gtfsForwardDirectionId = gtfsForwardDirectionId;
        Map<String, Integer> index = new HashMap<>();
        for (Station station : stations) {
            index.put(station.id(), station.index());
        }
        this.stationIndex = Collections.unmodifiableMap(index);
        int n = stations.size();
        this.ancestor = new boolean[n][n];
        for (Station station : stations) {
            for (int p = station.parentIndex(); p >= 0; p = stations.get(p).parentIndex()) {
                ancestor[p][station.index()] = true;
            }
        }
    }

    /**
     * The same line again as another line of a city, for scale tests: every id (network, line,
     * stations, spare pools, GTFS route and stops) gets the suffix {@code -<label>}, names the
     * label in brackets; tracks, trains, timetable and facts are shared.
     */
    public Network copy(String label) {
        String suffix = "-" + label;
        List<Station> renamed = new ArrayList<>(stations.size());
        for (Station s : stations) {
            renamed.add(
                    new Station(
                            s.index(),
                            s.id() + suffix,
                            s.name() + " (" + label + ")",
                            s.nameLocal(),
                            s.platformAreaM2(),
                            s.dwellSeconds(),
                            s.gates(),
                            s.walkMinSeconds(),
                            s.walkMaxSeconds(),
                            s.parentIndex(),
                            s.runSecondsFromParent(),
                            s.gtfsStopId() + suffix));
        }
        List<SparePool> pools = new ArrayList<>(sparePools.size());
        for (SparePool p : sparePools) {
            pools.add(p.renamed(p.id() + suffix, p.name() + " (" + label + ")"));
        }
        return new Network(
                id + suffix,
                name + " (" + label + ")",
                lineId + suffix,
                timeZone,
                directionNames[0],
                directionNames[1],
                ratedCapacity,
                crushCapacity,
                renamed,
                services,
                pools,
                timetable,
                minimumHeadwaySeconds,
                passThroughSeconds,
                gtfsRouteId + suffix,
                gtfsForwardDirectionId);
    }

    /** The line's {@code route_id} in the operator's static GTFS feed; the line id by default. */
    public String gtfsRouteId() {
        return gtfsRouteId;
    }

    /**
     * The GTFS {@code direction_id} (0 or 1) of a direction of travel, as the static feed's
     * trips.txt gives it: the forward direction's is {@code gtfs.forwardDirectionId} (0 by
     * default), the reverse's the other.
     */
    public int gtfsDirectionId(Direction direction) {
        return direction == Direction.FORWARD ? gtfsForwardDirectionId : 1 - gtfsForwardDirectionId;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The line id trains report, for example {@code 1}. */
    public String lineId() {
        return lineId;
    }

    public ZoneId timeZone() {
        return timeZone;
    }

    /** The people's name of a direction, for example {@code southbound}. */
    public String directionName(Direction direction) {
        return directionNames[direction.index()];
    }

    /** The direction with a given name, or null when the network has none of that name. */
    public Direction direction(String directionName) {
        if (directionNames[0].equals(directionName)) {
            return Direction.FORWARD;
        }
        if (directionNames[1].equals(directionName)) {
            return Direction.REVERSE;
        }
        return null;
    }

    /** Rated load of a train (about 6 standing persons per square metre). */
    public int ratedCapacity() {
        return ratedCapacity;
    }

    /** Crush load: nobody boards a train carrying this many. */
    public int crushCapacity() {
        return crushCapacity;
    }

    public List<Station> stations() {
        return stations;
    }

    public int stationCount() {
        return stations.size();
    }

    public Station station(int index) {
        return stations.get(index);
    }

    /** The index of a station id, or -1 for an unknown id. */
    public int indexOf(String stationId) {
        Integer index = stationIndex.get(stationId);
        return index == null ? -1 : index;
    }

    public Station station(String stationId) {
        int index = indexOf(stationId);
        if (index < 0) {
            throw new IllegalArgumentException("unknown station " + stationId);
        }
        return stations.get(index);
    }

    public List<Service> services() {
        return services;
    }

    /**
     * The index of a service in {@link #services()}, or -1 when the network has none by that id.
     */
    public int serviceIndex(String serviceId) {
        for (int i = 0; i < services.size(); i++) {
            if (services.get(i).id().equals(serviceId)) {
                return i;
            }
        }
        return -1;
    }

    public List<SparePool> sparePools() {
        return sparePools;
    }

    public Timetable timetable() {
        return timetable;
    }

    /** The least time the signalling allows between two trains at one place, seconds. */
    public int minimumHeadwaySeconds() {
        return minimumHeadwaySeconds;
    }

    /** Time a train running empty needs to pass through a station without stopping, seconds. */
    public int passThroughSeconds() {
        return passThroughSeconds;
    }

    /**
     * True when {@code upper} lies before {@code lower} on the way FORWARD from the trunk start.
     */
    public boolean isAncestor(int upper, int lower) {
        return ancestor[upper][lower];
    }

    /** The direction of a ride from one station to another, or null when no ride connects them. */
    public Direction direction(int from, int to) {
        if (ancestor[from][to]) {
            return Direction.FORWARD;
        }
        if (ancestor[to][from]) {
            return Direction.REVERSE;
        }
        return null;
    }

    /** Stations from {@code from} to {@code to} inclusive; they must be connected by a ride. */
    public int[] path(int from, int to) {
        if (from == to) {
            return new int[] {from};
        }
        Direction direction = direction(from, to);
        if (direction == null) {
            throw new IllegalArgumentException(
                    "no ride connects " + station(from) + " and " + station(to));
        }
        int upper = direction == Direction.FORWARD ? from : to;
        int lower = direction == Direction.FORWARD ? to : from;
        List<Integer> chain = new ArrayList<>();
        for (int s = lower; s != upper; s = stations.get(s).parentIndex()) {
            chain.add(s);
        }
        chain.add(upper);
        int[] path = new int[chain.size()];
        for (int i = 0; i < path.length; i++) {
            // chain runs lower -> upper; a FORWARD path runs upper -> lower.
            path[i] =
                    direction == Direction.FORWARD ? chain.get(path.length - 1 - i) : chain.get(i);
        }
        return path;
    }

    /** Running time between two connected stations, without any stops on the way, seconds. */
    public int runSeconds(int from, int to) {
        int[] path = path(from, to);
        int seconds = 0;
        for (int i = 1; i < path.length; i++) {
            int lower = ancestor[path[i - 1]][path[i]] ? path[i] : path[i - 1];
            seconds += stations.get(lower).runSecondsFromParent();
        }
        return seconds;
    }

    /**
     * Time for a train in service from departing {@code from} to arriving at {@code to}: running
     * time plus the dwell at every station in between.
     */
    public int serviceTravelSeconds(int from, int to) {
        int[] path = path(from, to);
        int seconds = runSeconds(from, to);
        for (int i = 1; i < path.length - 1; i++) {
            seconds += stations.get(path[i]).dwellSeconds();
        }
        return seconds;
    }

    /**
     * Time for an empty train from leaving {@code from} to arriving at {@code to} without calling
     * at the stations in between.
     */
    public int emptyRunSeconds(int from, int to) {
        int[] path = path(from, to);
        return runSeconds(from, to) + Math.max(0, path.length - 2) * passThroughSeconds;
    }

    /** The services whose trains call at a station and leave it in a direction. */
    public List<Service> servicesLeaving(int station, Direction direction) {
        List<Service> leaving = new ArrayList<>();
        for (Service service : services) {
            if (service.calls(station) && service.terminus(direction) != station) {
                leaving.add(service);
            }
        }
        return leaving;
    }
}
