package org.metrodispatch.evaluation;

import org.metrodispatch.contract.time.IsoTime;
import org.metrodispatch.contract.truth.LevelOfService;
import org.metrodispatch.contract.truth.TruthJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The simulator's ground truth of a run ({@code ground-truth.jsonl}), platform by platform. */
public final class GroundTruth {

    private final Map<Platform, PlatformHistory> platforms;

    GroundTruth(Map<Platform, PlatformHistory> platforms) {
        this.platforms = platforms;
        platforms.values().forEach(PlatformHistory::sort);
    }

    /** Reads a ground-truth file; a line that is not ground truth is an error naming the line. */
    public static GroundTruth read(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<Platform, PlatformHistory> platforms = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                try {
                    add(json.readTree(line), platforms);
                } catch (IOException | RuntimeException e) {
                    throw new IOException(
                            file
                                    + " line "
                                    + number
                                    + ": not a ground-truth line: "
                                    + e.getMessage(),
                            e);
                }
            }
        }
        return new GroundTruth(platforms);
    }

    private static void add(JsonNode node, Map<Platform, PlatformHistory> platforms) {
        Platform platform = new Platform(text(node, "stationId"), text(node, "direction"));
        PlatformHistory history = platforms.computeIfAbsent(platform, p -> new PlatformHistory());
        String kind = text(node, "kind");
        if (kind.equals(TruthJson.PLATFORM)) {
            history.add(
                    new PlatformHistory.Minute(
                            IsoTime.parseMillis(text(node, "minute")),
                            node.path("waiting").asInt(),
                            node.path("densityM2PerPerson").asDouble(),
                            LevelOfService.parse(text(node, "los"))));
        } else if (kind.equals(TruthJson.DEPARTURE)) {
            history.add(
                    new PlatformHistory.Departure(
                            IsoTime.parseMillis(text(node, "eventTime")),
                            text(node, "trainId"),
                            node.path("boarded").asInt(),
                            node.path("leftBehind").asInt()));
        } else {
            throw new IllegalArgumentException("unknown kind '" + kind + "'");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing text field " + field);
        }
        return value.asText();
    }

    /** Every platform of the run, in order of station and direction. */
    public Map<Platform, PlatformHistory> platforms() {
        return platforms;
    }
}
