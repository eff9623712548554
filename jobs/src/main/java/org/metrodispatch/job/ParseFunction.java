package org.metrodispatch.job;

import org.metrodispatch.contract.decision.RejectedRecord;
import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.GateHeartbeat;
import org.metrodispatch.contract.event.SignallingHeartbeat;
import org.metrodispatch.contract.event.TrainEvent;
import org.metrodispatch.contract.event.TrainEventType;
import org.metrodispatch.contract.json.EventReader;
import org.metrodispatch.contract.json.InvalidEventException;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Parses raw records into station events. Whatever cannot be used goes to a side output with the
 * reason and a description of the raw record (a bounded prefix, its size and SHA-256), and is
 * counted: malformed JSON, missing or invalid fields, unknown stations or directions, event times
 * far from the stream's clock (dead letters), and events behind the watermark (late events).
 * Nothing is dropped silently, and nothing here can fail the job.
 */
public final class ParseFunction extends ProcessFunction<RawRecord, StationEvent> {

    private static final long serialVersionUID = 1L;

    /** Records that break the contract. */
    public static final OutputTag<RejectedRecord> DEAD_LETTERS =
            new OutputTag<>("dead-letters", Types.POJO(RejectedRecord.class));

    /** Valid records that came after the watermark had passed their event time. */
    public static final OutputTag<RejectedRecord> LATE_EVENTS =
            new OutputTag<>("late-events", Types.POJO(RejectedRecord.class));

    /** Event times before this are not believed (2000-01-01T00:00Z). */
    private static final long EARLIEST_PLAUSIBLE = 946_684_800_000L;

    /** Event times from this on are not believed (2100-01-01T00:00Z). */
    private static final long LATEST_PLAUSIBLE = 4_102_444_800_000L;

    /** How much of a record a rejected record keeps unless told otherwise. */
    public static final int DEFAULT_PREFIX_BYTES = 4096;

    private final Network network;
    private final long maxClockSkewMillis;
    private final int rejectedPrefixBytes;
    private transient EventReader reader;
    private transient Counter eventsIn;
    private transient Counter deadLetters;
    private transient Counter lateEvents;

    /**
     * How far event time has come in each source (Kafka partition, input file), from the records
     * accepted. The watermark is the slowest source's: when a backlog is read, some partitions run
     * hours ahead of others (train reports are far fewer than gate taps), and their records must be
     * judged by their own clock, not by the slowest partition's.
     */
    private transient Map<String, PlausibleClock> sourceClocks;

    // Records come in runs from one source: look its clock up once per run, not once per record.
    private transient String lastSource;
    private transient PlausibleClock lastSourceClock;

    /**
     * @param maxClockSkewMillis an event this far behind the watermark, or this far ahead of both
     *     the watermark and its own source's clock, is a dead letter rather than an event (or a
     *     late one)
     */
    public ParseFunction(Network network, long maxClockSkewMillis) {
        this(network, maxClockSkewMillis, DEFAULT_PREFIX_BYTES);
    }

    /**
     * @param rejectedPrefixBytes how much of a rejected record its dead letter or late event keeps
     *     (with the record's size and SHA-256)
     */
    public ParseFunction(Network network, long maxClockSkewMillis, int rejectedPrefixBytes) {
        this.network = network;
        this.maxClockSkewMillis = maxClockSkewMillis;
        this.rejectedPrefixBytes = rejectedPrefixBytes;
    }

    @Override
    public void open(OpenContext context) {
        reader = new EventReader();
        sourceClocks = new HashMap<>();
        var metrics = getRuntimeContext().getMetricGroup();
        eventsIn = metrics.counter("eventsIn");
        deadLetters = metrics.counter("deadLetters");
        lateEvents = metrics.counter("lateEvents");
    }

