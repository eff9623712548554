package org.metrodispatch.contract.json;

import org.metrodispatch.contract.event.EventKind;
import org.metrodispatch.contract.event.FeedEvent;
import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.GateHeartbeat;
import org.metrodispatch.contract.event.SignallingHeartbeat;
import org.metrodispatch.contract.event.TrainEvent;
import org.metrodispatch.contract.event.TrainEventType;
import org.metrodispatch.contract.time.TimeFormatter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TimeFormatter SHANGHAI = new TimeFormatter(ZoneId.of("Asia/Shanghai"));
    private static final long T = Instant.parse("2026-03-04T00:12:03.417Z").toEpochMilli();

    private final EventReader reader = new EventReader();

    private static GateEvent gate() {
        return new GateEvent("g-1", "nijiaqiao", "nijiaqiao-g03", GateDirection.ENTRY, T);
    }

    private static GateHeartbeat heartbeat() {
        return new GateHeartbeat("hb-1", "nijiaqiao", "nijiaqiao-g03", T, 1_234, 987);
    }

    private static TrainEvent train() {
        return new TrainEvent(
                "t-1",
                "T0107",
                "1",
                "science-city",
                "southbound",
                "nijiaqiao",
                TrainEventType.DEPARTURE,
                T,
                1_950,
                1_880,
                1_460);
    }

    private static ObjectNode gateJson() {
        return JSON.createObjectNode()
                .put("kind", "gate")
                .put("eventId", "g-1")
                .put("stationId", "nijiaqiao")
                .put("gateId", "nijiaqiao-g03")
                .put("direction", "ENTRY")
                .put("eventTime", "2026-03-04T08:12:03.417+08:00");
    }

    private static ObjectNode heartbeatJson() {
        return JSON.createObjectNode()
                .put("kind", "gate-heartbeat")
                .put("eventId", "hb-1")
                .put("stationId", "nijiaqiao")
                .put("gateId", "nijiaqiao-g03")
                .put("eventTime", "2026-03-04T08:12:03.417+08:00")
                .put("entriesTotal", 1_234)
                .put("exitsTotal", 987);
    }

    private static ObjectNode signallingJson() {
        return JSON.createObjectNode()
                .put("kind", "signalling-heartbeat")
                .put("eventId", "sig-1")
                .put("stationId", "nijiaqiao")
                .put("eventTime", "2026-03-04T08:12:03.417+08:00");
    }

    private static ObjectNode trainJson() {
        return JSON.createObjectNode()
                .put("kind", "train")
                .put("eventId", "t-1")
                .put("trainId", "T0107")
                .put("lineId", "1")
                .put("serviceId", "science-city")
                .put("direction", "southbound")
                .put("stationId", "nijiaqiao")
                .put("type", "DEPARTURE")
                .put("eventTime", "2026-03-04T08:12:03.417+08:00")
                .put("load", 1_950)
                .put("capacity", 1_880)
                .put("ratedCapacity", 1_460);
    }

    private static String with(ObjectNode base, Consumer<ObjectNode> change) {
        ObjectNode copy = base.deepCopy();
        change.accept(copy);
        return copy.toString();
    }

    private static String write(FeedEvent event, TimeFormatter time) {
        return EventJson.write(new JsonBytes(), event, time).toString();
    }

    private void assertRejected(String record, String... reasonParts) {
        assertThatThrownBy(() -> reader.read(record))
                .as(record)
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContainingAll(reasonParts);
    }

    // ---- Round trips ----

    @Test
    void readsTheHandWrittenFormOfEachKind() throws InvalidEventException {
        assertThat(reader.read(gateJson().toString())).isEqualTo(gate());
        assertThat(reader.read(heartbeatJson().toString())).isEqualTo(heartbeat());
        assertThat(reader.read(trainJson().toString())).isEqualTo(train());
        assertThat(reader.read(signallingJson().toString()))
                .isEqualTo(new SignallingHeartbeat("sig-1", "nijiaqiao", T));
    }

    // ---- A time read already by the caller ----

    private static final String NESTED_FIRST =
            "{\"kind\":\"gate\",\"extra\":{\"eventTime\":\"2026-03-04T00:00:00Z\"},"
                    + "\"eventId\":\"g-1\",\"stationId\":\"nijiaqiao\","
                    + "\"gateId\":\"nijiaqiao-g03\",\"direction\":\"ENTRY\","
                    + "\"eventTime\":\"2026-03-04T00:12:03.417Z\"}";

    /** The byte offset of the opening quote of the {@code n}-th eventTime value (from 0). */
    private static int timeValueAt(byte[] record, int n) {
        String text = new String(record, StandardCharsets.US_ASCII);
        int at = -1;
        for (int i = 0; i <= n; i++) {
            at = text.indexOf("\"eventTime\":", at + 1);
        }
        return at + "\"eventTime\":".length();
    }

    @Test
    void aKnownTimeAtTheTopLevelFieldIsTakenWithoutParsingItAgain() throws InvalidEventException {
        byte[] record = NESTED_FIRST.getBytes(StandardCharsets.UTF_8);
        // A value the bytes do not say: proof that it was taken, not parsed.
        GateEvent event = (GateEvent) reader.read(record, 42L, timeValueAt(record, 1));
        assertThat(event.eventTime).isEqualTo(42L);
    }

    @Test
    void aKnownTimeFromElsewhereInTheRecordIsNotTaken() throws InvalidEventException {
        byte[] record = NESTED_FIRST.getBytes(StandardCharsets.UTF_8);
        // The nested field, as a byte search finds it first: the top-level one is parsed.
        GateEvent event = (GateEvent) reader.read(record, 42L, timeValueAt(record, 0));
        assertThat(event.eventTime).isEqualTo(T);
        assertThat(((GateEvent) reader.read(record, 42L, -1)).eventTime).isEqualTo(T);
    }

    @Test
    void aKnownTimeIsForgottenAfterItsRecord() throws InvalidEventException {
        byte[] record = NESTED_FIRST.getBytes(StandardCharsets.UTF_8);
        reader.read(record, 42L, timeValueAt(record, 1));
        assertThat(((GateEvent) reader.read(record)).eventTime).isEqualTo(T);
    }

    @Test
    void signallingHeartbeatNeedsItsStationAndTime() {
        assertRejected(with(signallingJson(), o -> o.remove("stationId")), "stationId");
        assertRejected(with(signallingJson(), o -> o.remove("eventTime")), "eventTime");
    }

    @Test
    void everyEventKindRoundTripsThroughEventJson() throws InvalidEventException {
        FeedEvent[] events = {
            gate(),
            new GateEvent("g-2", "tianfu-square", "tianfu-square-g28", GateDirection.EXIT, T + 1),
            heartbeat(),
            new GateHeartbeat("hb-2", "sihe", "sihe-g01", T, 0, 0),
            new SignallingHeartbeat("sig-1", "sihe", T),
            train(),
            new TrainEvent(
                    "t-2",
                    "T0001",
                    "1",
                    "wugensong",
                    "northbound",
                    "guangdu",
                    TrainEventType.ARRIVAL,
                    T - 1,
                    0,
                    1_880,
                    0)
        };
        for (ZoneId zone :
                new ZoneId[] {
                    ZoneId.of("Asia/Shanghai"), ZoneId.of("UTC"), ZoneId.of("America/St_Johns")
                }) {
            TimeFormatter time = new TimeFormatter(zone);
            for (FeedEvent event : events) {
                String json = write(event, time);
                assertThat(reader.read(json)).as(json).isEqualTo(event);
            }
        }
    }

    @Test
    void trainEventWithoutServiceRoundTrips() throws InvalidEventException {
        TrainEvent event = train();
        event.serviceId = null;
        String json = write(event, SHANGHAI);
        assertThat(reader.read(json)).isEqualTo(event);
        assertThat(reader.read(with(trainJson(), o -> o.remove("serviceId")))).isEqualTo(event);
    }

    @Test
    void gateTapWithCardRoundTrips() throws InvalidEventException {
        GateEvent tap = gate();
        tap.cardId = "card-5e1f";
        String json = write(tap, SHANGHAI);
        assertThat(json).contains("\"cardId\":\"card-5e1f\"");
        assertThat(reader.read(json)).isEqualTo(tap);
        // Without one it is left out, and a tap with a card is another tap than one without.
        assertThat(write(gate(), SHANGHAI)).doesNotContain("cardId");
        assertThat(reader.read(json)).isNotEqualTo(gate());
    }

    @Test
    void cardIdMustBeTextAndNotNull() {
        assertRejected(with(gateJson(), o -> o.put("cardId", 42)), "field cardId must be a string");
        assertRejected(with(gateJson(), o -> o.putNull("cardId")), "field cardId must be a string");
        assertRejected(with(gateJson(), o -> o.put("cardId", "a\tb")), "control character");
    }

    @Test
    void serviceIdIsOptionalButMustBeTextWhenGiven() {
        assertRejected(
                with(trainJson(), o -> o.put("serviceId", 7)), "field serviceId must be a string");
        String record = trainJson().toString();
        assertRejected(
                record.replace("}", ",\"serviceId\":null}"), "field serviceId appears twice");
    }

    @Test
    void randomEventsRoundTrip() throws InvalidEventException {
        Random random = new Random(17);
        String[] alphabet = {
            "a", "Z", "9", "-", "_", " ", "\"", "\\", "/", "é", "倪", "😀", "\u007f"
        };
        for (int i = 0; i < 3_000; i++) {
            String id = randomText(random, alphabet);
            long time =
                    Instant.parse("2000-01-01T00:00:00Z").toEpochMilli()
                            + (long) (random.nextDouble() * 4_000_000_000_000L);
            FeedEvent event;
            switch (i % 4) {
                case 0:
                    event =
                            new GateEvent(
                                    id,
                                    "s" + id,
                                    "g" + id,
                                    random.nextBoolean() ? GateDirection.ENTRY : GateDirection.EXIT,
                                    time);
                    break;
                case 1:
                    event =
                            new GateHeartbeat(
                                    id,
                                    "s" + id,
                                    "g" + id,
                                    time,
                                    random.nextLong() & Long.MAX_VALUE,
                                    random.nextInt(1_000_000));
                    break;
                case 2:
                    event = new SignallingHeartbeat(id, "s" + id, time);
                    break;
                default:
                    int capacity = 1 + random.nextInt(5_000);
                    event =
                            new TrainEvent(
                                    id,
                                    "t" + id,
                                    "l" + id,
                                    random.nextBoolean() ? "s" + id : null,
                                    "d" + id,
                                    "st" + id,
                                    random.nextBoolean()
                                            ? TrainEventType.ARRIVAL
                                            : TrainEventType.DEPARTURE,
                                    time,
                                    random.nextInt(3 * capacity + 1),
                                    capacity,
                                    random.nextInt(5_000));
            }
            String json = write(event, SHANGHAI);
            assertThat(reader.read(json)).as(json).isEqualTo(event);
        }
    }

    private static String randomText(Random random, String[] alphabet) {
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(20);
        for (int i = 0; i < length; i++) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }

    @Test
    void readsARangeOfALargerBuffer() throws InvalidEventException {
        JsonBytes out = new JsonBytes();
        EventJson.write(out, gate(), SHANGHAI).newline();
        int start = out.length();
        EventJson.write(out, train(), SHANGHAI);
        int end = out.length();
        out.newline();
        EventJson.write(out, heartbeat(), SHANGHAI).newline();
        assertThat(reader.read(out.buffer(), 0, start - 1)).isEqualTo(gate());
        assertThat(reader.read(out.buffer(), start, end - start)).isEqualTo(train());
    }

    @Test
    void oneReaderReadsManyRecordsWithoutCarryingFieldsOver() throws InvalidEventException {
        assertThat(reader.read(trainJson().toString())).isEqualTo(train());
        // A gate event lacking its eventId must not borrow the one of the train event before it.
        assertRejected(with(gateJson(), o -> o.remove("eventId")), "missing field eventId");
        assertThat(reader.read(gateJson().toString())).isEqualTo(gate());
        assertRejected(with(trainJson(), o -> o.remove("capacity")), "missing field capacity");
        assertThat(reader.read(heartbeatJson().toString())).isEqualTo(heartbeat());
    }

    @Test
    void aReaderKeepsItsBuffersWorkingAfterBrokenRecordsAndLongText() throws InvalidEventException {
        // Its parsers share one set of buffers: a parser that failed half-way, or grew a buffer
        // for a long value, must hand them back in a state the next record can use.
        String longUnknown = with(gateJson(), o -> o.put("note", "x".repeat(12_000)));
        for (int round = 0; round < 3; round++) {
            assertRejected("{\"kind\":\"GATE\",\"eventId\":", "malformed JSON");
            assertThat(reader.read(longUnknown)).isEqualTo(gate());
            assertThat(reader.read(trainJson().toString())).isEqualTo(train());
        }
        assertThat(reader.read(gateJson().toString()))
                .isEqualTo(new EventReader().read(gateJson().toString()));
    }

    @Test
    void unknownFieldsOfAnyShapeAreIgnored() throws InvalidEventException {
        String record =
                with(
                        trainJson(),
                        o -> {
                            o.put("firmware", "4.2.1");
                            o.put("temperature", 21.5);
                            o.putNull("note");
                            o.putArray("doors").add(1).add(2).addObject().put("kind", "nested");
                            o.putObject("sensor")
                                    .put("load", -5)
                                    .putObject("deeper")
                                    .put("eventId", 3);
                        });
        assertThat(reader.read(record)).isEqualTo(train());
    }

    @Test
    void fieldOrderDoesNotMatter() throws InvalidEventException {
        String record =
                "{\"eventTime\":\"2026-03-04T00:12:03.417Z\",\"direction\":\"ENTRY\","
                        + "\"gateId\":\"nijiaqiao-g03\",\"stationId\":\"nijiaqiao\","
                        + "\"eventId\":\"g-1\",\"kind\":\"gate\"}";
        assertThat(reader.read(record)).isEqualTo(gate());
    }

    @Test
    void heartbeatCountersDefaultToZeroAndRatedCapacityToZero() throws InvalidEventException {
        GateHeartbeat read =
                (GateHeartbeat)
                        reader.read(
                                with(
                                        heartbeatJson(),
                                        o -> {
                                            o.remove("entriesTotal");
                                            o.remove("exitsTotal");
                                        }));
        assertThat(read.entriesTotal).isZero();
        assertThat(read.exitsTotal).isZero();
        TrainEvent train =
                (TrainEvent) reader.read(with(trainJson(), o -> o.remove("ratedCapacity")));
        assertThat(train.ratedCapacity).isZero();
    }

    @Test
    void surroundingWhitespaceIsAllowed() throws InvalidEventException {
        assertThat(reader.read(" \n\t" + gateJson() + "\r\n ")).isEqualTo(gate());
    }

    // ---- Rejections ----

    @Test
    void emptyRecordsAreRejected() {
        assertThatThrownBy(() -> reader.read(new byte[0]))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("empty record");
        assertThatThrownBy(() -> reader.read(null, 0, 0))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("empty record");
        assertRejected("   ", "not a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"kind\":\"gate\"}]", "\"gate\"", "42", "null", "true"})
    void recordsThatAreNotObjectsAreRejected(String record) {
        assertRejected(record, "not a JSON object");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{",
                "{\"kind\":\"gate\"",
                "{\"kind\":gate}",
                "{'kind':'gate'}",
                "{\"kind\":\"gate\",}",
                "{kind:\"gate\"}",
                "not json at all",
                "{\"kind\":\"ga\nte\"}"
            })
    void malformedJsonIsRejected(String record) {
        assertRejected(record, "malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind", "eventId", "stationId", "gateId", "direction", "eventTime"})
    void gateEventWithoutARequiredFieldIsRejected(String field) {
        assertRejected(with(gateJson(), o -> o.remove(field)), "missing field " + field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventId", "stationId", "gateId", "eventTime"})
    void heartbeatWithoutARequiredFieldIsRejected(String field) {
        assertRejected(with(heartbeatJson(), o -> o.remove(field)), "missing field " + field);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "eventId",
                "trainId",
                "lineId",
                "direction",
                "stationId",
                "type",
                "eventTime",
                "load",
                "capacity"
            })
    void trainEventWithoutARequiredFieldIsRejected(String field) {
        assertRejected(with(trainJson(), o -> o.remove(field)), "missing field " + field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventId", "stationId", "gateId", "direction"})
    void emptyTextFieldsAreRejected(String field) {
        assertRejected(with(gateJson(), o -> o.put(field, "")), field, "empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind", "eventId", "stationId", "gateId", "direction"})
    void textFieldsOfAnotherTypeAreRejected(String field) {
        assertRejected(
                with(gateJson(), o -> o.put(field, 5)), "field " + field + " must be a string");
        assertRejected(
                with(gateJson(), o -> o.putArray(field).add("x")),
                "field " + field + " must be a string");
        assertRejected(
                with(gateJson(), o -> o.putObject(field)), "field " + field + " must be a string");
        assertRejected(
                with(gateJson(), o -> o.put(field, true)), "field " + field + " must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"load", "capacity", "ratedCapacity"})
    void numberFieldsOfAnotherTypeAreRejected(String field) {
        assertRejected(
                with(trainJson(), o -> o.put(field, "12")),
                "field " + field + " must be a whole number");
        assertRejected(
                with(trainJson(), o -> o.put(field, 12.5)),
                "field " + field + " must be a whole number");
        assertRejected(
                with(trainJson(), o -> o.putNull(field)),
                "field " + field + " must be a whole number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"entriesTotal", "exitsTotal"})
    void heartbeatCountersMustBeNonNegativeWholeNumbers(String field) {
        assertRejected(with(heartbeatJson(), o -> o.put(field, -1)), field, "must not be negative");
        assertRejected(
                with(heartbeatJson(), o -> o.put(field, 1.0)),
                "field " + field + " must be a whole number");
        assertRejected(
                with(
                        heartbeatJson(),
                        o -> o.put(field, new java.math.BigInteger("99999999999999999999"))),
                "field " + field + " is out of range");
    }

    @Test
    void eventTimeMustBeAnIsoStringWithOffset() {
        assertRejected(
                with(gateJson(), o -> o.put("eventTime", 1_772_583_123_417L)),
                "field eventTime must be an ISO-8601 string");
        assertRejected(
                with(gateJson(), o -> o.put("eventTime", "2026-03-04T08:12:03.417")),
                "eventTime",
                "UTC offset");
        assertRejected(
                with(gateJson(), o -> o.put("eventTime", "2023-02-29T08:12:03Z")),
                "eventTime",
                "day 29 is out of range");
        assertRejected(
                with(gateJson(), o -> o.put("eventTime", "2026-03-04T08:12:03Z garbage")),
                "eventTime",
                "unexpected characters");
        assertRejected(with(gateJson(), o -> o.put("eventTime", "")), "eventTime");
    }

    @Test
    void unknownKindIsRejectedAndNamed() {
        assertRejected(with(gateJson(), o -> o.put("kind", "bus")), "unknown kind 'bus'");
        assertRejected(with(gateJson(), o -> o.put("kind", "GATE")), "unknown kind 'GATE'");
        String longKind = "k".repeat(200);
        assertThatThrownBy(() -> reader.read(with(gateJson(), o -> o.put("kind", longKind))))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("unknown kind 'kkkk")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(80));
    }

    @Test
    void gateDirectionAndTrainTypeMustBeKnownValues() {
        assertRejected(
                with(gateJson(), o -> o.put("direction", "entry")),
                "direction must be ENTRY or EXIT, not 'entry'");
        assertRejected(
                with(trainJson(), o -> o.put("type", "STOP")),
                "type must be ARRIVAL or DEPARTURE, not 'STOP'");
    }

    @Test
    void negativeLoadIsRejected() {
        assertRejected(with(trainJson(), o -> o.put("load", -1)), "load must not be negative: -1");
    }

    @Test
    void capacityMustBePositive() {
        assertRejected(with(trainJson(), o -> o.put("capacity", 0)), "capacity must be positive");
        assertRejected(
                with(trainJson(), o -> o.put("capacity", -3)), "capacity must not be negative");
        assertRejected(
                with(trainJson(), o -> o.put("ratedCapacity", -3)),
                "ratedCapacity must not be negative");
    }

    @Test
    void loadFarAboveCapacityIsRejectedButSomewhatAboveIsAccepted() throws InvalidEventException {
        assertThat(
                        ((TrainEvent) reader.read(with(trainJson(), o -> o.put("load", 3 * 1_880))))
                                .load)
                .isEqualTo(3 * 1_880);
        assertRejected(
                with(trainJson(), o -> o.put("load", 3 * 1_880 + 1)),
                "load 5641 is more than three times the capacity 1880");
    }

    @ParameterizedTest
    @ValueSource(
            longs = {
                Integer.MAX_VALUE,
                3_074_457_345_618_258_603L,
                4_611_686_018_427_387_904L,
                Long.MAX_VALUE
            })
    void hugeCapacityIsOutOfRangeWhateverTheLoad(long capacity) {
        assertThatThrownBy(
                        () ->
                                reader.read(
                                        with(
                                                trainJson(),
                                                o -> {
                                                    o.put("capacity", capacity);
                                                    o.put("load", 0);
                                                })))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("capacity is out of range");
    }

    @Test
    void hugeRatedCapacityIsOutOfRangeAndNamed() {
        assertRejected(
                with(trainJson(), o -> o.put("ratedCapacity", 3_000_000_000L)),
                "ratedCapacity is out of range");
    }

    @Test
    void numbersBeyondLongAreOutOfRange() {
        assertRejected(
                with(
                        trainJson(),
                        o -> o.put("load", new java.math.BigInteger("9223372036854775808"))),
                "field load is out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind", "eventId", "stationId", "gateId", "direction", "eventTime"})
    void duplicateGateFieldsAreRejected(String field) {
        String record = gateJson().toString();
        String value = gateJson().get(field).toString();
        String doubled =
                record.substring(0, record.length() - 1) + ",\"" + field + "\":" + value + "}";
        assertRejected(doubled, "field " + field + " appears twice");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "trainId",
                "lineId",
                "serviceId",
                "type",
                "load",
                "capacity",
                "ratedCapacity"
            })
    void duplicateTrainFieldsAreRejected(String field) {
        String record = trainJson().toString();
        String value = trainJson().get(field).toString();
        String doubled = "{\"" + field + "\":" + value + "," + record.substring(1);
        assertRejected(doubled, "field " + field + " appears twice");
    }

    @Test
    void duplicateHeartbeatCountersAreRejected() {
        String record = heartbeatJson().toString();
        assertRejected(record.replace("}", ",\"exitsTotal\":1}"), "field exitsTotal appears twice");
        assertRejected(
                record.replace("}", ",\"entriesTotal\":1}"), "field entriesTotal appears twice");
    }

    @Test
    void contentAfterTheObjectIsRejected() {
        String record = gateJson().toString();
        assertRejected(record + " " + record, "unexpected content after the JSON object");
        assertRejected(record + "\n{}", "unexpected content after the JSON object");
        assertRejected(record + "[]", "unexpected content after the JSON object");
        assertRejected(record + " x", "malformed JSON");
        assertRejected(record + "}", "malformed JSON");
    }

    @Test
    void escapedControlCharactersInTextFieldsAreRejectedAndNamed() {
        assertRejected(
                with(gateJson(), o -> o.put("gateId", "g\u0001")),
                "field gateId has a control character");
        assertRejected(
                with(gateJson(), o -> o.put("stationId", "a\nb")),
                "field stationId has a control character");
        assertRejected(
                with(trainJson(), o -> o.put("trainId", "\u0000")),
                "field trainId has a control character");
    }

    @Test
    void rawControlCharactersAreRejected() {
        String record = gateJson().toString().replace("g-1", "g\u00011");
        assertRejected(record, "malformed JSON");
    }

    @Test
    void overlongTextFieldsAreRejectedAndNamed() throws InvalidEventException {
        String limit = "x".repeat(256);
        assertThat(((GateEvent) reader.read(with(gateJson(), o -> o.put("gateId", limit)))).gateId)
                .isEqualTo(limit);
        assertRejected(
                with(gateJson(), o -> o.put("gateId", limit + "x")),
                "field gateId is longer than 256 characters");
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[][] badSequences = {
            {(byte) 0xC3, (byte) 0x28},
            {(byte) 0xFF},
            {(byte) 0xFE, (byte) 0xFE},
            {(byte) 0x80},
            {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}
        };
        for (byte[] bad : badSequences) {
            for (String field : new String[] {"gateId", "unknownField"}) {
                byte[] record = withBytes(with(gateJson(), o -> o.put(field, "<>")), bad);
                assertThatThrownBy(() -> reader.read(record))
                        .as("%s in %s", Arrays.toString(bad), field)
                        .isInstanceOf(InvalidEventException.class)
                        .hasMessageContaining("UTF-8");
            }
        }
    }

    @Test
    void overlongEncodingsAndEncodedSurrogatesAreRejectedWithTheReason() {
        // C0 AF is an overlong '/', ED A0 80 the surrogate U+D800, E0 80 AF an overlong '/' in
        // three bytes, F4 90 80 80 a code point above U+10FFFF: Jackson decodes them all.
        Object[][] cases = {
            {new byte[] {(byte) 0xC0, (byte) 0xAF}, "overlong encoding"},
            {new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "encoded UTF-16 surrogate"},
            {new byte[] {(byte) 0xED, (byte) 0xBF, (byte) 0xBF}, "encoded UTF-16 surrogate"},
            {new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, "overlong encoding"},
            {new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}, "overlong encoding"},
            {new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, "above U+10FFFF"}
        };
        for (Object[] c : cases) {
            byte[] bad = (byte[]) c[0];
            for (String field : new String[] {"gateId", "unknownField"}) {
                String json = with(gateJson(), o -> o.put(field, "<>"));
                byte[] record = withBytes(json, bad);
                int at = json.indexOf("<>");
                assertThatThrownBy(() -> reader.read(record))
                        .as("%s in %s", Arrays.toString(bad), field)
                        .isInstanceOf(InvalidEventException.class)
                        .hasMessage(
                                "invalid UTF-8 at byte %d (0x%02X): %s",
                                at,
                                bad[0] & 0xFF,
                                c[1].equals("above U+10FFFF")
                                        ? "a code point above U+10FFFF"
                                        : "an " + c[1]);
            }
        }
    }

    @Test
    void strictUtf8StillReadsEveryValidCharacter() throws Exception {
        // The largest two-, three- and four-byte forms and the characters around the surrogates.
        String text = "\u00e9\u07ff\u0800\ud7ff\ue000\uffff\ud83d\ude87\udbff\udfff";
        GateEvent read = (GateEvent) reader.read(with(gateJson(), o -> o.put("gateId", text)));
        assertThat(read.gateId).isEqualTo(text);
    }

    /** Puts {@code bad} in place of the marker {@code <>} of a record. */
    private static byte[] withBytes(String record, byte[] bad) {
        byte[] text = record.getBytes(StandardCharsets.UTF_8);
        int at = record.indexOf("<>");
        byte[] result = new byte[text.length - 2 + bad.length];
        System.arraycopy(text, 0, result, 0, at);
        System.arraycopy(bad, 0, result, at, bad.length);
        System.arraycopy(text, at + 2, result, at + bad.length, text.length - at - 2);
        return result;
    }

    @Test
    void deeplyNestedJunkIsRejected() {
        String record = gateJson().toString();
        String nested =
                record.substring(0, record.length() - 1)
                        + ",\"junk\":"
                        + "[".repeat(5_000)
                        + "]".repeat(5_000)
                        + "}";
        assertRejected(nested, "malformed JSON", "nesting depth");
        String objects =
                record.substring(0, record.length() - 1)
                        + ",\"junk\":"
                        + "{\"a\":".repeat(1_000)
                        + "1"
                        + "}".repeat(1_000)
                        + "}";
        assertRejected(objects, "nesting depth");
    }

    @Test
    void moderatelyNestedUnknownFieldsAreSkipped() throws InvalidEventException {
        String record = gateJson().toString();
        String nested =
                record.substring(0, record.length() - 1)
                        + ",\"extra\":"
                        + "[{\"x\":".repeat(10)
                        + "1"
                        + "}]".repeat(10)
                        + "}";
        assertThat(reader.read(nested)).isEqualTo(gate());
    }

    @Test
    void recordsOverTheSizeLimitAreRejectedBeforeParsing() throws InvalidEventException {
        String record = gateJson().toString();
        String prefix = record.substring(0, record.length() - 1) + ",\"padding\":\"";
        String suffix = "\"}";
        int room = EventReader.MAX_RECORD_BYTES - prefix.length() - suffix.length();
        String atLimit = prefix + "p".repeat(room) + suffix;
        assertThat(atLimit.getBytes(StandardCharsets.UTF_8)).hasSize(EventReader.MAX_RECORD_BYTES);
        assertThat(reader.read(atLimit)).isEqualTo(gate());

        String overLimit = prefix + "p".repeat(room + 1) + suffix;
        assertRejected(
                overLimit,
                "record of " + (EventReader.MAX_RECORD_BYTES + 1) + " bytes",
                "larger than " + EventReader.MAX_RECORD_BYTES);
        // Even when the excess is garbage that would otherwise fail differently.
        byte[] big = new byte[EventReader.MAX_RECORD_BYTES * 4];
        Arrays.fill(big, (byte) '[');
        assertThatThrownBy(() -> reader.read(big))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void kindConstantsAreTheContractValues() {
        assertThat(EventKind.GATE).isEqualTo("gate");
        assertThat(EventKind.GATE_HEARTBEAT).isEqualTo("gate-heartbeat");
        assertThat(EventKind.TRAIN).isEqualTo("train");
    }
}
