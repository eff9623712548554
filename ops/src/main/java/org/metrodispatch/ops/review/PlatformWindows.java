package org.metrodispatch.ops.review;

import org.metrodispatch.contract.time.IsoTime;

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

/** The job's sliding windows for one platform, from its station-load output. */
public final class PlatformWindows {

    /** One window: the counts of the station, and the estimate of the platform at its end. */
    public record Window(
            long start,
            long end,
            int entries,
            int exits,
            long waiting,
            int leftBehind,
            int consecutiveLeftBehind,
            double density,
            String los,
            boolean crowded) {}

    private final List<Window> windows;

    private PlatformWindows(List<Window> windows) {
        this.windows = windows;
    }

    public static PlatformWindows read(Path file, String stationId, String direction)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        String stationField = "\"stationId\":\"" + stationId + "\"";
        List<Window> windows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.contains(stationField)) {
                    continue;
                }
                try {
                    JsonNode node = json.readTree(line);
                    for (JsonNode p : node.path("platforms")) {
                        if (!direction.equals(p.path("direction").asText())) {
                            continue;
                        }
                        windows.add(
                                new Window(
                                        IsoTime.parseMillis(node.path("windowStart").asText()),
                                        IsoTime.parseMillis(node.path("windowEnd").asText()),
                                        node.path("entries").asInt(),
                                        node.path("exits").asInt(),
                                        p.path("waitingEstimate").asLong(),
                                        p.path("leftBehind").asInt(),
                                        p.path("consecutiveLeftBehind").asInt(),
                                        p.path("densityM2PerPerson").asDouble(),
                                        p.path("levelOfService").asText("-"),
                                        p.path("crowded").asBoolean()));
                    }
                } catch (IOException | IllegalArgumentException e) {
                    // A line the job did not write whole: the review shows what it can.
                }
            }
        }
        windows.sort(Comparator.comparingLong(Window::end));
        return new PlatformWindows(windows);
    }

    /** The windows that end in [from, to]. */
    public List<Window> endingBetween(long from, long to) {
        List<Window> list = new ArrayList<>();
        for (Window w : windows) {
            if (w.end() >= from && w.end() <= to) {
                list.add(w);
            }
        }
        return list;
    }

    /** The last window that ends at or before a time, for the job's estimate at that time. */
    public Window at(long time) {
        Window found = null;
        for (Window w : windows) {
            if (w.end() <= time) {
                found = w;
            }
        }
        return found;
    }
}
