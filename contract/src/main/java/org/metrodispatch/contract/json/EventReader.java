package org.metrodispatch.contract.json;

import org.metrodispatch.contract.event.EventKind;
import org.metrodispatch.contract.event.FeedEvent;
import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.GateHeartbeat;
import org.metrodispatch.contract.event.SignallingHeartbeat;
import org.metrodispatch.contract.event.TrainEvent;
import org.metrodispatch.contract.event.TrainEventType;
import org.metrodispatch.contract.time.IsoTime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Reads one event of the contract from the raw bytes of a record: the plain form that producers
 * write in one pass ({@link FlatRecordScanner}), anything else with Jackson's streaming parser;
 * {@link IsoTime} for timestamps.
 *
 * <p>Every way a record can break the contract ends in an {@link InvalidEventException} whose
 * message says what is wrong: not JSON, not an object, an unknown {@code kind}, a missing or
 * mistyped field, a timestamp without offset, a negative load, bytes that are not strict UTF-8
 * (overlong encodings, encoded surrogates: see {@link StrictUtf8}). Fields the contract does not
 * know are skipped, so producers can add fields without breaking readers. Not thread-safe: one
 * reader per thread.
 */
public final class EventReader {

    /** Records larger than this are rejected before parsing; real events are about 150 bytes. */
    public static final int MAX_RECORD_BYTES = 16 * 1024;

    private static final int MAX_TEXT_LENGTH = 256;
    private static final Pattern SOURCE_LOCATION =
            Pattern.compile(
                    "\\s*\\(?(start marker )?at \\[Source: [^\\]]*\\]\\)?|\\s*\\[Source: [^\\]]*\\]");

    private final JsonFactory factory;
    private final EventFields fields = new EventFields();

    /** Reads the plain form of records in one pass; null to read every record with Jackson. */
    private final FlatRecordScanner flat;

    /** An eventTime value already read by the caller, and where its opening quote is; or -1. */
    private long knownTime;

    private int knownTimeAt = -1;

    /** Whether the last record read was in the plain form ({@link #lastReadPlainForm()}). */
    private boolean lastPlain;

    public EventReader() {
        this(true);
    }

