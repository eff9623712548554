package org.metrodispatch.contract.network;

import org.metrodispatch.contract.config.ConfigNode;
import org.metrodispatch.contract.config.YamlFiles;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks a network file. The format is documented in {@code config/networks/README.md};
 * every error names the file, the key and the problem.
 */
public final class NetworkLoader {

    private static final Pattern STATION_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int MAX_STATIONS = 500;

    /** Services are tracked as bits of an int. */
    private static final int MAX_SERVICES = 31;

    private NetworkLoader() {}

    public static Network load(Path file) {
        return fromConfig(YamlFiles.load(file));
    }

    public static Network fromConfig(ConfigNode root) {
        root.allowOnly(
                Set.of(
                        "id",
                        "name",
                        "lineId",
                        "timeZone",
                        "directions",
                        "train",
                        "stationDefaults",
                        "stations",
                        "branches",
                        "services",
                        "timetable",
                        "signalling",
                        "sparePools",
                        "gtfs"));
        String id = root.string("id");
        ZoneId zone = zone(root);
        Directions directions = directions(root);
        Capacity capacity = capacity(root);
        List<Station> stations = stations(root, StationDefaults.read(root));
        String lineId = root.string("lineId", id);
        ConfigNode gtfs = root.childOrEmpty("gtfs");
        gtfs.allowOnly(Set.of("routeId", "forwardDirectionId"));
        Topology topology =
                new Topology(
                        id,
                        root.string("name", id),
                        lineId,
                        zone,
                        directions,
                        capacity,
                        stations,
                        gtfs.string("routeId", lineId),
                        gtfs.integer("forwardDirectionId", 0, 1, 0));
        // The topology alone, to check services and spare pools against it.
        Network skeleton = topology.network(List.of(), List.of(), null, 0, 0);
        List<Service> services = services(root, skeleton);
        Timetable timetable = timetable(root.child("timetable"));
        ConfigNode signalling = root.childOrEmpty("signalling");
        signalling.allowOnly(Set.of("minimumHeadwaySeconds", "passThroughSeconds"));
        int minimumHeadway = signalling.integer("minimumHeadwaySeconds", 30, 1_800, 90);
        int passThrough = signalling.integer("passThroughSeconds", 0, 600, 15);
        List<SparePool> pools = sparePools(root, skeleton);
        return topology.network(services, pools, timetable, minimumHeadway, passThrough);
    }

    /** The network's names of the two directions of travel. */
    private record Directions(String forward, String reverse) {}

    /** A train's rated and crush capacity, in passengers. */
    private record Capacity(int rated, int crush) {}

    /** The line and its stations: what services and spare pools are checked against. */
    private record Topology(
            String id,
            String name,
            String lineId,
            ZoneId zone,
            Directions directions,
            Capacity capacity,
            List<Station> stations,
            String gtfsRouteId,
            int gtfsForwardDirectionId) {

        Network network(
                List<Service> services,
                List<SparePool> pools,
                Timetable timetable,
                int minimumHeadway,
                int passThrough) {
            return new Network(
                    id,
                    name,
                    lineId,
                    zone,
                    directions.forward(),
                    directions.reverse(),
                    capacity.rated(),
                    capacity.crush(),
                    stations,
                    services,
                    pools,
                    timetable,
                    minimumHeadway,
                    passThrough,
                    gtfsRouteId,
                    gtfsForwardDirectionId);
        }
    }

    private static Directions directions(ConfigNode root) {
        ConfigNode directions = root.child("directions").allowOnly(Set.of("forward", "reverse"));
        String forward = directions.string("forward");
        String reverse = directions.string("reverse");
        if (forward.equals(reverse)) {
            throw directions.error("reverse", "must differ from forward ('" + forward + "')");
        }
        return new Directions(forward, reverse);
    }

    private static Capacity capacity(ConfigNode root) {
        ConfigNode train =
                root.child("train").allowOnly(Set.of("cars", "ratedCapacity", "crushCapacity"));
        train.integer("cars", 1, 50, 6);
        int rated = train.integer("ratedCapacity", 1, 100_000);
        int crush = train.integer("crushCapacity", 1, 100_000);
        if (crush < rated) {
            throw train.error(
                    "crushCapacity",
                    "must be at least ratedCapacity (" + rated + "), got " + crush);
        }
        return new Capacity(rated, crush);
    }

    /** The trunk's stations, then each branch's, in the order of the file. */
    private static List<Station> stations(ConfigNode root, StationDefaults defaults) {
        List<Station> stations = new ArrayList<>();
        List<ConfigNode> trunk = root.list("stations");
        if (trunk.size() < 2) {
            throw root.error("stations", "a line needs at least two stations");
        }
        readChain(trunk, -1, 0, null, defaults, stations, root);
        for (ConfigNode branch : root.optionalList("branches")) {
            readBranch(branch, defaults, stations, root);
        }
        if (stations.size() > MAX_STATIONS) {
            throw root.error("stations", "more than " + MAX_STATIONS + " stations");
        }
        return stations;
    }