    @Override
    public void processElement(RawRecord record, Context context, Collector<StationEvent> out) {
        eventsIn.inc();
        Object parsed;
        try {
            // The source read the time already (for watermarks): one parse of it is enough.
            parsed =
                    record.payload == null
                            ? reader.read(new byte[0])
                            : reader.read(
                                    record.payload, record.sniffedEventTime, record.sniffedTimeAt);
        } catch (InvalidEventException e) {
            reject(context, DEAD_LETTERS, record, e.getMessage(), 0, 0);
            return;
        }
        StationEvent event = new StationEvent();
        String problem = convert(parsed, event);
        if (problem != null) {
            reject(context, DEAD_LETTERS, record, problem, 0, 0);
            return;
        }
        long time = event.eventTime;
        if (time < EARLIEST_PLAUSIBLE || time >= LATEST_PLAUSIBLE) {
            reject(context, DEAD_LETTERS, record, "eventTime is not a plausible time", time, 0);
            return;
        }
        Long sniffed = context.timestamp();
        if (sniffed == null || sniffed != time) {
            reject(
                    context,
                    DEAD_LETTERS,
                    record,
                    "eventTime could not be read unambiguously",
                    time,
                    0);
            return;
        }
        long watermark = context.timerService().currentWatermark();
        PlausibleClock sourceClock = clockOf(record.source);
        long clock = Math.max(watermark, sourceClock.latest());
        if (clock != Long.MIN_VALUE && time > clock + maxClockSkewMillis) {
            reject(
                    context,
                    DEAD_LETTERS,
                    record,
                    "eventTime is far ahead of the stream's clock",
                    time,
                    watermark);
            return;
        }
        if (watermark != Long.MIN_VALUE) {
            if (time < watermark - maxClockSkewMillis) {
                reject(
                        context,
                        DEAD_LETTERS,
                        record,
                        "eventTime is far behind the stream's clock",
                        time,
                        watermark);
                return;
            }
            if (time <= watermark) {
                reject(
                        context,
                        LATE_EVENTS,
                        record,
                        "later than the watermark allows",
                        time,
                        watermark);
                return;
            }
        }
        sourceClock.observe(time);
        if (event.type == StationEventType.SIGNALLING_HEARTBEAT) {
            return;
        }
        event.ingestMillis = record.ingestMillis;
        event.contentKey = EventContent.key(parsed);
        event.source = record.source;
        event.sourceOrder = record.sourceOrder;
        out.collect(event);
    }

    /** Fills the station event; returns why the event cannot be used, or null. */
    private String convert(Object parsed, StationEvent event) {
        String stationId;
        if (parsed instanceof GateEvent) {
            GateEvent tap = (GateEvent) parsed;
            event.type =
                    tap.direction == GateDirection.ENTRY
                            ? StationEventType.ENTRY
                            : StationEventType.EXIT;
            event.eventKey = eventKey(tap.eventId);
            event.eventTime = tap.eventTime;
            stationId = tap.stationId;
        } else if (parsed instanceof GateHeartbeat) {
            GateHeartbeat beat = (GateHeartbeat) parsed;
            event.type = StationEventType.HEARTBEAT;
            event.eventKey = eventKey(beat.eventId);
            event.eventTime = beat.eventTime;
            stationId = beat.stationId;
        } else if (parsed instanceof SignallingHeartbeat) {
            SignallingHeartbeat beat = (SignallingHeartbeat) parsed;
            event.type = StationEventType.SIGNALLING_HEARTBEAT;
            event.eventTime = beat.eventTime;
            stationId = beat.stationId;
        } else {
            TrainEvent train = (TrainEvent) parsed;
            if (!network.lineId().equals(train.lineId)) {
                return "line '"
                        + train.lineId
                        + "' is not this job's line '"
                        + network.lineId()
                        + "'";
            }
            Direction direction = network.direction(train.direction);
            if (direction == null) {
                return "unknown direction '"
                        + train.direction
                        + "' (this line's are "
                        + network.directionName(Direction.FORWARD)
                        + " and "
                        + network.directionName(Direction.REVERSE)
                        + ")";
            }
            event.type =
                    train.type == TrainEventType.ARRIVAL
                            ? StationEventType.TRAIN_ARRIVAL
                            : StationEventType.TRAIN_DEPARTURE;
            event.eventKey = eventKey(train.eventId);
            event.eventTime = train.eventTime;
            event.trainId = train.trainId;
            event.direction = direction.index();
            event.load = train.load;
            event.capacity = train.capacity;
            stationId = train.stationId;
        }
        int station = network.indexOf(stationId);
        if (station < 0) {
            return "unknown station '" + stationId + "' (not on " + network.name() + ")";
        }
        event.station = station;
        return null;
    }

    /** A 64-bit FNV-1a hash of an event id, well mixed: what de-duplication compares. */
    static long eventKey(String eventId) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < eventId.length(); i++) {
            hash ^= eventId.charAt(i);
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        return hash ^ (hash >>> 33);
    }

    private PlausibleClock clockOf(String source) {
        if (lastSourceClock == null || !Objects.equals(source, lastSource)) {
            lastSource = source;
            lastSourceClock =
                    sourceClocks.computeIfAbsent(
                            source,
                            s ->
                                    new PlausibleClock(
                                            maxClockSkewMillis, DispatchWatermarks.CONFIRMATIONS));
        }
        return lastSourceClock;
    }

    private void reject(
            Context context,
            OutputTag<RejectedRecord> tag,
            RawRecord record,
            String reason,
            long eventTime,
            long watermark) {
        (tag == LATE_EVENTS ? lateEvents : deadLetters).inc();
        RejectedRecord rejected = new RejectedRecord();
        rejected.source = record.source + ":" + record.sourceOrder;
        rejected.sourceOrder = record.sourceOrder;
        rejected.reason = reason;
        rejected.eventTime = eventTime;
        rejected.watermark = watermark;
        // A prefix, the size and a hash: the whole record could be larger than an output record
        // may be (Kafka's request size).
        rejected.describe(record.payload, rejectedPrefixBytes);
        context.output(tag, rejected);
    }
}
