package org.metrodispatch.gtfsrt;

import org.metrodispatch.board.BoardRecord;
import org.metrodispatch.board.LineBoard;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.OutputJson;
import org.metrodispatch.contract.network.Network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The GTFS-Realtime feed of a replay, as files: the feed as it stood after each decision that sent,
 * or stood down, an empty train ({@code gtfs-rt/feed-<yyyyMMdd-HHmmss>.pb}, and {@code .json} for
 * people), with the vehicle positions of the train reports up to then.
 */
public final class GtfsRealtimeFiles {

    /** The folder in a replay's output. */
    public static final String FOLDER = "gtfs-rt";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter NAME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private GtfsRealtimeFiles() {}

    /**
     * Writes the feeds of the replay in {@code out} (its decisions.jsonl) of {@code input} (its
     * train-events.jsonl, when there is one).
     *
     * @return the feeds written
     */
    public static int write(Network network, Path input, Path out) throws IOException {
        Path decisions = out.resolve("decisions.jsonl");
        if (!Files.isRegularFile(decisions)) {
            throw new IOException("no " + decisions + ": the replay wrote no decision log");
        }
        Path folder = out.resolve(FOLDER);
        Files.createDirectories(folder);
        LineBoard board = new LineBoard(network);
        GtfsRealtimeFeed feed = new GtfsRealtimeFeed(network);
        DateTimeFormatter names = NAME.withZone(network.timeZone());
        Path trains = input.resolve("train-events.jsonl");
        int written = 0;
        try (BufferedReader reports =
                Files.isRegularFile(trains)
                        ? Files.newBufferedReader(trains, StandardCharsets.UTF_8)
                        : null) {
            TrainReports pending = new TrainReports(reports);
            for (String line : Files.readAllLines(decisions, StandardCharsets.UTF_8)) {
                DispatchDecision decision = OutputJson.readDecision(line);
                pending.applyUpTo(decision.eventTime, board);
                board.apply(new BoardRecord(BoardRecord.Kind.DECISION, line));
                if (decision.emptyTrain != null || decision.decision == DecisionType.CLEARED) {
                    FeedMessage message = feed.of(board, GtfsRealtimeFeed.Content.ALL);
                    String name = "feed-" + names.format(Instant.ofEpochMilli(decision.eventTime));
                    Files.write(folder.resolve(name + ".pb"), message.toByteArray());
                    Files.writeString(
                            folder.resolve(name + ".json"), JsonFormat.printer().print(message));
                    written++;
                }
            }
        }
        return written;
    }

    /** The train reports of a replay's input, taken in file order up to a time. */
    private static final class TrainReports {
        private final BufferedReader reader;
        private String next;
        private long nextTime;

        TrainReports(BufferedReader reader) {
            this.reader = reader;
        }

        void applyUpTo(long time, LineBoard board) throws IOException {
            while (advance() && nextTime <= time) {
                board.apply(new BoardRecord(BoardRecord.Kind.TRAIN, next));
                next = null;
            }
        }

        /** Reads the next report when none is waiting; false at the end. */
        private boolean advance() throws IOException {
            while (next == null && reader != null) {
                String line = reader.readLine();
                if (line == null) {
                    return false;
                }
                JsonNode node = MAPPER.readTree(line);
                JsonNode time = node == null ? null : node.get("eventTime");
                if (time != null && time.isTextual()) {
                    try {
                        nextTime = OffsetDateTime.parse(time.asText()).toInstant().toEpochMilli();
                        next = line;
                    } catch (DateTimeParseException unreadable) {
                        // Not the job's to judge here: the replay's dead letters have it.
                    }
                }
            }
            return next != null;
        }
    }
}
