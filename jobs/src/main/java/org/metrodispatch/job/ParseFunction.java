package org.metrodispatch.job;

import org.metrodispatch.contract.decision.FeedAlert;
import org.metrodispatch.contract.decision.FeedAlertKind;
import org.metrodispatch.contract.decision.FeedAlertState;
import org.metrodispatch.contract.decision.RejectedRecord;
import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.GateHeartbeat;
import org.metrodispatch.contract.event.SignallingHeartbeat;
import org.metrodispatch.contract.event.TrainEvent;
import org.metrodispatch.contract.event.TrainEventType;
import org.metrodispatch.contract.json.EventReader;
import org.metrodispatch.contract.json.InvalidEventException;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.dispatch.RejectedShare;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses raw records into station events. Whatever cannot be used goes to a side output with the
 * reason and a description of the raw record (a bounded prefix, its size and SHA-256), and is
 * counted: malformed JSON, invalid UTF-8, missing or invalid fields, unknown stations or
 * directions, implausible times (dead letters). Nothing is dropped silently, and nothing here can
 * fail the job. Whether a valid event's time is believed, late, or from a clock that is off is
 * decided next, by {@link EventTimeOperator}: only valid records feed event time.
 */
public final class ParseFunction extends ProcessFunction<RawRecord, StationEvent> {

    private static final long serialVersionUID = 1L;

    /** Records that break the contract. */
    public static final OutputTag<RejectedRecord> DEAD_LETTERS =
            new OutputTag<>("dead-letters", Types.POJO(RejectedRecord.class));

    /**
     * Valid records that came after the watermark had passed their event time (written by {@link
     * EventTimeOperator}).
     */
    public static final OutputTag<RejectedRecord> LATE_EVENTS =
            new OutputTag<>("late-events", Types.POJO(RejectedRecord.class));

    /** Alerts that most of the input is rejected, and that it is not any more. */
    public static final OutputTag<FeedAlert> FEED_ALERTS =
            new OutputTag<>("input-feed-alerts", Types.POJO(FeedAlert.class));

    /** Event times before this are not believed (2000-01-01T00:00Z). */
    private static final long EARLIEST_PLAUSIBLE = 946_684_800_000L;

    /** Event times from this on are not believed (2100-01-01T00:00Z). */
    private static final long LATEST_PLAUSIBLE = 4_102_444_800_000L;

    private static final int DEFAULT_REJECTED_WINDOW = 1000;
    private static final double DEFAULT_REJECTED_SHARE = 0.5;

    /** How much of a record a rejected record keeps unless told otherwise. */
    public static final int DEFAULT_PREFIX_BYTES = 4096;

    private final City city;
    private final int rejectedPrefixBytes;
    private final int rejectedWindowRecords;
    private final double rejectedShareBound;
    private transient EventReader reader;
    private transient RejectedShare rejectedShare;
    private transient String lastReason;
    private transient long lastValidTime;
    private transient Counter eventsIn;
    private transient Counter unreadable;
    private transient Counter invalid;
    private transient Counter implausibleTime;
    private transient Counter ambiguousTime;

    public ParseFunction(City city) {
        this(city, DEFAULT_PREFIX_BYTES);
    }

    /**
     * @param rejectedPrefixBytes how much of a rejected record its dead letter keeps (with the
     *     record's size and SHA-256)
     */
    public ParseFunction(City city, int rejectedPrefixBytes) {
        this(city, rejectedPrefixBytes, DEFAULT_REJECTED_WINDOW, DEFAULT_REJECTED_SHARE);
    }

    /**
     * @param rejectedWindowRecords the input is judged over this many records...
     * @param rejectedShare ...and is mostly rejected (a feed alert) when this share of them is
     */
    public ParseFunction(
            City city, int rejectedPrefixBytes, int rejectedWindowRecords, double rejectedShare) {
        this.city = city;
        this.rejectedPrefixBytes = rejectedPrefixBytes;
        this.rejectedWindowRecords = rejectedWindowRecords;
        this.rejectedShareBound = rejectedShare;
    }

    @Override
    public void open(OpenContext context) {
        reader = new EventReader();
        rejectedShare = new RejectedShare(rejectedWindowRecords, rejectedShareBound);
        lastValidTime = 0;
        var metrics = getRuntimeContext().getMetricGroup();
        eventsIn = JobMetrics.group(metrics).counter("eventsIn");
        unreadable = JobMetrics.deadLetters(metrics, JobMetrics.UNREADABLE);
        invalid = JobMetrics.deadLetters(metrics, JobMetrics.INVALID);
        implausibleTime = JobMetrics.deadLetters(metrics, JobMetrics.IMPLAUSIBLE_TIME);
        ambiguousTime = JobMetrics.deadLetters(metrics, JobMetrics.AMBIGUOUS_TIME);
    }

    @Override
    public void processElement(RawRecord record, Context context, Collector<StationEvent> out) {
        if (record.announcement()) {
            // Not a record: passed on to event time, which waits for the source it names.
            StationEvent announcement = new StationEvent();
            announcement.station = -1;
            announcement.source = record.source;
            announcement.raw = record;
            out.collect(announcement);
            return;
        }
        eventsIn.inc();
        Object parsed;
        try {
            // Where the source read the time already (pacing, a replay's interleaving), the parser
            // takes it instead of parsing it again; unsniffed records carry no known time.
            parsed =
                    record.payload == null
                            ? reader.read(new byte[0])
                            : reader.read(
                                    record.payload, record.sniffedEventTime, record.sniffedTimeAt);
        } catch (InvalidEventException e) {
            reject(context, unreadable, record, e.getMessage(), 0);
            return;
        }
        StationEvent event = new StationEvent();
        String problem = convert(parsed, event);
        if (problem != null) {
            reject(context, invalid, record, problem, 0);
            return;
        }
        long time = event.eventTime;
        if (time < EARLIEST_PLAUSIBLE || time >= LATEST_PLAUSIBLE) {
            reject(context, implausibleTime, record, "eventTime is not a plausible time", time);
            return;
        }
        if (!readUnambiguously(record, context, time)) {
            reject(
                    context,
                    ambiguousTime,
                    record,
                    "eventTime could not be read unambiguously",
                    time);
            return;
        }
        // Signalling heartbeats too: they carry time (between trains), though no counts.
        event.raw = record;
        event.ingestMillis = record.ingestMillis;
        event.contentKey = EventContent.key(parsed);
        event.source = record.source;
        event.sourceOrder = record.sourceOrder;
        out.collect(event);
        lastValidTime = Math.max(lastValidTime, time);
        judgeInput(context, false);
    }

