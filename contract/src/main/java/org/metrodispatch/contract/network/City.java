package org.metrodispatch.contract.network;

import org.metrodispatch.contract.config.ConfigException;
import org.metrodispatch.contract.config.ConfigNode;
import org.metrodispatch.contract.config.YamlFiles;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lines one job serves: a network file (one line) or a city file that lists network files, each
 * a line. Every station of the city has a city-wide index: the lines' stations one after the other,
 * in the order the city file lists the lines. Station ids must be unique across the city, as a gate
 * event names only its station.
 *
 * <p>A city file (documented in {@code config/networks/README.md}):
 *
 * <pre>
 * id: chengdu
 * name: Chengdu Metro
 * lines:
 *   - network: chengdu-line1.yaml
 *   - network: chengdu-line1.yaml   # the same line again, ids suffixed -2, -3, ...
 *     copies: 2
 * </pre>
 */
public final class City implements Serializable {

    private static final long serialVersionUID = 1L;

    /** More stations than this in one city is not a metro network. */
    private static final int MAX_STATIONS = 20_000;

    /** Copies of one line in a city file (scale tests). */
    private static final int MAX_COPIES = 200;

    private final String id;
    private final String name;
    private final List<Network> lines;

    /** Per line, the city index of its first station; one more entry: the station count. */
    private final int[] firstStation;

    /** Per city station index, its line's index. */
    private final int[] lineOfStation;

    private final Map<String, Integer> stationIndex;
    private final Map<String, Integer> lineIndex;

    private City(String id, String name, List<Network> lines, String file) {
        if (lines.isEmpty()) {
            throw new ConfigException(file + ": a city needs at least one line");
        }
        this.id = id;
        this.name = name;
        this.lines = List.copyOf(lines);
        this.firstStation = new int[lines.size() + 1];
        Map<String, Integer> stations = new HashMap<>();
        Map<String, Integer> lineIds = new HashMap<>();
        List<Integer> lineOf = new ArrayList<>();
        for (int l = 0; l < lines.size(); l++) {
            Network line = lines.get(l);
            Integer sameLine = lineIds.putIfAbsent(line.lineId(), l);
            if (sameLine != null) {
                throw new ConfigException(
                        file
                                + ": line id '"
                                + line.lineId()
                                + "' is given by two networks ("
                                + lines.get(sameLine).id()
                                + " and "
                                + line.id()
                                + "): train reports name their line, so line ids must differ");
            }
            if (!line.timeZone().equals(lines.get(0).timeZone())) {
                throw new ConfigException(
                        file
                                + ": line '"
                                + line.lineId()
                                + "' keeps time in "
                                + line.timeZone()
                                + ", line '"
                                + lines.get(0).lineId()
                                + "' in "
                                + lines.get(0).timeZone()
                                + ": a city's lines share one time zone");
            }
            firstStation[l] = lineOf.size();
            for (Station station : line.stations()) {
                Integer other = stations.putIfAbsent(station.id(), lineOf.size());
                if (other != null) {
                    throw new ConfigException(
                            file
                                    + ": station id '"
                                    + station.id()
                                    + "' is on lines '"
                                    + lines.get(lineOf.get(other)).lineId()
                                    + "' and '"
                                    + line.lineId()
                                    + "': gate events name only their station, so each line's"
                                    + " station needs its own id");
                }
                lineOf.add(l);
            }
            if (lineOf.size() > MAX_STATIONS) {
                throw new ConfigException(
                        file + ": more than " + MAX_STATIONS + " stations in one city");
            }
        }
        firstStation[lines.size()] = lineOf.size();
        this.lineOfStation = lineOf.stream().mapToInt(Integer::intValue).toArray();
        this.stationIndex = Collections.unmodifiableMap(stations);
        this.lineIndex = Collections.unmodifiableMap(lineIds);
    }

    /** A city of one line. */
    public static City of(Network line) {
        return new City(line.id(), line.name(), List.of(line), line.id());
    }

