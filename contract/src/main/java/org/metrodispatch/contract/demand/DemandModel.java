package org.metrodispatch.contract.demand;

import org.metrodispatch.contract.config.ConfigNode;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where and when passengers enter, and where they go: the demand side of a scenario, shared by the
 * simulator (which samples it) and the job (which derives direction and alighting shares from it).
 *
 * <p>Each station has a role (residential, office, hub...). A role's <em>entry profile</em> shapes
 * the station's daily entries over the day; its <em>attraction profile</em> says how strongly
 * stations of that role draw trips at each time of day. A trip from {@code o} goes to {@code d}
 * with weight {@code size(d) * attraction(role(d), t) * rideFactor(minutes(o, d))}, over the
 * destinations one service reaches without a change of train. The ride factor rises to 1 at the
 * preferred ride time and falls after it, so few people ride one stop and fewer ride the whole
 * line.
 */
public final class DemandModel {

    private final Network network;
    private final double[] dailyEntries;
    private final double[] size;
    private final String[] roles;
    private final TimeProfile[] entryProfiles;
    private final TimeProfile[] attractionProfiles;
    private final double[] entryNormalizers;
    private final double preferredRideMinutes;
    private final double rideShape;
    private final double[][] rideFactor;
    private final boolean[][] reachable;
    private final List<List<Surge>> surges;

    /** Per origin and destination, the day's factor on the destination's weight; null: none. */
    private final double[][] destinationFactors;

    /**
     * A crowd on top of a station's usual entries, such as the end of a concert at a stadium:
     * {@code extraEntries} passengers entering over a profile that starts and ends at zero.
     */
    record Surge(double extraEntries, TimeProfile profile, double normalizer) {

        double rate(double secondOfDay) {
            return extraEntries * profile.at(secondOfDay) * normalizer;
        }
    }

    DemandModel(
            Network network,
            double[] dailyEntries,
            double[] size,
            String[] roles,
            TimeProfile[] entryProfiles,
            TimeProfile[] attractionProfiles,
            double preferredRideMinutes,
            double rideShape,
            List<List<Surge>> surges) {
        this(
                network,
                dailyEntries,
                size,
                roles,
                entryProfiles,
                attractionProfiles,
                preferredRideMinutes,
                rideShape,
                surges,
                null);
    }

    private DemandModel(
            Network network,
            double[] dailyEntries,
            double[] size,
            String[] roles,
            TimeProfile[] entryProfiles,
            TimeProfile[] attractionProfiles,
            double preferredRideMinutes,
            double rideShape,
            List<List<Surge>> surges,
            double[][] destinationFactors) {
        this.network = network;
        this.surges = surges;
        this.destinationFactors = destinationFactors;
        this.dailyEntries = dailyEntries;
        this.size = size;
        this.roles = roles;
        this.entryProfiles = entryProfiles;
        this.attractionProfiles = attractionProfiles;
        this.preferredRideMinutes = preferredRideMinutes;
        this.rideShape = rideShape;
        int n = network.stationCount();
        int start = network.timetable().serviceStartSecond();
        int end = network.timetable().serviceEndSecond();
        this.entryNormalizers = new double[n];
        for (int s = 0; s < n; s++) {
            double integral = entryProfiles[s].integral(start, end);
            entryNormalizers[s] = integral > 0 ? 1.0 / integral : 0;
        }
        this.reachable = new boolean[n][n];
        this.rideFactor = new double[n][n];
        for (int o = 0; o < n; o++) {
            for (int d = 0; d < n; d++) {
                if (o != d && servedByOneService(o, d)) {
                    reachable[o][d] = true;
                    double minutes = network.serviceTravelSeconds(o, d) / 60.0;
                    double x = minutes / preferredRideMinutes;
                    rideFactor[o][d] = Math.pow(x, rideShape) * Math.exp(rideShape * (1 - x));
                }
            }
        }
    }