    /**
     * Whether the time the source read for the watermarks, or would have read, is the parsed one. A
     * record the source did not sniff is sniffed here only when it was not in the plain form: in
     * that form its one eventTime key is the first in its bytes, so a sniff finds the same.
     */
    private boolean readUnambiguously(RawRecord record, Context context, long time) {
        if (!record.sniffed()) {
            return reader.lastReadPlainForm() || EventTimeSniffer.eventTime(record.payload) == time;
        }
        Long sniffed = context.timestamp();
        return sniffed != null && sniffed == time;
    }

    /** Counts the record for the share rejected; an alert when the input turns mostly rejected. */
    private void judgeInput(Context context, boolean rejected) {
        FeedAlertState change = rejectedShare.record(rejected);
        if (change == null) {
            return;
        }
        FeedAlert alert = new FeedAlert();
        alert.kind = FeedAlertKind.INPUT_REJECTED;
        alert.state = change;
        alert.lineId = city.inputLineId();
        alert.feed = "input";
        alert.eventTime = lastValidTime;
        alert.reason =
                change == FeedAlertState.RAISED
                        ? rejectedShare.rejected()
                                + " of the last "
                                + rejectedShare.records()
                                + " input records were rejected (the last because: "
                                + lastReason
                                + "): is the job reading the right line's feeds?"
                        : "most input records are valid again ("
                                + rejectedShare.rejected()
                                + " of the last "
                                + rejectedShare.records()
                                + " rejected)";
        context.output(FEED_ALERTS, alert);
    }

    /** Fills the station event; returns why the event cannot be used, or null. */
    private String convert(Object parsed, StationEvent event) {
        String stationId;
        int line = -1;
        if (parsed instanceof GateEvent) {
            GateEvent tap = (GateEvent) parsed;
            event.type =
                    tap.direction == GateDirection.ENTRY
                            ? StationEventType.ENTRY
                            : StationEventType.EXIT;
            event.eventKey = eventKey(tap.eventId);
            event.eventTime = tap.eventTime;
            event.gate = tap.gateId;
            stationId = tap.stationId;
        } else if (parsed instanceof GateHeartbeat) {
            GateHeartbeat beat = (GateHeartbeat) parsed;
            event.type = StationEventType.HEARTBEAT;
            event.eventKey = eventKey(beat.eventId);
            event.eventTime = beat.eventTime;
            event.tapsTotal = beat.entriesTotal + beat.exitsTotal;
            event.gate = beat.gateId;
            stationId = beat.stationId;
        } else if (parsed instanceof SignallingHeartbeat) {
            SignallingHeartbeat beat = (SignallingHeartbeat) parsed;
            event.type = StationEventType.SIGNALLING_HEARTBEAT;
            event.eventTime = beat.eventTime;
            stationId = beat.stationId;
        } else {
            TrainEvent train = (TrainEvent) parsed;
            line = city.lineIndex(train.lineId);
            if (line < 0) {
                return city.lineCount() == 1
                        ? "line '" + train.lineId + "' is not this job's line " + city.lineIds()
                        : "line '"
                                + train.lineId
                                + "' is not one of this job's lines "
                                + city.lineIds();
            }
            Network network = city.line(line);
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
            event.serviceNumber =
                    train.serviceId == null ? 0 : network.serviceIndex(train.serviceId) + 1;
            stationId = train.stationId;
        }
        int station = city.indexOf(stationId);
        if (station < 0) {
            return "unknown station '" + stationId + "' (not on " + city.name() + ")";
        }
        if (line >= 0 && city.lineOf(station) != line) {
            return "station '"
                    + stationId
                    + "' is on line '"
                    + city.line(city.lineOf(station)).lineId()
                    + "', not on the train's line '"
                    + city.line(line).lineId()
                    + "'";
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

    /** A dead letter, counted under its kind of reason. */
    private void reject(
            Context context, Counter kind, RawRecord record, String reason, long eventTime) {
        kind.inc();
        context.output(DEAD_LETTERS, rejected(record, reason, eventTime, 0, rejectedPrefixBytes));
        lastReason = reason;
        judgeInput(context, true);
    }

    /**
     * A record the job does not use, with why: for the dead letters and the late events.
     *
     * @param prefixBytes how much of the record it keeps
     */
    static RejectedRecord rejected(
            RawRecord record, String reason, long eventTime, long watermark, int prefixBytes) {
        RejectedRecord rejected = new RejectedRecord();
        rejected.source = record.source + ":" + record.sourceOrder;
        rejected.sourceOrder = record.sourceOrder;
        rejected.reason = reason;
        rejected.eventTime = eventTime;
        rejected.watermark = watermark;
        // A prefix, the size and a hash: the whole record could be larger than an output record
        // may be (Kafka's request size).
        rejected.describe(record.payload, prefixBytes);
        return rejected;
    }
}
