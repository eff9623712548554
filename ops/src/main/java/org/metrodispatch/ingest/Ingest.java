package org.metrodispatch.ingest;

import org.metrodispatch.contract.event.FeedEvent;
import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.GateHeartbeat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Turns a source's rows into events of the contract. Plain Java, deterministic: the same files give
 * the same events, ids included.
 *
 * <ul>
 *   <li>A tap row becomes one {@code gate} event at gate {@code <stationId>-<deviceId>}, with the
 *       row's card id.
 *   <li>A count row (a station's entries and exits in an interval) becomes that many taps spread
 *       evenly over the interval, at one gate {@code <stationId>-counts}, and heartbeats at the
 *       interval's ends whose counters are the counts so far: the counts were reported, even when
 *       they are zero, so a quiet station is not a silent one.
 * </ul>
 *
 * Events come out in time order (a stable sort: ties keep the source's order); each gets its id
 * only then, {@code <gateId>-<epoch ms>-<n>} for the n-th tap of a gate at that instant, so an id
 * does not depend on how the source was split into files.
 */
public final class Ingest {

    /** Line numbers kept per reject reason, for the summary. */
    static final int FIRST_LINES_KEPT = 5;

    private static final String COUNTS_GATE_SUFFIX = "-counts";
    private static final long MILLIS_PER_SECOND = 1_000;
    private static final int MAX_GATE_ID_LENGTH = 200;

    /**
     * A count above this many taps a second of its interval, either way, is a broken row: the
     * busiest metro stations see some 30 a second at the peak.
     */
    static final long MAX_TAPS_PER_SECOND = 100;

    private final SourceLayout layout;
    private final StationMapping mapping;
    private final ZoneId zone;

    private final List<FeedEvent> events = new ArrayList<>();
    private final Map<String, IngestResult.RejectCount> rejects = new LinkedHashMap<>();
    private final TreeSet<String> offNetwork = new TreeSet<>();
    private final Map<String, String> gateIds = new HashMap<>();
    private final List<CountRow> countRows = new ArrayList<>();
    private long rowsOffNetwork;
    private long entries;
    private long exits;
    private long heartbeats;
    private long withCard;

    public Ingest(SourceLayout layout, StationMapping mapping, ZoneId zone) {
        this.layout = layout;
        this.mapping = mapping;
        this.zone = zone;
    }

    /**
     * Reads the files in the order given.
     *
     * @param rejectSink told every row that cannot be read, with its reason
     * @param progress told the characters read so far (across files), now and then
     */
    public IngestResult read(List<Path> files, SourceRows.Rejects rejectSink, LongConsumer progress)
            throws IOException {
        SourceRows.Rejects counting =
                (file, line, row, problem) -> {
                    IngestResult.RejectCount count =
                            rejects.getOrDefault(
                                    problem.reason(), new IngestResult.RejectCount(0, List.of()));
                    List<String> lines = new ArrayList<>(count.firstLines());
                    if (lines.size() < FIRST_LINES_KEPT) {
                        lines.add(file + ":" + line);
                    }
                    rejects.put(
                            problem.reason(),
                            new IngestResult.RejectCount(count.count() + 1, List.copyOf(lines)));
                    rejectSink.reject(file, line, row, problem);
                };
        Map<String, Integer> at = SourceRows.positions(layout);
        SourceRows.RowConsumer consumer =
                layout.kind() == SourceLayout.Kind.TAPS ? tapRows(at) : countRows(at);
        long rowsRead = 0;
        long charsBefore = 0;
        for (Path file : files) {
            long offset = charsBefore;
            long[] last = {0};
            rowsRead +=
                    SourceRows.read(
                            file,
                            layout,
                            consumer,
                            counting,
                            chars -> {
                                last[0] = chars;
                                progress.accept(offset + chars);
                            });
            charsBefore += last[0];
        }
        if (layout.kind() == SourceLayout.Kind.COUNTS) {
            spreadCounts(counting);
        }
        events.sort(Comparator.comparingLong(FeedEvent::eventTime));
        assignIds();
        int stations = (int) events.stream().map(FeedEvent::stationId).distinct().count();
        return new IngestResult(
                events,
                rowsRead,
                rowsOffNetwork,
                offNetwork,
                rejects,
                entries,
                exits,
                heartbeats,
                withCard,
                stations);
    }

    private SourceRows.RowConsumer tapRows(Map<String, Integer> at) {
        int time = at.get("time");
        int station = at.get("station");
        int gate = at.get("gate");
        int direction = at.get("direction");
        Integer card = at.get("card");
        return (file, line, row, v) -> {
            String stationId = station(v[station]);
            if (stationId == null) {
                return;
            }
            GateDirection dir = direction(v[direction]);
            long t = time(v[time]);
            String gateId = gate(stationId, v[gate]);
            GateEvent tap = new GateEvent(null, stationId, gateId, dir, t);
            if (card != null && !v[card].isEmpty()) {
                tap.cardId = text(v[card], "card");
                withCard++;
            }
            if (dir == GateDirection.ENTRY) {
                entries++;
            } else {
                exits++;
            }
            events.add(tap);
        };
    }

    private SourceRows.RowConsumer countRows(Map<String, Integer> at) {
        int station = at.get("station");
        int start = at.get("start");
        Integer end = at.get("end");
        int in = at.get("entries");
        int out = at.get("exits");
        return (file, line, row, v) -> {
            String stationId = station(v[station]);
            if (stationId == null) {
                return;
            }
            long from = time(v[start]);
            long to =
                    end != null
                            ? time(v[end])
                            : from + layout.intervalSeconds() * MILLIS_PER_SECOND;
            if (to <= from) {
                throw new RowProblem(
                        "the interval ends before it starts", v[start] + " to " + v[end]);
            }
            if (to - from > 86_400 * MILLIS_PER_SECOND) {
                throw new RowProblem("the interval is longer than a day");
            }
            long entriesCounted = count(v[in], "entries");
            long exitsCounted = count(v[out], "exits");
            long plausible = (to - from) / MILLIS_PER_SECOND * MAX_TAPS_PER_SECOND;
            if (entriesCounted > plausible || exitsCounted > plausible) {
                throw new RowProblem(
                        "more than " + MAX_TAPS_PER_SECOND + " taps a second",
                        entriesCounted + " entries, " + exitsCounted + " exits");
            }
            countRows.add(
                    new CountRow(
                            file, line, row, stationId, from, to, entriesCounted, exitsCounted));
        };
    }

    /** A station's entries and exits in an interval, as read. */
    private record CountRow(
            String file,
            long line,
            String row,
            String stationId,
            long from,
            long to,
            long in,
            long out) {}

    private void spreadCounts(SourceRows.Rejects counting) {
        // Each station's intervals in time order; overlapping ones are rejected.
        countRows.sort(
                Comparator.comparing(CountRow::stationId)
                        .thenComparingLong(CountRow::from)
                        .thenComparingLong(CountRow::to));
        String station = null;
        long end = Long.MIN_VALUE;
        long entriesTotal = 0;
        long exitsTotal = 0;
        for (CountRow r : countRows) {
            String gateId = r.stationId + COUNTS_GATE_SUFFIX;
            if (!r.stationId.equals(station)) {
                station = r.stationId;
                end = Long.MIN_VALUE;
                entriesTotal = 0;
                exitsTotal = 0;
            }
            if (r.from < end) {
                counting.reject(
                        r.file,
                        r.line,
                        r.row,
                        new RowProblem(
                                "the interval overlaps another of its station",
                                r.stationId + " is already counted until " + timeText(end)));
                continue;
            }
            if (r.from != end) {
                // The counter's start, or its restart after a gap in the source.
                beat(r.stationId, gateId, r.from, entriesTotal, exitsTotal);
            }
            spread(r.stationId, gateId, GateDirection.ENTRY, r.from, r.to, r.in);
            spread(r.stationId, gateId, GateDirection.EXIT, r.from, r.to, r.out);
            entriesTotal += r.in;
            exitsTotal += r.out;
            entries += r.in;
            exits += r.out;
            beat(r.stationId, gateId, r.to, entriesTotal, exitsTotal);
            end = r.to;
        }
    }

    /** {@code n} taps at even spacing over [from, to): the i-th at the middle of its share. */
    private void spread(
            String stationId, String gateId, GateDirection direction, long from, long to, long n) {
        long span = to - from;
        for (long i = 0; i < n; i++) {
            long t = from + Math.floorDiv((2 * i + 1) * span, 2 * n);
            events.add(new GateEvent(null, stationId, gateId, direction, t));
        }
    }

    private void beat(String stationId, String gateId, long time, long in, long out) {
        events.add(
                new GateHeartbeat(
                        gateId + "-hb-" + Math.floorDiv(time, MILLIS_PER_SECOND),
                        stationId,
                        gateId,
                        time,
                        in,
                        out));
        heartbeats++;
    }

    private void assignIds() {
        Map<String, long[]> lastPerGate = new HashMap<>();
        for (FeedEvent event : events) {
            if (event instanceof GateEvent tap) {
                long[] last = lastPerGate.computeIfAbsent(tap.gateId, g -> new long[] {0, -1});
                if (last[0] == tap.eventTime) {
                    last[1]++;
                } else {
                    last[0] = tap.eventTime;
                    last[1] = 0;
                }
                tap.eventId = tap.gateId + "-" + tap.eventTime + "-" + last[1];
            }
        }
    }

    private String station(String sourceId) throws RowProblem {
        if (sourceId.isEmpty()) {
            throw new RowProblem("the station is empty");
        }
        String stationId = mapping.stationId(sourceId);
        if (stationId == null) {
            rowsOffNetwork++;
            offNetwork.add(sourceId);
        }
        return stationId;
    }

    private GateDirection direction(String code) throws RowProblem {
        if (layout.entryCodes().contains(code)) {
            return GateDirection.ENTRY;
        }
        if (layout.exitCodes().contains(code)) {
            return GateDirection.EXIT;
        }
        throw new RowProblem(
                "the direction is neither an entry code "
                        + layout.entryCodes()
                        + " nor an exit code "
                        + layout.exitCodes(),
                "'" + shorten(code) + "'");
    }

    private long time(String text) throws RowProblem {
        try {
            return LocalDateTime.parse(text, layout.timeFormat())
                    .atZone(zone)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeException e) {
            throw new RowProblem(
                    "the time does not match '" + layout.timePattern() + "'",
                    "'" + shorten(text) + "'");
        }
    }

    private String gate(String stationId, String device) throws RowProblem {
        String key = stationId + '\u0000' + device;
        String id = gateIds.get(key);
        if (id == null) {
            id = stationId + "-" + text(device, "gate");
            if (id.length() > MAX_GATE_ID_LENGTH) {
                throw new RowProblem("the gate id is too long");
            }
            gateIds.put(key, id);
        }
        return id;
    }

    private static String text(String value, String what) throws RowProblem {
        if (value.isEmpty()) {
            throw new RowProblem("the " + what + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < 0x20) {
                throw new RowProblem("the " + what + " has a control character");
            }
        }
        return value;
    }

    private static long count(String text, String what) throws RowProblem {
        try {
            long n = Long.parseLong(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new RowProblem(
                "the " + what + " are not a whole number of 0 or more", "'" + shorten(text) + "'");
    }

    private String timeText(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDateTime().toString();
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