    /**
     * @param plainFormFirst whether records in the plain form are read without Jackson (see {@link
     *     FlatRecordScanner}); false reads every record with Jackson, for tests that compare the
     *     two
     */
    EventReader(boolean plainFormFirst) {
        this.flat = plainFormFirst ? new FlatRecordScanner(MAX_TEXT_LENGTH) : null;
        this.factory =
                JsonFactory.builder()
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(32)
                                        .maxStringLength(MAX_RECORD_BYTES)
                                        .maxNumberLength(32)
                                        .build())
                        // Jackson's default pool looks its buffers up in a thread-local for every
                        // parser; a reader serves one thread, so it keeps its own.
                        .recyclerPool(new OwnBuffers())
                        .build();
    }

    /** Reads an event from a whole array. */
    public FeedEvent read(byte[] record) throws InvalidEventException {
        return read(record, 0, record.length);
    }

    /**
     * Reads an event and returns a {@link GateEvent}, {@link GateHeartbeat}, {@link
     * SignallingHeartbeat} or {@link TrainEvent}.
     */
    public FeedEvent read(byte[] record, int offset, int length) throws InvalidEventException {
        if (record == null || length == 0) {
            throw new InvalidEventException("empty record");
        }
        if (length > MAX_RECORD_BYTES) {
            throw new InvalidEventException(
                    "record of " + length + " bytes is larger than " + MAX_RECORD_BYTES);
        }
        fields.clear();
        lastPlain = false;
        if (flat != null && flat.scan(record, offset, length, fields, knownTime, knownTimeAt)) {
            lastPlain = true;
            return build();
        }
        // Not in the plain form (or not valid): Jackson's reading says what is wrong, if anything.
        // Jackson decodes overlong forms and encoded surrogates as if they were characters.
        String notUtf8 = StrictUtf8.problem(record, offset, length);
        if (notUtf8 != null) {
            throw new InvalidEventException(notUtf8);
        }
        fields.clear();
        try (JsonParser parser = factory.createParser(record, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException("not a JSON object");
            }
            readFields(parser);
            if (parser.nextToken() != null) {
                throw new InvalidEventException("unexpected content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(
                    "malformed JSON: " + withoutSource(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidEventException("unreadable record: " + e.getMessage());
        }
        return build();
    }

    /**
     * Reads an event from a whole array whose time the caller has read already: the eventTime value
     * whose opening quote is at byte {@code knownTimeAt} is taken as {@code knownTime}, not parsed
     * again. An eventTime anywhere else is read as usual, so the result is the same as {@link
     * #read(byte[])}'s whenever the caller read that value the way this reader would.
     *
     * @param knownTimeAt the byte offset of the value's opening quote, or -1 for none
     */
    public FeedEvent read(byte[] record, long knownTime, int knownTimeAt)
            throws InvalidEventException {
        this.knownTime = knownTime;
        this.knownTimeAt = knownTimeAt;
        try {
            return read(record);
        } finally {
            this.knownTimeAt = -1;
        }
    }

    /**
     * Whether the last record read was in the plain form that feeds write: one flat object of ASCII
     * strings without escapes and whole numbers, no key twice. In that form the record's one
     * eventTime key is also the first {@code "eventTime"} in its bytes.
     */
    public boolean lastReadPlainForm() {
        return lastPlain;
    }

    /** Reads an event from text, for tools and tests. */
    public FeedEvent read(String record) throws InvalidEventException {
        return read(record.getBytes(StandardCharsets.UTF_8));
    }

    private void readFields(JsonParser parser) throws IOException, InvalidEventException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (EventFields.Field.named(name)) {
                case KIND:
                    fields.kind = text(parser, name, value, fields.kind);
                    break;
                case EVENT_ID:
                    fields.eventId = text(parser, name, value, fields.eventId);
                    break;
                case STATION_ID:
                    fields.stationId = text(parser, name, value, fields.stationId);
                    break;
                case GATE_ID:
                    fields.gateId = text(parser, name, value, fields.gateId);
                    break;
                case DIRECTION:
                    fields.direction = text(parser, name, value, fields.direction);
                    break;
                case TRAIN_ID:
                    fields.trainId = text(parser, name, value, fields.trainId);
                    break;
                case LINE_ID:
                    fields.lineId = text(parser, name, value, fields.lineId);
                    break;
                case SERVICE_ID:
                    // Optional: null is the same as absent.
                    if (value != JsonToken.VALUE_NULL || fields.serviceId != null) {
                        fields.serviceId = text(parser, name, value, fields.serviceId);
                    }
                    break;
                case CARD_ID:
                    fields.cardId = text(parser, name, value, fields.cardId);
                    break;
                case TYPE:
                    fields.type = text(parser, name, value, fields.type);
                    break;
                case EVENT_TIME:
                    fields.eventTime = time(parser, value);
                    break;
                case LOAD:
                    fields.load = number(parser, name, value, fields.load);
                    break;
                case CAPACITY:
                    fields.capacity = number(parser, name, value, fields.capacity);
                    break;
                case RATED_CAPACITY:
                    fields.ratedCapacity = number(parser, name, value, fields.ratedCapacity);
                    break;
                case ENTRIES_TOTAL:
                    fields.entriesTotal = number(parser, name, value, fields.entriesTotal);
                    break;
                case EXITS_TOTAL:
                    fields.exitsTotal = number(parser, name, value, fields.exitsTotal);
                    break;
                default:
                    parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new InvalidEventException("malformed JSON object");
        }
    }

    private FeedEvent build() throws InvalidEventException {
        String kind = require(fields.kind, "kind");
        switch (kind) {
            case EventKind.GATE:
                return new GateEvent(
                        require(fields.eventId, "eventId"),
                        require(fields.stationId, "stationId"),
                        require(fields.gateId, "gateId"),
                        gateDirection(require(fields.direction, "direction")),
                        requireTime(),
                        fields.cardId);
            case EventKind.GATE_HEARTBEAT:
                return new GateHeartbeat(
                        require(fields.eventId, "eventId"),
                        require(fields.stationId, "stationId"),
                        require(fields.gateId, "gateId"),
                        requireTime(),
                        nonNegative(fields.entriesTotal, "entriesTotal", 0),
                        nonNegative(fields.exitsTotal, "exitsTotal", 0));
            case EventKind.SIGNALLING_HEARTBEAT:
                return new SignallingHeartbeat(
                        require(fields.eventId, "eventId"),
                        require(fields.stationId, "stationId"),
                        requireTime());
            case EventKind.TRAIN:
                return buildTrainEvent();
            default:
                throw new InvalidEventException("unknown kind '" + shorten(kind) + "'");
        }
    }

    private TrainEvent buildTrainEvent() throws InvalidEventException {
        long capacity = nonNegative(fields.capacity, "capacity", -1);
        if (capacity <= 0) {
            throw new InvalidEventException(
                    fields.capacity == null
                            ? "missing field capacity"
                            : "capacity must be positive");
        }
        // Checked before the load, so that 3 * capacity cannot overflow.
        if (capacity > Integer.MAX_VALUE / 4) {
            throw new InvalidEventException("capacity is out of range");
        }
        long load = nonNegative(fields.load, "load", -1);
        if (load < 0) {
            throw new InvalidEventException("missing field load");
        }
        // Sensors can read somewhat above the crush load; far above it the reading is broken.
        if (load > 3 * capacity) {
            throw new InvalidEventException(
                    "load " + load + " is more than three times the capacity " + capacity);
        }
        long rated = nonNegative(fields.ratedCapacity, "ratedCapacity", 0);
        if (rated > Integer.MAX_VALUE) {
            throw new InvalidEventException("ratedCapacity is out of range");
        }
        String type = require(fields.type, "type");
        TrainEventType eventType;
        if ("ARRIVAL".equals(type)) {
            eventType = TrainEventType.ARRIVAL;
        } else if ("DEPARTURE".equals(type)) {
            eventType = TrainEventType.DEPARTURE;
        } else {
            throw new InvalidEventException(
                    "type must be ARRIVAL or DEPARTURE, not '" + shorten(type) + "'");
        }
        return new TrainEvent(
                require(fields.eventId, "eventId"),
                require(fields.trainId, "trainId"),
                require(fields.lineId, "lineId"),
                fields.serviceId,
                require(fields.direction, "direction"),
                require(fields.stationId, "stationId"),
                eventType,
                requireTime(),
                (int) load,
                (int) capacity,
                (int) rated);
    }

    private static GateDirection gateDirection(String value) throws InvalidEventException {
        if ("ENTRY".equals(value)) {
            return GateDirection.ENTRY;
        }
        if ("EXIT".equals(value)) {
            return GateDirection.EXIT;
        }
        throw new InvalidEventException(
                "direction must be ENTRY or EXIT, not '" + shorten(value) + "'");
    }

    private long requireTime() throws InvalidEventException {
        if (fields.eventTime == null) {
            throw new InvalidEventException("missing field eventTime");
        }
        return fields.eventTime;
    }

    private static String require(String value, String name) throws InvalidEventException {
        if (value == null) {
            throw new InvalidEventException("missing field " + name);
        }
        if (value.isEmpty()) {
            throw new InvalidEventException("field " + name + " is empty");
        }
        return value;
    }

    private static long nonNegative(Long value, String name, long absent)
            throws InvalidEventException {
        if (value == null) {
            return absent;
        }
        if (value < 0) {
            throw new InvalidEventException(name + " must not be negative: " + value);
        }
        return value;
    }

    private static String text(JsonParser parser, String name, JsonToken token, String previous)
            throws IOException, InvalidEventException {
        if (previous != null) {
            throw new InvalidEventException("field " + name + " appears twice");
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new InvalidEventException("field " + name + " must be a string");
        }
        int length = parser.getTextLength();
        if (length > MAX_TEXT_LENGTH) {
            throw new InvalidEventException(
                    "field " + name + " is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        String text = parser.getText();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x20) {
                throw new InvalidEventException("field " + name + " has a control character");
            }
        }
        return text;
    }

    private long time(JsonParser parser, JsonToken token)
            throws IOException, InvalidEventException {
        if (fields.eventTime != null) {
            throw new InvalidEventException("field eventTime appears twice");
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new InvalidEventException("field eventTime must be an ISO-8601 string");
        }
        if (knownTimeAt >= 0 && parser.currentTokenLocation().getByteOffset() == knownTimeAt) {
            // The caller parsed these very bytes already (the source, for watermarks).
            return knownTime;
        }
        try {
            return IsoTime.parseMillis(
                    parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("eventTime is " + e.getMessage());
        }
    }

    private static Long number(JsonParser parser, String name, JsonToken token, Long previous)
            throws IOException, InvalidEventException {
        if (previous != null) {
            throw new InvalidEventException("field " + name + " appears twice");
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new InvalidEventException("field " + name + " must be a whole number");
        }
        if (parser.getNumberType() != JsonParser.NumberType.INT
                && parser.getNumberType() != JsonParser.NumberType.LONG) {
            throw new InvalidEventException("field " + name + " is out of range");
        }
        return parser.getLongValue();
    }

    /**
     * Jackson's message without its "[Source: ...]" location, which says nothing to a reader here.
     */
    private static String withoutSource(String message) {
        return message == null ? "" : SOURCE_LOCATION.matcher(message).replaceAll("").trim();
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    /**
     * The buffers of this reader's parsers: one set, taken by a parser and given back when it
     * closes. Not thread-safe, like the reader.
     */
    private static final class OwnBuffers implements RecyclerPool<BufferRecycler> {
        private static final long serialVersionUID = 1L;

        private transient BufferRecycler idle;

        @Override
        public BufferRecycler acquirePooled() {
            BufferRecycler buffers = idle;
            idle = null;
            return buffers != null ? buffers : new BufferRecycler();
        }

        @Override
        public void releasePooled(BufferRecycler buffers) {
            idle = buffers;
        }
    }
}
