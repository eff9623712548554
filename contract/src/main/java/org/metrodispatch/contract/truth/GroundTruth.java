package org.metrodispatch.contract.truth;

import org.metrodispatch.contract.time.IsoTime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's ground truth of a run ({@code ground-truth.jsonl}, written with {@link
 * TruthJson}), platform by platform: the one reader of that file.
 */
public final class GroundTruth {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Platform, PlatformHistory> platforms;
    private final int unreadableLines;

    /** A ground truth of the given platforms, in order of station and direction. */
    public GroundTruth(Map<Platform, PlatformHistory> platforms) {
        this(platforms, 0);
    }

    private GroundTruth(Map<Platform, PlatformHistory> platforms, int unreadableLines) {
        this.platforms = new TreeMap<>(platforms);
        this.unreadableLines = unreadableLines;
    }

    /** Reads a whole ground-truth file; a line that is not ground truth is an error naming it. */
    public static GroundTruth read(Path file) throws IOException {
        Lines lines = new Lines();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                try {
                    lines.add(JSON.readTree(line), null);
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
        return lines.groundTruth(0);
    }

    /**
     * Reads the lines of one platform, for a look at one episode: lines of it that cannot be read
     * are skipped and counted ({@link #unreadableLines()}) rather than failing the look.
     */
    public static GroundTruth readPlatform(Path file, Platform platform) throws IOException {
        String stationField = "\"" + platform.stationId() + "\"";
        Lines lines = new Lines();
        int unreadable = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.contains(stationField)) {
                    continue; // the other stations: most of the file, not worth parsing
                }
                try {
                    lines.add(JSON.readTree(line), platform);
                } catch (IOException | RuntimeException e) {
                    unreadable++;
                }
            }
        }
        return lines.groundTruth(unreadable);
    }

    /** Every platform of the run, in order of station and direction. */
    public Map<Platform, PlatformHistory> platforms() {
        return platforms;
    }

    /** One platform's history; empty when the ground truth says nothing about it. */
    public PlatformHistory platform(Platform platform) {
        return platforms.getOrDefault(platform, new PlatformHistory());
    }

    /** Lines skipped because they could not be read (only by {@link #readPlatform}). */
    public int unreadableLines() {
        return unreadableLines;
    }

    /** The minutes and departures read so far, by platform. */
    private static final class Lines {
        private final Map<Platform, List<PlatformHistory.Minute>> minutes = new TreeMap<>();
        private final Map<Platform, List<PlatformHistory.Departure>> departures = new TreeMap<>();

        /** Adds one line, unless {@code only} is given and the line is of another platform. */
        void add(JsonNode node, Platform only) {
            Platform platform = new Platform(text(node, "stationId"), text(node, "direction"));
            if (only != null && !only.equals(platform)) {
                return;
            }
            switch (TruthKind.of(text(node, "kind"))) {
                case PLATFORM -> list(minutes, platform).add(minute(node));
                case DEPARTURE -> list(departures, platform).add(departure(node));
            }
        }

        GroundTruth groundTruth(int unreadable) {
            Map<Platform, PlatformHistory> platforms = new TreeMap<>();
            for (Platform platform : minutes.keySet()) {
                platforms.put(platform, history(platform));
            }
            for (Platform platform : departures.keySet()) {
                platforms.put(platform, history(platform));
            }
            return new GroundTruth(platforms, unreadable);
        }

        private PlatformHistory history(Platform platform) {
            return new PlatformHistory(
                    minutes.getOrDefault(platform, List.of()),
                    departures.getOrDefault(platform, List.of()));
        }

        private static <T> List<T> list(Map<Platform, List<T>> map, Platform platform) {
            return map.computeIfAbsent(platform, p -> new ArrayList<>());
        }
    }

    private static PlatformHistory.Minute minute(JsonNode node) {
        return new PlatformHistory.Minute(
                IsoTime.parseMillis(text(node, "minute")),
                node.path("waiting").asInt(),
                node.path("densityM2PerPerson").asDouble(),
                LevelOfService.parse(text(node, "los")));
    }

    private static PlatformHistory.Departure departure(JsonNode node) {
        return new PlatformHistory.Departure(
                IsoTime.parseMillis(text(node, "eventTime")),
                text(node, "trainId"),
                node.path("alighted").asInt(),
                node.path("boarded").asInt(),
                node.path("leftBehind").asInt(),
                node.path("load").asInt(),
                node.path("capacity").asInt());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing text field " + field);
        }
        return value.asText();
    }
}
