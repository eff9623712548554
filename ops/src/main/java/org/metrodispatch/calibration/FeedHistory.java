package org.metrodispatch.calibration;

import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.event.FeedEvent;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.TrainEvent;
import org.metrodispatch.contract.json.EventReader;
import org.metrodispatch.contract.json.InvalidEventException;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.simulator.output.FileEventSink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads past days of the feeds from run folders (what {@code simulate --out} or {@code ingest
 * --out} writes: {@code gate-events.jsonl}, {@code train-events.jsonl}) and counts them per local
 * day into {@link DayFlows}. Records that do not parse are counted and skipped, a record id seen
 * twice counts once, and records of stations not on the network are counted and skipped.
 */
public final class FeedHistory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Network network;
    private final int slotSeconds;
    private final EventReader reader = new EventReader();
    private final Set<Long> seen = new HashSet<>();

    /** Days in the order read: per folder, by date (two simulated days may share a date). */
    private final List<DayFlows> days = new ArrayList<>();

    private Map<LocalDate, DayFlows> folderDays = new TreeMap<>();
    private String source;
    private boolean paired;

    long records;
    long invalid;
    long duplicates;
    long otherStations;
    String firstProblem;

    public FeedHistory(Network network, int slotSeconds) {
        this.network = network;
        this.slotSeconds = slotSeconds;
    }

    /** Reads one run folder; it must hold gate events, train events or both. */
    public void readFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new UserError(
                    folder + ": no such folder (give folders that simulate or ingest wrote)");
        }
        Path gates = folder.resolve(FileEventSink.GATE_EVENTS_FILE);
        Path trains = folder.resolve(FileEventSink.TRAIN_EVENTS_FILE);
        if (!Files.isRegularFile(gates) && !Files.isRegularFile(trains)) {
            throw new UserError(
                    folder
                            + ": holds neither "
                            + FileEventSink.GATE_EVENTS_FILE
                            + " nor "
                            + FileEventSink.TRAIN_EVENTS_FILE);
        }
        this.source = source(folder);
        folderDays = new TreeMap<>();
        // Ids are unique within a feed's history, not across folders (two simulated days reuse
        // them).
        seen.clear();
        for (Path file : List.of(gates, trains)) {
            if (Files.isRegularFile(file)) {
                readFile(file);
            }
        }
        days.addAll(folderDays.values());
    }

    private void readFile(Path file) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                records++;
                try {
                    add(reader.read(line));
                } catch (InvalidEventException e) {
                    invalid++;
                    if (firstProblem == null) {
                        firstProblem = file + " line " + number + ": " + e.getMessage();
                    }
                }
            }
        }
    }

    private void add(FeedEvent event) {
        if (!(event instanceof GateEvent) && !(event instanceof TrainEvent)) {
            return;
        }
        if (!seen.add(hash64(event.eventId()))) {
            duplicates++;
            return;
        }
        int station = network.indexOf(event.stationId());
        if (station < 0) {
            otherStations++;
            return;
        }
        LocalDate date =
                Instant.ofEpochMilli(event.eventTime()).atZone(network.timeZone()).toLocalDate();
        DayFlows day =
                folderDays.computeIfAbsent(
                        date, d -> new DayFlows(network, source, d, slotSeconds));
        if (event instanceof GateEvent tap) {
            day.add(tap, station);
        } else {
            day.add((TrainEvent) event, station);
        }
    }

    /** The days read, in date order, with their cards paired into trips. */
    public List<DayFlows> days() {
        if (!paired) {
            days.forEach(DayFlows::pairCards);
            paired = true;
        }
        return List.copyOf(days);
    }

    /**
     * How people know a folder: its path, with the seed and the command that made it from its run
     * record. A profile shipped in the repository then says how to make its history again.
     */
    private static String source(Path folder) {
        Path record = folder.resolve("run.json");
        if (Files.isRegularFile(record)) {
            try {
                JsonNode run = JSON.readTree(record.toFile());
                String seed = run.has("seed") ? "seed " + run.get("seed").asText() + ", " : "";
                JsonNode line = run.path("commandLine");
                if (line.isTextual()) {
                    return folder + " (" + seed + "by: " + line.asText() + ")";
                }
            } catch (IOException e) {
                // An unreadable run record only costs the description.
            }
        }
        return folder.toString();
    }

    /** Records read that parsed, were new and belong to the network. */
    long accepted() {
        return records - invalid - duplicates - otherStations;
    }

    /** FNV-1a over the id's characters: 64 bits, so millions of ids do not collide. */
    private static long hash64(String id) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            hash ^= id.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