    /** A city of the given lines. */
    public static City of(String id, String name, List<Network> lines) {
        return new City(id, name, lines, id);
    }

    /**
     * Reads a city file (one with {@code lines}) or a network file (a city of that one line).
     *
     * @throws ConfigException naming the file, the key and the problem
     */
    public static City load(Path file) {
        ConfigNode root = YamlFiles.load(file);
        if (!root.has("lines")) {
            return of(NetworkLoader.fromConfig(root));
        }
        root.allowOnly(Set.of("id", "name", "lines"));
        String id = root.string("id");
        List<Network> lines = new ArrayList<>();
        // Per network file, how many times it has been listed: its copies are numbered on.
        Map<Path, Integer> listed = new HashMap<>();
        for (ConfigNode entry : root.list("lines")) {
            entry.allowOnly(Set.of("network", "copies"));
            Path networkFile = entry.filePath("network");
            Network line = NetworkLoader.load(networkFile);
            int copies = entry.integer("copies", 1, MAX_COPIES, 1);
            for (int k = 0; k < copies; k++) {
                lines.add(nextCopy(listed, networkFile, line));
            }
        }
        return new City(id, root.string("name", id), lines, root.file());
    }

    /**
     * The line as listed once more in a city file: itself the first time its network file is
     * listed, then copies suffixed {@code -2}, {@code -3}, ... (the simulator's city scenarios
     * number them the same way, so the job's city file names the same stations).
     *
     * @param listed per network file, how often it has been listed so far; updated
     */
    public static Network nextCopy(Map<Path, Integer> listed, Path networkFile, Network line) {
        int number = listed.merge(networkFile, 1, Integer::sum);
        return number == 1 ? line : line.copy(Integer.toString(number));
    }

    /** How often a city file may list a line (scale tests). */
    public static int maxCopies() {
        return MAX_COPIES;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public List<Network> lines() {
        return lines;
    }

    public int lineCount() {
        return lines.size();
    }

    public Network line(int lineIndex) {
        return lines.get(lineIndex);
    }

    /** The line with a given line id (as trains report it), or null. */
    public Network line(String lineId) {
        Integer index = lineIndex.get(lineId);
        return index == null ? null : lines.get(index);
    }

    /** The index of a line id, or -1. */
    public int lineIndex(String lineId) {
        Integer index = lineIndex.get(lineId);
        return index == null ? -1 : index;
    }

    /** The line ids, in the city file's order, as text for messages. */
    public String lineIds() {
        List<String> ids = new ArrayList<>();
        for (Network line : lines) {
            ids.add("'" + line.lineId() + "'");
        }
        return String.join(", ", ids);
    }

    /** The time zone of every line. */
    public ZoneId timeZone() {
        return lines.get(0).timeZone();
    }

    /** Stations of all lines. */
    public int stationCount() {
        return lineOfStation.length;
    }

    /** The city index of a station id, or -1 for an unknown id. */
    public int indexOf(String stationId) {
        Integer index = stationIndex.get(stationId);
        return index == null ? -1 : index;
    }

    /** The line index of a station's city index. */
    public int lineOf(int cityStation) {
        return lineOfStation[cityStation];
    }

    /** The station's index within its line. */
    public int indexOnLine(int cityStation) {
        return cityStation - firstStation[lineOfStation[cityStation]];
    }

    /** The city index of a line's station. */
    public int cityIndex(int lineIndex, int stationOnLine) {
        return firstStation[lineIndex] + stationOnLine;
    }

    public Station station(int cityStation) {
        return lines.get(lineOfStation[cityStation]).station(indexOnLine(cityStation));
    }

    /**
     * The line id of alerts about the input as a whole: the line's for a city of one line, the
     * city's id otherwise.
     */
    public String inputLineId() {
        return lines.size() == 1 ? lines.get(0).lineId() : id;
    }
}
