package org.metrodispatch.ops;

import org.metrodispatch.contract.event.FeedEvent;
import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.GateHeartbeat;
import org.metrodispatch.contract.json.EventReader;
import org.metrodispatch.contract.json.InvalidEventException;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.dispatch.SlidingCounts;
import org.metrodispatch.dispatch.WindowState;
import org.metrodispatch.job.io.LineReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The ceiling any framework pays for: one thread that parses every record the way the job does and
 * counts entries and exits per station in the same sliding windows, with the same de-duplication,
 * and nothing else. The benchmark compares the job with it.
 */
public final class PlainLoop {

    /** How long resent ids are remembered, seconds. */
    private static final long DEDUP_SECONDS = 120;

    private final Network network;
    private final SlidingCounts windows;
    private long records;
    private long windowsEmitted;
    private long checksum;

    public PlainLoop(Network network, SlidingCounts windows) {
        this.network = network;
        this.windows = windows;
    }

    /** Processes the files in order; returns the records read. */
    public long run(Path... files) throws IOException {
        EventReader reader = new EventReader();
        WindowState[] states = new WindowState[network.stationCount()];
        long[] lastSecond = new long[network.stationCount()];
        for (int i = 0; i < states.length; i++) {
            states[i] = new WindowState();
            lastSecond[i] = Long.MIN_VALUE;
        }
        // Resends carry the same id and time: remember ids per second, forget them two minutes on.
        Map<Long, Set<String>> seen = new HashMap<>();
        long newestSecond = Long.MIN_VALUE;
        for (Path file : files) {
            try (LineReader lines = new LineReader(Files.newInputStream(file))) {
                while (lines.next()) {
                    records++;
                    FeedEvent event;
                    try {
                        event = reader.read(lines.buffer(), lines.start(), lines.length());
                    } catch (InvalidEventException e) {
                        continue;
                    }
                    String stationId = event.stationId();
                    String eventId = event.eventId();
                    long time = event.eventTime();
                    int entries = 0;
                    int exits = 0;
                    int heartbeats = 0;
                    if (event instanceof GateEvent) {
                        if (((GateEvent) event).direction == GateDirection.ENTRY) {
                            entries = 1;
                        } else {
                            exits = 1;
                        }
                    } else if (event instanceof GateHeartbeat) {
                        heartbeats = 1;
                    }
                    int s = network.indexOf(stationId);
                    if (s < 0) {
                        continue;
                    }
                    long second = Math.floorDiv(time, 1000L);
                    if (!seen.computeIfAbsent(second, k -> new HashSet<>()).add(eventId)) {
                        continue;
                    }
                    if (second > newestSecond + DEDUP_SECONDS) {
                        newestSecond = second;
                        long horizon = newestSecond - DEDUP_SECONDS;
                        seen.keySet().removeIf(k -> k < horizon);
                    }
                    WindowState state = states[s];
                    if (second > lastSecond[s]) {
                        if (lastSecond[s] != Long.MIN_VALUE) {
                            for (long t = lastSecond[s]; t < second; t++) {
                                if (windows.windowEndsAfter(t)) {
                                    windowsEmitted++;
                                    checksum += windows.entries(state) + windows.exits(state);
                                }
                            }
                        }
                        lastSecond[s] = second;
                    }
                    // Late records still count here: the loop measures parsing and counting only.
                    windows.add(state, Math.max(second, lastSecond[s]), entries, exits, heartbeats);
                }
            }
        }
        return records;
    }

    public long windowsEmitted() {
        return windowsEmitted;
    }

    /** A sum over all windows, so the work cannot be optimized away. */
    public long checksum() {
        return checksum;
    }
}
