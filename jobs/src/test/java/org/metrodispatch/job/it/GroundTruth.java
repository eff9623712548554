package org.metrodispatch.job.it;

import org.metrodispatch.contract.time.IsoTime;
import org.metrodispatch.contract.truth.LevelOfService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What really happened on the platforms of a simulated run, read from its ground-truth file. */
final class GroundTruth {

    private final Map<String, List<long[]>> departures = new HashMap<>();
    private final Set<String> denserThanD = new HashSet<>();

    GroundTruth(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node = json.readTree(line);
                String platform =
                        node.get("stationId").asText() + " " + node.get("direction").asText();
                if ("departure".equals(node.get("kind").asText())) {
                    long time = IsoTime.parseMillis(node.get("eventTime").asText());
                    departures
                            .computeIfAbsent(platform, p -> new ArrayList<>())
                            .add(new long[] {time, node.get("leftBehind").asInt()});
                } else if (LevelOfService.parse(node.get("los").asText())
                        .atLeastAsBadAs(LevelOfService.E)) {
                    denserThanD.add(platform);
                }
            }
        }
    }

    /**
     * When the platform first showed passengers left behind on consecutive departures: the second
     * of the first two departures in a row that left someone behind; -1 if never.
     */
    long consecutiveLeftBehindOnset(String stationId, String direction) {
        List<long[]> list = departures.getOrDefault(stationId + " " + direction, List.of());
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i)[1] > 0 && list.get(i - 1)[1] > 0) {
                return list.get(i)[0];
            }
        }
        return -1;
    }

    /** Whether a platform ever left anyone behind or had its waiting area worse than LOS D. */
    boolean everCrowded(String stationId, String direction) {
        String platform = stationId + " " + direction;
        if (denserThanD.contains(platform)) {
            return true;
        }
        for (long[] departure : departures.getOrDefault(platform, List.of())) {
            if (departure[1] > 0) {
                return true;
            }
        }
        return false;
    }
}
