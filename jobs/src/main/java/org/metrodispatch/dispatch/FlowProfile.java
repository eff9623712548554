package org.metrodispatch.dispatch;

import org.metrodispatch.contract.config.ConfigNode;
import org.metrodispatch.contract.config.YamlFiles;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the job assumes of each station's riders by time of day, learned from past days of the feeds
 * by {@code metro-dispatch calibrate}: the share of entries that ride FORWARD, the share of a
 * train's arriving load that gets off, per direction, and, for reference, the mean entries per day
 * and the mean load trains leave with. It is the operations centre's history, never the simulator's
 * demand model. The file also says which days it was learned from, how, and how well it predicts a
 * day it was not learned from.
 *
 * @param networkId the network it was learned on
 * @param slotSeconds length of one time-of-day slot
 * @param method how directions and alighting were learned ({@code card-pairs} or {@code
 *     train-loads})
 * @param learnedFrom one line per day learned from
 * @param accuracy named error figures, see {@code docs/calibration.md}
 * @param stations per station (in network order) its tables
 */
public record FlowProfile(
        String networkId,
        int slotSeconds,
        String method,
        List<String> learnedFrom,
        Map<String, Double> accuracy,
        List<StationProfile> stations) {

    public static final String CARD_PAIRS = "card-pairs";
    public static final String TRAIN_LOADS = "train-loads";
    private static final int DAY_SECONDS = 86_400;
    private static final String GROUPS_FORWARD = "serviceGroupsForward";
    private static final String GROUPS_REVERSE = "serviceGroupsReverse";

    /**
     * One station's tables, one value per slot of the day.
     *
     * @param stationId the station
     * @param entries mean entries per day in the slot
     * @param forwardShare share of the entries that ride FORWARD
     * @param alightingForward share of a FORWARD train's arriving load that gets off here
     * @param alightingReverse the same for REVERSE trains
     * @param departureLoadForward mean load a FORWARD train leaves with (0 where none leave)
     * @param departureLoadReverse the same for REVERSE trains
     * @param groupsForward at a platform several services leave FORWARD (branches): per service
     *     group (named by the ids of the services that can take its riders, joined by '+'), its
     *     share of the FORWARD riders; empty elsewhere, or when not learned (the network's prior)
     * @param groupsReverse the same for REVERSE
     */
    public record StationProfile(
            String stationId,
            double[] entries,
            double[] forwardShare,
            double[] alightingForward,
            double[] alightingReverse,
            double[] departureLoadForward,
            double[] departureLoadReverse,
            Map<String, double[]> groupsForward,
            Map<String, double[]> groupsReverse) {

        public StationProfile {
            groupsForward = new LinkedHashMap<>(groupsForward);
            groupsReverse = new LinkedHashMap<>(groupsReverse);
        }

        /** The service groups' shares of one direction. */
        public Map<String, double[]> groups(Direction direction) {
            return direction == Direction.FORWARD ? groupsForward : groupsReverse;
        }
    }

    public FlowProfile {
        learnedFrom = List.copyOf(learnedFrom);
        accuracy = new LinkedHashMap<>(accuracy);
        stations = List.copyOf(stations);
    }

    /** Slots per day. */
    public int slots() {
        return slotsPerDay(slotSeconds);
    }

    public static int slotsPerDay(int slotSeconds) {
        return (DAY_SECONDS + slotSeconds - 1) / slotSeconds;
    }

    /** The shares the job looks up per event, for a network whose stations this profile covers. */
    public FlowShares shares(Network network) {
        requireNetwork(network, "the profile");
        FlowShares shares = new FlowShares(slotSeconds, network);
        shares.markLearned();
        ServiceGroups groups = shares.groups();
        int slots = slots();
        for (int s = 0; s < network.stationCount(); s++) {
            StationProfile station = stations.get(s);
            for (int slot = 0; slot < slots; slot++) {
                shares.set(
                        s,
                        slot,
                        station.forwardShare()[slot],
                        station.alightingForward()[slot],
                        station.alightingReverse()[slot]);
                for (Direction d : Direction.values()) {
                    shares.setArrivingLoad(s, d, slot, arrivingLoad(network, s, d, slot));
                    // Groups the profile learned; the others keep the network's prior.
                    Map<String, double[]> learned = station.groups(d);
                    for (int g = 0; g < groups.groups(s, d); g++) {
                        double[] row = learned.get(groups.name(s, d, g));
                        if (row != null) {
                            shares.setGroupShare(s, d, slot, g, row[slot]);
                        }
                    }
                }
            }
        }
        return shares;
    }

    /**
     * The load trains typically bring to a station: what they leave the station before it with
     * (FORWARD: its parent; REVERSE: the mean over the stations whose parent it is, the branches
     * that join there).
     */
    private double arrivingLoad(Network network, int station, Direction direction, int slot) {
        if (direction == Direction.FORWARD) {
            int parent = network.station(station).parentIndex();
            return parent < 0 ? 0 : stations.get(parent).departureLoadForward()[slot];
        }
        double sum = 0;
        int children = 0;
        for (int s = 0; s < network.stationCount(); s++) {
            if (network.station(s).parentIndex() == station) {
                sum += stations.get(s).departureLoadReverse()[slot];
                children++;
            }
        }
        return children == 0 ? 0 : sum / children;
    }

    private void requireNetwork(Network network, String what) {
        if (!networkId.equals(network.id())) {
            throw new IllegalArgumentException(
                    what
                            + " was learned on network '"
                            + networkId
                            + "', not '"
                            + network.id()
                            + "'");
        }
    }

    /**
     * Reads a profile and checks it against the network the job runs: the same network id and every
     * station present, in any order. Errors name the file, the key and the problem.
     */
    public static FlowProfile load(Path file, Network network) {
        ConfigNode root = YamlFiles.load(file);
        root.allowOnly(
                Set.of("network", "slotSeconds", "method", "learnedFrom", "accuracy", "stations"));
        String networkId = root.string("network");
        if (!networkId.equals(network.id())) {
            throw root.error(
                    "network",
                    "the profile was learned on network '"
                            + networkId
                            + "', but the job runs '"
                            + network.id()
                            + "': calibrate a profile for it (metro-dispatch calibrate)");
        }
        int slotSeconds = root.integer("slotSeconds", 60, DAY_SECONDS);
        String method = root.oneOf("method", Set.of(CARD_PAIRS, TRAIN_LOADS), null);
        List<String> learnedFrom = root.strings("learnedFrom");
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : root.childOrEmpty("accuracy").entries().entrySet()) {
            accuracy.put(e.getKey(), e.getValue().numberValue(0, Double.MAX_VALUE));
        }
        int slots = slotsPerDay(slotSeconds);
        Map<String, ConfigNode> byStation = root.child("stations").entries();
        StationProfile[] stations = new StationProfile[network.stationCount()];
        ServiceGroups groups = new ServiceGroups(network);
        for (Map.Entry<String, ConfigNode> e : byStation.entrySet()) {
            int index = network.indexOf(e.getKey());
            if (index < 0) {
                throw root.child("stations").error(e.getKey(), "no such station on the network");
            }
            stations[index] = readStation(e.getKey(), e.getValue(), slots, groups, index);
        }
        for (int s = 0; s < stations.length; s++) {
            if (stations[s] == null) {
                throw root.error(
                        "stations", "no tables for station '" + network.station(s).id() + "'");
            }
        }
        return new FlowProfile(
                networkId, slotSeconds, method, learnedFrom, accuracy, List.of(stations));
    }

    private static StationProfile readStation(
            String id, ConfigNode node, int slots, ServiceGroups groups, int station) {
        node.allowOnly(
                Set.of(
                        "entries",
                        "forwardShare",
                        "alightingForward",
                        "alightingReverse",
                        "departureLoadForward",
                        "departureLoadReverse",
                        GROUPS_FORWARD,
                        GROUPS_REVERSE));
        return new StationProfile(
                id,
                row(node, "entries", slots, Double.MAX_VALUE),
                row(node, "forwardShare", slots, 1),
                row(node, "alightingForward", slots, 1),
                row(node, "alightingReverse", slots, 1),
                row(node, "departureLoadForward", slots, Double.MAX_VALUE),
                row(node, "departureLoadReverse", slots, Double.MAX_VALUE),
                groupRows(node, GROUPS_FORWARD, slots, groups, station, Direction.FORWARD),
                groupRows(node, GROUPS_REVERSE, slots, groups, station, Direction.REVERSE));
    }

    /** A direction's service groups, each named as the network's groups of that side are. */
    private static Map<String, double[]> groupRows(
            ConfigNode node,
            String key,
            int slots,
            ServiceGroups groups,
            int station,
            Direction direction) {
        Map<String, double[]> rows = new LinkedHashMap<>();
        if (!node.has(key)) {
            return rows;
        }
        Set<String> names = new LinkedHashSet<>();
        for (int g = 0; g < groups.groups(station, direction); g++) {
            names.add(groups.name(station, direction, g));
        }
        ConfigNode groupNode = node.child(key);
        for (Map.Entry<String, ConfigNode> e : groupNode.entries().entrySet()) {
            if (!names.contains(e.getKey())) {
                throw groupNode.error(
                        e.getKey(),
                        "no such service group here (this side's are "
                                + (names.isEmpty() ? "none" : String.join(", ", names))
                                + ")");
            }
            rows.put(e.getKey(), row(groupNode, e.getKey(), slots, 1));
        }
        return rows;
    }

    private static double[] row(ConfigNode node, String key, int slots, double max) {
        List<ConfigNode> items = node.list(key);
        if (items.size() != slots) {
            throw node.error(
                    key, "must hold " + slots + " values (one per slot), got " + items.size());
        }
        double[] values = new double[slots];
        for (int i = 0; i < slots; i++) {
            values[i] = items.get(i).numberValue(0, max);
        }
        return values;
    }

    /** Writes the profile atomically, with a header that says what it is and how it was made. */
    public void write(Path file, String header) throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (String line : header.split("\n", -1)) {
            yaml.append("# ").append(line).append('\n');
        }
        yaml.append("network: ").append(networkId).append('\n');
        yaml.append("slotSeconds: ").append(slotSeconds).append('\n');
        yaml.append("method: ").append(method).append('\n');
        yaml.append("learnedFrom:\n");
        for (String day : learnedFrom) {
            yaml.append("  - ").append(quoted(day)).append('\n');
        }
        yaml.append("accuracy:").append(accuracy.isEmpty() ? " {}\n" : "\n");
        accuracy.forEach(
                (name, value) ->
                        yaml.append("  ")
                                .append(name)
                                .append(": ")
                                .append(String.format(Locale.ROOT, "%.4f", value))
                                .append('\n'));
        yaml.append("stations:\n");
        for (StationProfile s : stations) {
            yaml.append("  ").append(s.stationId()).append(":\n");
            appendRow(yaml, "entries", s.entries(), "%.1f");
            appendRow(yaml, "forwardShare", s.forwardShare(), "%.4f");
            appendRow(yaml, "alightingForward", s.alightingForward(), "%.4f");
            appendRow(yaml, "alightingReverse", s.alightingReverse(), "%.4f");
            appendRow(yaml, "departureLoadForward", s.departureLoadForward(), "%.0f");
            appendRow(yaml, "departureLoadReverse", s.departureLoadReverse(), "%.0f");
            appendGroups(yaml, GROUPS_FORWARD, s.groupsForward());
            appendGroups(yaml, GROUPS_REVERSE, s.groupsReverse());
        }
        Path absolute = file.toAbsolutePath();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".profile", ".tmp");
        try {
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    absolute,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void appendGroups(StringBuilder yaml, String key, Map<String, double[]> groups) {
        if (groups.isEmpty()) {
            return;
        }
        yaml.append("    ").append(key).append(":\n");
        groups.forEach((name, row) -> appendRow(yaml, "  " + quoted(name), row, "%.4f"));
    }

    private static void appendRow(StringBuilder yaml, String key, double[] values, String format) {
        yaml.append("    ").append(key).append(": [");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                yaml.append(", ");
            }
            yaml.append(String.format(Locale.ROOT, format, values[i]));
        }
        yaml.append("]\n");
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
