package org.metrodispatch.ingest;

import org.metrodispatch.contract.config.ConfigException;
import org.metrodispatch.contract.network.Network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * From a source's station ids to the network's: a CSV file whose first two columns are {@code
 * sourceStationId,stationId} (a header line, further columns such as names, and {@code #} comments
 * are allowed). Without a file, the source's ids are the network's own.
 */
public final class StationMapping {

    private static final String HEADER = "sourceStationId";

    private final Map<String, String> toNetwork;
    private final Path file;

    private StationMapping(Map<String, String> toNetwork, Path file) {
        this.toNetwork = toNetwork;
        this.file = file;
    }

    /** The source uses the network's station ids. */
    public static StationMapping identity(Network network) {
        Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < network.stationCount(); i++) {
            ids.put(network.station(i).id(), network.station(i).id());
        }
        return new StationMapping(ids, null);
    }

    /**
     * The mapping file that goes with a network and a source when none is given: {@code
     * <network>.<source>-stations.csv} next to the network file, if there is one.
     */
    public static Path conventionalFile(Path networkFile, String source) {
        String name = networkFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return networkFile.resolveSibling(name + "." + source + "-stations.csv");
    }

    /** Reads a mapping file; every station it names must be on the network. */
    public static StationMapping load(Path file, Network network) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read the station mapping " + file + ": " + e);
        }
        Map<String, String> ids = new HashMap<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> fields;
            try {
                fields = CsvRow.split(line, ',');
            } catch (RowProblem e) {
                throw problem(file, n, e.getMessage());
            }
            if (fields.get(0).equals(HEADER)) {
                continue;
            }
            if (fields.size() < 2 || fields.get(0).isEmpty() || fields.get(1).isEmpty()) {
                throw problem(file, n, "expected sourceStationId,stationId");
            }
            String stationId = fields.get(1);
            if (network.indexOf(stationId) < 0) {
                throw problem(
                        file, n, "station '" + stationId + "' is not on network " + network.id());
            }
            if (ids.put(fields.get(0), stationId) != null) {
                throw problem(file, n, "source station '" + fields.get(0) + "' is mapped twice");
            }
        }
        if (ids.isEmpty()) {
            throw new ConfigException(file + ": maps no station");
        }
        return new StationMapping(ids, file);
    }

    private static ConfigException problem(Path file, int line, String what) {
        return new ConfigException(file + ": line " + line + ": " + what);
    }

    /** The network's station id for a source's, or null when the station is not on the network. */
    public String stationId(String sourceStationId) {
        return toNetwork.get(sourceStationId);
    }

    /** Where the mapping comes from, for the summary and the run record. */
    public String description() {
        return file == null ? "the network's own station ids" : file.toString();
    }

    /** The mapping file, or null when the source uses the network's ids. */
    public Path file() {
        return file;
    }

    public int size() {
        return toNetwork.size();
    }
}