    /** Reads the {@code demand} and {@code stations} sections of a scenario. */
    static DemandModel read(ConfigNode demand, ConfigNode stationsNode, Network network) {
        demand.allowOnly(Set.of("roles", "ride", "surges"));
        Map<String, TimeProfile> entry = new HashMap<>();
        Map<String, TimeProfile> attraction = new HashMap<>();
        for (Map.Entry<String, ConfigNode> role : demand.child("roles").entries().entrySet()) {
            ConfigNode node = role.getValue().allowOnly(Set.of("entries", "attraction"));
            entry.put(role.getKey(), TimeProfile.read(node.value("entries")));
            attraction.put(role.getKey(), TimeProfile.read(node.value("attraction")));
        }
        ConfigNode ride = demand.child("ride").allowOnly(Set.of("preferredMinutes", "shape"));
        double preferred = ride.number("preferredMinutes", 1, 300);
        double shape = ride.number("shape", 0, 20);

        int n = network.stationCount();
        double[] daily = new double[n];
        double[] size = new double[n];
        String[] stationRoles = new String[n];
        TimeProfile[] entryProfiles = new TimeProfile[n];
        TimeProfile[] attractionProfiles = new TimeProfile[n];
        Map<String, ConfigNode> stations = stationsNode.entries();
        for (Map.Entry<String, ConfigNode> station : stations.entrySet()) {
            if (network.indexOf(station.getKey()) < 0) {
                throw stationsNode.error(
                        station.getKey(), "unknown station (not in network " + network.id() + ")");
            }
        }
        List<String> missing = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            String id = network.station(s).id();
            ConfigNode node = stations.get(id);
            if (node == null) {
                missing.add(id);
                continue;
            }
            node.allowOnly(Set.of("dailyEntries", "role", "attractionWeight"));
            daily[s] = node.number("dailyEntries", 0, 10_000_000);
            size[s] = node.number("attractionWeight", 0, 10_000_000, daily[s]);
            String role = node.string("role");
            if (!entry.containsKey(role)) {
                throw node.error(
                        "role",
                        "unknown role '" + role + "'; demand.roles defines " + entry.keySet());
            }
            stationRoles[s] = role;
            entryProfiles[s] = entry.get(role);
            attractionProfiles[s] = attraction.get(role);
        }
        if (!missing.isEmpty()) {
            throw stationsNode.error("no demand given for " + String.join(", ", missing));
        }
        return new DemandModel(
                network,
                daily,
                size,
                stationRoles,
                entryProfiles,
                attractionProfiles,
                preferred,
                shape,
                readSurges(demand, network));
    }

    private static List<List<Surge>> readSurges(ConfigNode demand, Network network) {
        List<List<Surge>> surges = new ArrayList<>();
        for (int s = 0; s < network.stationCount(); s++) {
            surges.add(new ArrayList<>());
        }
        for (ConfigNode node : demand.optionalList("surges")) {
            node.allowOnly(Set.of("station", "extraEntries", "profile", "description"));
            node.string("description", null);
            String stationId = node.string("station");
            int station = network.indexOf(stationId);
            if (station < 0) {
                throw node.error(
                        "station",
                        "unknown station '" + stationId + "' (not in " + network.id() + ")");
            }
            double extra = node.number("extraEntries", 0, 10_000_000);
            TimeProfile profile = TimeProfile.read(node.value("profile"));
            if (profile.at(0) != 0 || profile.at(86_400) != 0) {
                throw node.error(
                        "profile", "must start and end at 0: a surge is over at some time");
            }
            double integral = profile.integral(profile.firstSecond(), profile.lastSecond());
            if (integral <= 0) {
                throw node.error("profile", "must rise above 0 somewhere");
            }
            surges.get(station).add(new Surge(extra, profile, 1.0 / integral));
        }
        return surges;
    }

    /**
     * This demand on one particular day: each station's regular daily entries multiplied by {@code
     * entryFactors[station]} (surges stay as they are), and the weight of each destination {@code
     * d} for trips from {@code o} multiplied by {@code destinationFactors[o][d]}. Factors must be 0
     * or more. The simulator uses it for a scenario's {@code variation}; this model is unchanged.
     *
     * @param entryFactors one factor per station
     * @param destinationFactors per origin, one factor per destination; null for none
     */
    public DemandModel varied(double[] entryFactors, double[][] destinationFactors) {
        int n = network.stationCount();
        if (entryFactors.length != n
                || (destinationFactors != null && destinationFactors.length != n)) {
            throw new IllegalArgumentException("one factor per station of " + network.id());
        }
        double[] daily = new double[n];
        double[][] drift = destinationFactors == null ? null : new double[n][];
        for (int s = 0; s < n; s++) {
            requireFactor(entryFactors[s]);
            daily[s] = dailyEntries[s] * entryFactors[s];
            if (drift != null) {
                if (destinationFactors[s].length != n) {
                    throw new IllegalArgumentException(
                            "one destination factor per station of " + network.id());
                }
                drift[s] = destinationFactors[s].clone();
                for (double factor : drift[s]) {
                    requireFactor(factor);
                }
                if (this.destinationFactors != null) {
                    for (int d = 0; d < n; d++) {
                        drift[s][d] *= this.destinationFactors[s][d];
                    }
                }
            }
        }
        if (drift == null && this.destinationFactors != null) {
            drift = this.destinationFactors;
        }
        return new DemandModel(
                network,
                daily,
                size,
                roles,
                entryProfiles,
                attractionProfiles,
                preferredRideMinutes,
                rideShape,
                surges,
                drift);
    }

    private static void requireFactor(double factor) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("a factor must be 0 or more, got " + factor);
        }
    }

    public Network network() {
        return network;
    }

    public double dailyEntries(int station) {
        return dailyEntries[station];
    }

    public String role(int station) {
        return roles[station];
    }

    /** Expected entries per second at a station at a second of the day. */
    public double entryRate(int station, double secondOfDay) {
        if (secondOfDay < network.timetable().serviceStartSecond()
                || secondOfDay >= network.timetable().serviceEndSecond()) {
            return 0;
        }
        double rate =
                dailyEntries[station]
                        * entryProfiles[station].at(secondOfDay)
                        * entryNormalizers[station];
        for (Surge surge : surges.get(station)) {
            rate += surge.rate(secondOfDay);
        }
        return rate;
    }

    /** True when one service takes a passenger from {@code origin} to {@code destination}. */
    public boolean reachable(int origin, int destination) {
        return reachable[origin][destination];
    }

    /**
     * Fills {@code weights} with the relative chance of each destination for a trip starting at a
     * station at a second of the day, and returns their sum.
     */
    public double destinationWeights(int origin, double secondOfDay, double[] weights) {
        double total = 0;
        for (int d = 0; d < weights.length; d++) {
            double w = 0;
            if (reachable[origin][d]) {
                w = size[d] * attractionProfiles[d].at(secondOfDay) * rideFactor[origin][d];
                if (destinationFactors != null) {
                    w *= destinationFactors[origin][d];
                }
            }
            weights[d] = w;
            total += w;
        }
        return total;
    }

    /** Share of the trips starting at a station at a time that travel in a direction. */
    public double directionShare(int origin, Direction direction, double secondOfDay) {
        double[] weights = new double[network.stationCount()];
        double total = destinationWeights(origin, secondOfDay, weights);
        if (total <= 0) {
            return 0.5;
        }
        double share = 0;
        for (int d = 0; d < weights.length; d++) {
            if (network.direction(origin, d) == direction) {
                share += weights[d];
            }
        }
        return share / total;
    }

    /**
     * Expected share of the passengers arriving at a station on a train in a direction who get off
     * there, from the flows of all trips that pass the station at that time of day.
     */
    public double alightingShare(int station, Direction direction, double secondOfDay) {
        int n = network.stationCount();
        double[] weights = new double[n];
        double through = 0;
        double alighting = 0;
        for (int o = 0; o < n; o++) {
            if (o == station || network.direction(o, station) != direction) {
                continue;
            }
            double total = destinationWeights(o, secondOfDay, weights);
            if (total <= 0) {
                continue;
            }
            double rate = entryRate(o, secondOfDay) / total;
            for (int d = 0; d < n; d++) {
                if (weights[d] == 0) {
                    continue;
                }
                boolean passes = d == station || network.direction(station, d) == direction;
                if (passes) {
                    through += rate * weights[d];
                    if (d == station) {
                        alighting += rate * weights[d];
                    }
                }
            }
        }
        return through > 0 ? alighting / through : 0;
    }

    private boolean servedByOneService(int origin, int destination) {
        if (network.direction(origin, destination) == null) {
            return false;
        }
        for (Service service : network.services()) {
            if (service.calls(origin) && service.calls(destination)) {
                return true;
            }
        }
        return false;
    }
}
