package org.metrodispatch.contract.demand;

import org.metrodispatch.contract.config.ConfigNode;
import org.metrodispatch.contract.config.YamlFiles;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scenario to simulate: a network file, a date and time window, the demand, and how imperfect the
 * feeds are. Read from {@code config/scenarios/*.yaml}; the format is documented in {@code
 * config/scenarios/README.md}.
 */
public final class Scenario {

    /** A gate reports its counters once a minute when nobody passes it. */
    static final int GATE_HEARTBEAT_SECONDS = 60;

    /**
     * A station's signalling system reports every 30 s; shorter than a peak headway, so the train
     * feed's event time keeps moving between trains and before the first one.
     */
    static final int SIGNALLING_HEARTBEAT_SECONDS = 30;

    private final String id;
    private final String description;
    private final Path networkFile;
    private final Network network;
    private final LocalDate date;
    private final int fromSecond;
    private final int toSecond;
    private final DemandModel demand;
    private final FeedSettings gateFeed;
    private final FeedSettings trainFeed;
    private final FeedFaults faults;
    private final Variation variation;

    private Scenario(
            String id,
            String description,
            Path networkFile,
            Network network,
            LocalDate date,
            int fromSecond,
            int toSecond,
            DemandModel demand,
            FeedSettings gateFeed,
            FeedSettings trainFeed,
            FeedFaults faults,
            Variation variation) {
        this.id = id;
        this.description = description;
        this.networkFile = networkFile;
        this.network = network;
        this.date = date;
        this.fromSecond = fromSecond;
        this.toSecond = toSecond;
        this.demand = demand;
        this.gateFeed = gateFeed;
        this.trainFeed = trainFeed;
        this.faults = faults;
        this.variation = variation;
    }

    /** Loads a scenario file and the network file it names (relative to the scenario's folder). */
    public static Scenario load(Path file) {
        ConfigNode root = YamlFiles.load(file);
        root.allowOnly(
                Set.of(
                        "id",
                        "description",
                        "network",
                        "date",
                        "window",
                        "demand",
                        "stations",
                        "feeds",
                        "variation"));
        Path networkFile = root.filePath("network");
        Network network = NetworkLoader.load(networkFile);
        LocalDate date;
        try {
            date = LocalDate.parse(root.string("date"));
        } catch (DateTimeParseException e) {
            throw root.error(
                    "date", "must be a date YYYY-MM-DD, got '" + root.string("date") + "'");
        }
        ConfigNode window = root.child("window").allowOnly(Set.of("from", "to"));
        int from = window.secondOfDay("from");
        int to = window.secondOfDay("to");
        if (to <= from) {
            throw window.error("to", "must be after from");
        }
        DemandModel demand =
                DemandModel.read(root.child("demand"), root.child("stations"), network);
        Set<String> feedKeys = new HashSet<>(FeedFaults.KEYS);
        feedKeys.addAll(Set.of("gate", "train"));
        ConfigNode feeds = root.childOrEmpty("feeds").allowOnly(feedKeys);
        return new Scenario(
                root.string("id"),
                root.string("description", ""),
                networkFile,
                network,
                date,
                from,
                to,
                demand,
                FeedSettings.read(feeds.childOrEmpty("gate"), GATE_HEARTBEAT_SECONDS, false),
                FeedSettings.read(feeds.childOrEmpty("train"), SIGNALLING_HEARTBEAT_SECONDS, true),
                FeedFaults.read(feeds, network),
                Variation.read(root));
    }

    /**
     * Loads a scenario file, or a city scenario: a file with {@code id} and {@code lines}, a list
     * of {@code scenario} files (each with its line's network), each {@code copies} times (1 by
     * default; copies of a line get ids suffixed as {@link City#nextCopy} says). Every line must
     * simulate one day and window (the first line's, or the command line's); station and line ids
     * must be unique across the city.
     */
    public static List<Scenario> loadLines(Path file) {
        ConfigNode root = YamlFiles.load(file);
        if (!root.has("lines")) {
            return List.of(load(file));
        }
        root.allowOnly(Set.of("id", "description", "lines"));
        List<Scenario> lines = new ArrayList<>();
        Map<Path, Integer> listed = new HashMap<>();
        for (ConfigNode entry : root.list("lines")) {
            entry.allowOnly(Set.of("scenario", "copies"));
            Scenario scenario = load(entry.filePath("scenario"));
            int copies = entry.integer("copies", 1, City.maxCopies(), 1);
            for (int k = 0; k < copies; k++) {
                Network line = City.nextCopy(listed, scenario.networkFile, scenario.network);
                lines.add(scenario.onLine(line));
            }
        }
        List<Network> networks = new ArrayList<>();
        lines.forEach(line -> networks.add(line.network));
        // Checks that station and line ids are unique across the city.
        City.of(root.string("id"), root.string("id"), networks);
        return lines;
    }

    /**
     * This scenario on {@code lines} separate lines: its own line, then copies numbered as a city
     * file lists them ({@link City#nextCopy}), for scale tests.
     */
    public List<Scenario> onCopies(int lines) {
        Map<Path, Integer> listed = new HashMap<>();
        List<Scenario> copies = new ArrayList<>();
        for (int k = 0; k < lines; k++) {
            copies.add(onLine(City.nextCopy(listed, networkFile, network)));
        }
        return copies;
    }

    /** The same scenario on a copy of its line (same stations in the same order). */
    private Scenario onLine(Network line) {
        if (line == network) {
            return this;
        }
        return new Scenario(
                id + "@" + line.lineId(),
                description,
                networkFile,
                line,
                date,
                fromSecond,
                toSecond,
                demand,
                gateFeed,
                trainFeed,
                faults,
                variation);
    }

    /** The same scenario with a different share of malformed gate and train records. */
    public Scenario withMalformedShare(double share) {
        return new Scenario(
                id,
                description,
                networkFile,
                network,
                date,
                fromSecond,
                toSecond,
                demand,
                gateFeed.withMalformedShare(share),
                trainFeed.withMalformedShare(share),
                faults,
                variation);
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public Path networkFile() {
        return networkFile;
    }

    public Network network() {
        return network;
    }

    /** The date simulated when none is given. */
    public LocalDate date() {
        return date;
    }

    /** Start of the time window written out, second of the day. */
    public int fromSecond() {
        return fromSecond;
    }

    /** End of the time window written out, second of the day. */
    public int toSecond() {
        return toSecond;
    }

    /**
     * The scenario's demand as written, without the day-to-day {@link #variation()}: what a day
     * brings on average. The simulator runs a seed's varied day.
     */
    public DemandModel demand() {
        return demand;
    }

    public FeedSettings gateFeed() {
        return gateFeed;
    }

    public FeedSettings trainFeed() {
        return trainFeed;
    }

    /** Faults of the feeds turned on on purpose (none unless the scenario asks for them). */
    public FeedFaults feedFaults() {
        return faults;
    }

    /** The same scenario with other feed faults (for tests and tools that inject them). */
    public Scenario withFeedFaults(FeedFaults newFaults) {
        return new Scenario(
                id,
                description,
                networkFile,
                network,
                date,
                fromSecond,
                toSecond,
                demand,
                gateFeed,
                trainFeed,
                newFaults,
                variation);
    }

    /**
     * How one day differs from another ({@link Variation#none()} without a {@code variation}
     * block). {@link #demand()} is the scenario's demand without it; the simulator applies it.
     */
    public Variation variation() {
        return variation;
    }

    /** The same scenario with another day-to-day variation (for tests and tools). */
    public Scenario withVariation(Variation newVariation) {
        return new Scenario(
                id,
                description,
                networkFile,
                network,
                date,
                fromSecond,
                toSecond,
                demand,
                gateFeed,
                trainFeed,
                faults,
                newVariation);
    }

    /** The same scenario with other train-feed settings (for tests and tools). */
    public Scenario withTrainFeed(FeedSettings newTrainFeed) {
        return new Scenario(
                id,
                description,
                networkFile,
                network,
                date,
                fromSecond,
                toSecond,
                demand,
                gateFeed,
                newTrainFeed,
                faults,
                variation);
    }
}