    private static void readBranch(
            ConfigNode branch, StationDefaults defaults, List<Station> stations, ConfigNode root) {
        branch.allowOnly(Set.of("id", "forkStation", "runSecondsFromFork", "stations"));
        branch.string("id", null);
        String fork = branch.string("forkStation");
        int forkIndex = indexOf(stations, fork);
        if (forkIndex < 0) {
            throw branch.error(
                    "forkStation", "'" + fork + "' is not a station listed before this branch");
        }
        int run = branch.integer("runSecondsFromFork", 1, 7_200);
        List<ConfigNode> branchStations = branch.list("stations");
        if (branchStations.isEmpty()) {
            throw branch.error("stations", "a branch needs at least one station");
        }
        readChain(branchStations, forkIndex, run, branch, defaults, stations, root);
    }

    private static ZoneId zone(ConfigNode root) {
        String zone = root.string("timeZone");
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw root.error(
                    "timeZone", "unknown time zone '" + zone + "' (use e.g. Asia/Shanghai)");
        }
    }

    private static void readChain(
            List<ConfigNode> nodes,
            int parent,
            int runFromParent,
            ConfigNode branch,
            StationDefaults defaults,
            List<Station> stations,
            ConfigNode root) {
        int previous = parent;
        int run = runFromParent;
        for (int i = 0; i < nodes.size(); i++) {
            ConfigNode node = nodes.get(i);
            node.allowOnly(
                    Set.of(
                            "id",
                            "name",
                            "nameZh",
                            "nameLocal",
                            "platformAreaM2",
                            "dwellSeconds",
                            "gates",
                            "walkSeconds",
                            "runSecondsToNext",
                            "gtfsStopId"));
            String id = node.string("id");
            if (!STATION_ID.matcher(id).matches()) {
                throw node.error(
                        "id",
                        "'"
                                + id
                                + "' must be a lowercase slug of the English name, such as"
                                + " 'south-railway-station'");
            }
            if (indexOf(stations, id) >= 0) {
                throw node.error("id", "station '" + id + "' is listed twice");
            }
            boolean last = i == nodes.size() - 1;
            Integer runToNext = null;
            if (node.has("runSecondsToNext")) {
                if (last) {
                    throw node.error(
                            "runSecondsToNext",
                            "the last station of "
                                    + (branch == null ? "the trunk" : "a branch")
                                    + " has no next station");
                }
                runToNext = node.integer("runSecondsToNext", 1, 7_200);
            } else if (!last) {
                throw node.error("runSecondsToNext", "missing (run time to the next station)");
            }
            int walkMin = defaults.walkMin;
            int walkMax = defaults.walkMax;
            if (node.has("walkSeconds")) {
                ConfigNode walk = node.child("walkSeconds").allowOnly(Set.of("min", "max"));
                walkMin = walk.integer("min", 0, 1_800);
                walkMax = walk.integer("max", walkMin, 3_600);
            }
            if (node.has("nameLocal") && node.has("nameZh")) {
                throw node.error("nameLocal", "give the local name once, as nameZh or nameLocal");
            }
            String nameLocal = node.has("nameLocal") ? node.string("nameLocal") : null;
            if (node.has("nameZh")) {
                nameLocal = node.string("nameZh");
            }
            Station station =
                    new Station(
                            stations.size(),
                            id,
                            node.string("name", titleCase(id)),
                            nameLocal,
                            node.number("platformAreaM2", 1, 100_000, defaults.platformAreaM2),
                            node.integer("dwellSeconds", 5, 1_800, defaults.dwellSeconds),
                            node.integer("gates", 1, 500, defaults.gates),
                            walkMin,
                            walkMax,
                            previous,
                            previous < 0 ? 0 : run,
                            node.string("gtfsStopId", id));
            stations.add(station);
            previous = station.index();
            run = runToNext == null ? 0 : runToNext;
        }
    }

    private static List<Service> services(ConfigNode root, Network network) {
        List<Service> services = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode node : root.list("services")) {
            node.allowOnly(Set.of("id", "from", "to", "share"));
            String id = node.string("id");
            if (!ids.add(id)) {
                throw node.error("id", "service '" + id + "' is listed twice");
            }
            int from = knownStation(node, "from", network);
            int to = knownStation(node, "to", network);
            if (!network.isAncestor(from, to)) {
                throw node.error(
                        "to",
                        "'"
                                + network.station(to).id()
                                + "' must lie after '"
                                + network.station(from).id()
                                + "' in the "
                                + network.directionName(Direction.FORWARD)
                                + " direction on one branch");
            }
            double share = node.number("share", 0.001, 1_000, 1.0);
            services.add(new Service(id, share, network.path(from, to)));
        }
        if (services.isEmpty()) {
            throw root.error("services", "at least one service is needed");
        }
        if (services.size() > MAX_SERVICES) {
            throw root.error("services", "at most " + MAX_SERVICES + " services are supported");
        }
        return services;
    }

    private static Timetable timetable(ConfigNode node) {
        node.allowOnly(Set.of("serviceStart", "serviceEnd", "turnaroundSeconds", "headways"));
        int start = node.secondOfDay("serviceStart");
        int end = node.secondOfDay("serviceEnd");
        if (end <= start) {
            throw node.error("serviceEnd", "must be after serviceStart");
        }
        List<ConfigNode> periods = node.list("headways");
        if (periods.isEmpty()) {
            throw node.error("headways", "at least one period is needed");
        }
        int[] starts = new int[periods.size()];
        int[] headways = new int[periods.size()];
        for (int i = 0; i < periods.size(); i++) {
            ConfigNode period = periods.get(i).allowOnly(Set.of("from", "seconds"));
            starts[i] = period.secondOfDay("from");
            headways[i] = period.integer("seconds", 30, 7_200);
            if (i > 0 && starts[i] <= starts[i - 1]) {
                throw period.error("from", "periods must be listed in order of time");
            }
        }
        if (starts[0] > start) {
            throw periods.get(0).error("from", "the first period must begin by serviceStart");
        }
        return new Timetable(
                start, end, node.integer("turnaroundSeconds", 0, 7_200, 300), starts, headways);
    }

    private static List<SparePool> sparePools(ConfigNode root, Network network) {
        List<SparePool> pools = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode node : root.optionalList("sparePools")) {
            node.allowOnly(
                    Set.of(
                            "id",
                            "name",
                            "kind",
                            "station",
                            "spareTrains",
                            "preparationSeconds",
                            "directions"));
            String id = node.string("id");
            if (!ids.add(id)) {
                throw node.error("id", "spare pool '" + id + "' is listed twice");
            }
            String kind = node.oneOf("kind", Set.of("depot", "turnback-siding"), "depot");
            int station = knownStation(node, "station", network);
            EnumSet<Direction> directions = EnumSet.noneOf(Direction.class);
            if (node.has("directions")) {
                for (String name : node.strings("directions")) {
                    Direction direction = network.direction(name);
                    if (direction == null) {
                        throw node.error(
                                "directions",
                                "unknown direction '"
                                        + name
                                        + "'; this network's are "
                                        + network.directionName(Direction.FORWARD)
                                        + " and "
                                        + network.directionName(Direction.REVERSE));
                    }
                    directions.add(direction);
                }
            } else {
                directions = EnumSet.allOf(Direction.class);
            }
            if (directions.isEmpty()) {
                throw node.error("directions", "must name at least one direction");
            }
            pools.add(
                    new SparePool(
                            id,
                            node.string("name", titleCase(id)),
                            kind.equals("depot")
                                    ? SparePool.Kind.DEPOT
                                    : SparePool.Kind.TURNBACK_SIDING,
                            station,
                            node.integer("spareTrains", 0, 100),
                            node.integer("preparationSeconds", 0, 7_200),
                            directions));
        }
        return pools;
    }

    private static int knownStation(ConfigNode node, String key, Network network) {
        String id = node.string(key);
        int index = network.indexOf(id);
        if (index < 0) {
            throw node.error(key, "unknown station '" + id + "'");
        }
        return index;
    }

    private static int indexOf(List<Station> stations, String id) {
        for (Station station : stations) {
            if (station.id().equals(id)) {
                return station.index();
            }
        }
        return -1;
    }

    private static String titleCase(String slug) {
        StringBuilder name = new StringBuilder();
        for (String word : slug.split("-")) {
            if (name.length() > 0) {
                name.append(' ');
            }
            name.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
        }
        return name.toString();
    }

    /** Values a station takes when it does not say otherwise. */
    private static final class StationDefaults {
        double platformAreaM2 = 1_000;
        int dwellSeconds = 30;
        int gates = 10;
        int walkMin = 30;
        int walkMax = 120;

        static StationDefaults read(ConfigNode root) {
            StationDefaults defaults = new StationDefaults();
            if (!root.has("stationDefaults")) {
                return defaults;
            }
            ConfigNode node =
                    root.child("stationDefaults")
                            .allowOnly(
                                    Set.of(
                                            "platformAreaM2",
                                            "dwellSeconds",
                                            "gates",
                                            "walkSeconds"));
            defaults.platformAreaM2 =
                    node.number("platformAreaM2", 1, 100_000, defaults.platformAreaM2);
            defaults.dwellSeconds = node.integer("dwellSeconds", 5, 1_800, defaults.dwellSeconds);
            defaults.gates = node.integer("gates", 1, 500, defaults.gates);
            if (node.has("walkSeconds")) {
                ConfigNode walk = node.child("walkSeconds").allowOnly(Set.of("min", "max"));
                defaults.walkMin = walk.integer("min", 0, 1_800);
                defaults.walkMax = walk.integer("max", defaults.walkMin, 3_600);
            }
            return defaults;
        }
    }
}
