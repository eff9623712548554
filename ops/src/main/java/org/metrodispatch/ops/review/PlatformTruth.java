package org.metrodispatch.ops.review;

import org.metrodispatch.contract.time.IsoTime;
import org.metrodispatch.contract.truth.LevelOfService;
import org.metrodispatch.dispatch.DetectionSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What really happened on one platform, from the simulator's ground truth ({@code platform} lines
 * each minute, {@code departure} lines each train), and when it was crowded by the job's own rules.
 */
public final class PlatformTruth {

    /** Passengers waiting at the start of a minute. */
    public record Minute(long time, int waiting, double density, LevelOfService los) {}

    /** A train leaving the platform. */
    public record Departure(
            long time,
            String trainId,
            int alighted,
            int boarded,
            int leftBehind,
            int load,
            int capacity) {}

    /** A time the platform was crowded: from, to (0 while it still is at the end), and why. */
    public record Crowding(long from, long to, String why) {}

    private final List<Minute> minutes;
    private final List<Departure> departures;
    private final int unreadable;

    PlatformTruth(List<Minute> minutes, List<Departure> departures, int unreadable) {
        this.minutes = minutes;
        this.departures = departures;
        this.unreadable = unreadable;
    }

    /** Reads the lines of one platform from a ground-truth file. */
    public static PlatformTruth read(Path file, String stationId, String direction)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        String stationField = "\"" + stationId + "\"";
        List<Minute> minutes = new ArrayList<>();
        List<Departure> departures = new ArrayList<>();
        int unreadable = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.contains(stationField)) {
                    continue; // the other stations: most of the file, not worth parsing
                }
                try {
                    JsonNode node = json.readTree(line);
                    if (!stationId.equals(node.path("stationId").asText())
                            || !direction.equals(node.path("direction").asText())) {
                        continue;
                    }
                    String kind = node.path("kind").asText();
                    if (kind.equals("platform")) {
                        minutes.add(
                                new Minute(
                                        IsoTime.parseMillis(node.path("minute").asText()),
                                        node.path("waiting").asInt(),
                                        node.path("densityM2PerPerson").asDouble(),
                                        LevelOfService.parse(node.path("los").asText())));
                    } else if (kind.equals("departure")) {
                        departures.add(
                                new Departure(
                                        IsoTime.parseMillis(node.path("eventTime").asText()),
                                        node.path("trainId").asText(),
                                        node.path("alighted").asInt(),
                                        node.path("boarded").asInt(),
                                        node.path("leftBehind").asInt(),
                                        node.path("load").asInt(),
                                        node.path("capacity").asInt()));
                    }
                } catch (IOException | IllegalArgumentException e) {
                    unreadable++;
                }
            }
        }
        minutes.sort(Comparator.comparingLong(Minute::time));
        departures.sort(Comparator.comparingLong(Departure::time));
        return new PlatformTruth(minutes, departures, unreadable);
    }

    public boolean isEmpty() {
        return minutes.isEmpty() && departures.isEmpty();
    }

    /** Lines of this platform that could not be read. */
    public int unreadable() {
        return unreadable;
    }

    public List<Minute> minutes(long from, long to) {
        List<Minute> list = new ArrayList<>();
        for (Minute m : minutes) {
            if (m.time() >= from && m.time() <= to) {
                list.add(m);
            }
        }
        return list;
    }

    public List<Departure> departures(long from, long to) {
        List<Departure> list = new ArrayList<>();
        for (Departure d : departures) {
            if (d.time() >= from && d.time() <= to) {
                list.add(d);
            }
        }
        return list;
    }

    /**
     * When the platform was really crowded, by the job's rules applied to the truth: crowded from
     * the K-th departure in a row that left passengers behind, or from a minute at the raising
     * level of service; calm again from the moment the clearing number of departures in a row left
     * nobody behind with the waiting area at the clearing level or better, once that has held for
     * the hold time. The whole file's history counts, so an episode that began earlier is seen.
     */
    public List<Crowding> crowding(DetectionSettings rules) {
        List<long[]> events = new ArrayList<>(); // time, kind (0 departure, 1 minute), index
        for (int i = 0; i < departures.size(); i++) {
            events.add(new long[] {departures.get(i).time(), 0, i});
        }
        for (int i = 0; i < minutes.size(); i++) {
            events.add(new long[] {minutes.get(i).time(), 1, i});
        }
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        List<Crowding> crowding = new ArrayList<>();
        boolean crowded = false;
        long since = 0;
        String why = null;
        int leftBehindRun = 0;
        int calmRun = 0;
        LevelOfService level = LevelOfService.A;
        long calmSince = -1;
        for (long[] event : events) {
            long time = event[0];
            boolean departure = event[1] == 0;
            if (departure) {
                Departure d = departures.get((int) event[2]);
                if (d.leftBehind() > 0) {
                    leftBehindRun++;
                    calmRun = 0;
                } else {
                    leftBehindRun = 0;
                    calmRun++;
                }
            } else {
                level = minutes.get((int) event[2]).los();
            }
            if (!crowded) {
                if (leftBehindRun >= rules.raiseAfterConsecutiveLeftBehind()) {
                    crowded = true;
                    why = leftBehindRun + " departures in a row left passengers behind";
                } else if (level.atLeastAsBadAs(rules.raiseAtLevel())) {
                    crowded = true;
                    why = "the waiting area reached level of service " + level;
                }
                if (crowded) {
                    since = time;
                    calmSince = -1;
                    calmRun = 0;
                }
                continue;
            }
            boolean calm =
                    calmRun >= rules.clearAfterDeparturesWithoutLeftBehind()
                            && !level.atLeastAsBadAs(next(rules.clearAtLevel()));
            if (!calm) {
                calmSince = -1;
            } else if (calmSince < 0) {
                calmSince = time;
            }
            if (calmSince >= 0 && time - calmSince >= rules.clearHoldMillis()) {
                crowding.add(new Crowding(since, calmSince, why));
                crowded = false;
                leftBehindRun = 0;
            }
        }
        if (crowded) {
            crowding.add(new Crowding(since, 0, why));
        }
        return crowding;
    }

    /** The level just worse than {@code level} (F stays F). */
    private static LevelOfService next(LevelOfService level) {
        LevelOfService[] all = LevelOfService.values();
        return all[Math.min(all.length - 1, level.ordinal() + 1)];
    }
}
