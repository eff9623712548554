package org.metrodispatch.job;

import org.metrodispatch.contract.decision.FeedAlert;
import org.metrodispatch.contract.decision.FeedAlertKind;
import org.metrodispatch.contract.decision.FeedAlertState;
import org.metrodispatch.contract.decision.RejectedRecord;
import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.TrainEventType;
import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.job.io.JsonEncoder;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metrodispatch.job.Records.T0;

class ParseFunctionTest {

    private static final long SKEW = 360 * 60_000L;

    private static Network network;

    private OneInputStreamOperatorTestHarness<RawRecord, StationEvent> harness;
    private long order;

    @BeforeAll
    static void load() {
        network = NetworkLoader.load(Path.of("..", "config", "networks", "chengdu-line1.yaml"));
    }

    @BeforeEach
    void open() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new ParseFunction(City.of(network)));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** Pushes a record stamped, as the source does, with the time sniffed from it. */
    private void push(byte[] payload) throws Exception {
        long time = EventTimeSniffer.eventTime(payload);
        harness.processElement(new StreamRecord<>(Records.raw(payload, ++order), time));
    }

    /** Pushes a record the source did not sniff, as Kafka without pacing reads it. */
    private void pushUnsniffed(
            OneInputStreamOperatorTestHarness<RawRecord, StationEvent> parser, byte[] payload)
            throws Exception {
        parser.processElement(
                new StreamRecord<>(
                        RawRecord.unsniffed(payload, "test/0", order, 42),
                        EventTimeSniffer.UNKNOWN));
    }

    /** A gate tap with a nested eventTime before its own. */
    private static byte[] nestedTimeBeforeOwn() {
        String own =
                new String(
                        Records.gate("g-1", "nijiaqiao", GateDirection.ENTRY, T0),
                        StandardCharsets.UTF_8);
        return ("{\"extra\":{\"eventTime\":\"2026-03-04T08:00:01+08:00\"}," + own.substring(1))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Pushes a record as read from the given source (Kafka partition). */
    private void pushFrom(String source, byte[] payload) throws Exception {
        long time = EventTimeSniffer.eventTime(payload);
        harness.processElement(
                new StreamRecord<>(new RawRecord(payload, source, ++order, 42), time));
    }

    private List<StationEvent> events() {
        return harness.extractOutputValues();
    }

    private List<RejectedRecord> rejected(OutputTag<RejectedRecord> tag) {
        List<RejectedRecord> out = new ArrayList<>();
        var records = harness.getSideOutput(tag);
        if (records != null) {
            records.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    private RejectedRecord onlyDeadLetter() {
        assertThat(events()).isEmpty();
        assertThat(rejected(ParseFunction.LATE_EVENTS)).isEmpty();
        List<RejectedRecord> dead = rejected(ParseFunction.DEAD_LETTERS);
        assertThat(dead).hasSize(1);
        return dead.get(0);
    }

    @Test
    void gateTapsBecomeEntriesAndExits() throws Exception {
        push(Records.gate("g-1", "nijiaqiao", GateDirection.ENTRY, T0 + 1_500));
        push(Records.gate("g-2", "nijiaqiao", GateDirection.EXIT, T0 + 2_000));

        List<StationEvent> events = events();
        assertThat(events).hasSize(2);
        StationEvent entry = events.get(0);
        assertThat(entry.type).isEqualTo(StationEventType.ENTRY);
        assertThat(entry.eventKey).isEqualTo(ParseFunction.eventKey("g-1"));
        assertThat(entry.station).isEqualTo(Records.CHENGDU.indexOf("nijiaqiao"));
        assertThat(entry.eventTime).isEqualTo(T0 + 1_500);
        assertThat(entry.ingestMillis).isEqualTo(42);
        assertThat(events.get(1).type).isEqualTo(StationEventType.EXIT);
        assertThat(harness.extractOutputStreamRecords().get(0).getTimestamp())
                .isEqualTo(T0 + 1_500);
        assertThat(rejected(ParseFunction.DEAD_LETTERS)).isEmpty();
    }

    @Test
    void heartbeatsBecomeHeartbeats() throws Exception {
        push(Records.heartbeat("hb-1", "tianfu-square", T0));
        StationEvent beat = events().get(0);
        assertThat(beat.type).isEqualTo(StationEventType.HEARTBEAT);
        assertThat(beat.station).isEqualTo(Records.CHENGDU.indexOf("tianfu-square"));
        assertThat(beat.eventKey).isEqualTo(ParseFunction.eventKey("hb-1"));
    }

    @Test
    void trainReportsKeepTrainDirectionAndLoad() throws Exception {
        push(
                Records.train(
                        "t-1", "1", "southbound", "nijiaqiao", TrainEventType.ARRIVAL, T0, 1_700));
        push(
                Records.train(
                        "t-2",
                        "1",
                        "northbound",
                        "nijiaqiao",
                        TrainEventType.DEPARTURE,
                        T0 + 40_000,
                        1_880));

        List<StationEvent> events = events();
        assertThat(events).hasSize(2);
        StationEvent arrival = events.get(0);
        assertThat(arrival.type).isEqualTo(StationEventType.TRAIN_ARRIVAL);
        assertThat(arrival.trainId).isEqualTo("T0107");
        assertThat(arrival.direction).isZero();
        assertThat(arrival.load).isEqualTo(1_700);
        assertThat(arrival.capacity).isEqualTo(1_880);
        // The service, for branch platforms: its index in the network plus one.
        assertThat(arrival.serviceNumber)
                .isEqualTo(Records.CHENGDU.serviceIndex("science-city") + 1)
                .isPositive();
        StationEvent departure = events.get(1);
        assertThat(departure.type).isEqualTo(StationEventType.TRAIN_DEPARTURE);
        assertThat(departure.direction).isEqualTo(1);
        assertThat(departure.eventTime).isEqualTo(T0 + 40_000);
    }

    @Test
    void malformedJsonIsADeadLetterWithTheRecord() throws Exception {
        String broken = "{\"kind\":\"gate\",\"eventTime\":\"2026-03-04T00:00:00Z\",";
        push(Records.text(broken));
        RejectedRecord dead = onlyDeadLetter();
        assertThat(dead.reason).isNotBlank();
        assertThat(dead.raw).isEqualTo(broken);
        assertThat(dead.rawBase64).isNull();
        assertThat(dead.source).isEqualTo("test/0:1");
        assertThat(dead.sourceOrder).isEqualTo(1);
    }

    @Test
    void aMissingFieldIsNamed() throws Exception {
        push(
                Records.text(
                        "{\"kind\":\"gate\",\"eventId\":\"g-1\",\"stationId\":\"nijiaqiao\","
                                + "\"direction\":\"ENTRY\",\"eventTime\":\"2026-03-04T00:00:00Z\"}"));
        assertThat(onlyDeadLetter().reason).isEqualTo("missing field gateId");
    }

    @Test
    void anEmptyRecordIsADeadLetter() throws Exception {
        harness.processElement(new StreamRecord<>(Records.raw(null, 9), EventTimeSniffer.UNKNOWN));
        RejectedRecord dead = onlyDeadLetter();
        assertThat(dead.reason).isEqualTo("empty record");
        assertThat(dead.raw).isEmpty();
    }

    @Test
    void anUnknownStationIsADeadLetter() throws Exception {
        push(Records.gate("g-1", "atlantis", GateDirection.ENTRY, T0));
        assertThat(onlyDeadLetter().reason)
                .isEqualTo("unknown station 'atlantis' (not on Chengdu Metro Line 1)");
    }

    @Test
    void anUnknownStationOfATrainIsADeadLetter() throws Exception {
        push(Records.train("t-1", "1", "southbound", "atlantis", TrainEventType.ARRIVAL, T0, 9));
        assertThat(onlyDeadLetter().reason).startsWith("unknown station 'atlantis'");
    }

    @Test
    void anUnknownDirectionIsADeadLetter() throws Exception {
        push(Records.train("t-1", "1", "eastbound", "nijiaqiao", TrainEventType.ARRIVAL, T0, 9));
        assertThat(onlyDeadLetter().reason)
                .isEqualTo(
                        "unknown direction 'eastbound' (this line's are southbound and"
                                + " northbound)");
    }

    @Test
    void anotherLinesTrainIsADeadLetter() throws Exception {
        push(Records.train("t-1", "2", "southbound", "nijiaqiao", TrainEventType.ARRIVAL, T0, 9));
        RejectedRecord dead = onlyDeadLetter();
        assertThat(dead.reason).isEqualTo("line '2' is not this job's line '1'");
    }

    @Test
    void inACityEachStationHasItsCityIndexAndATrainMustBeOnItsOwnLine() throws Exception {
        City city = City.of("city", "Two lines", List.of(network, network.copy("2")));
        harness.close();
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new ParseFunction(city));
        push(Records.gate("g-1", "nijiaqiao-2", GateDirection.ENTRY, T0));
        push(
                Records.train(
                        "t-1", "1-2", "southbound", "nijiaqiao-2", TrainEventType.ARRIVAL, T0, 9));
        push(Records.train("t-2", "1", "southbound", "nijiaqiao-2", TrainEventType.ARRIVAL, T0, 9));
        push(Records.train("t-3", "7", "southbound", "nijiaqiao", TrainEventType.ARRIVAL, T0, 9));
        int copy = network.stationCount() + network.indexOf("nijiaqiao");
        assertThat(events()).extracting(e -> e.station).containsExactly(copy, copy);
        assertThat(rejected(ParseFunction.DEAD_LETTERS))
                .extracting(r -> r.reason)
                .containsExactly(
                        "station 'nijiaqiao-2' is on line '1-2', not on the train's line '1'",
                        "line '7' is not one of this job's lines '1', '1-2'");
    }

    @Test
    void anImplausibleTimeIsADeadLetter() throws Exception {
        long in1999 = 915_148_800_000L; // 1999-01-01T00:00Z
        push(Records.gate("g-1", "nijiaqiao", GateDirection.ENTRY, in1999));
        RejectedRecord dead = onlyDeadLetter();
        assertThat(dead.reason).isEqualTo("eventTime is not a plausible time");
        assertThat(dead.eventTime).isEqualTo(in1999);
    }

    @Test
    void theYear2100IsNotPlausibleEither() throws Exception {
        push(Records.gate("g-1", "nijiaqiao", GateDirection.ENTRY, 4_102_444_800_000L));
        assertThat(onlyDeadLetter().reason).isEqualTo("eventTime is not a plausible time");
    }

    @Test
    void aTimeTheSourceReadDifferentlyIsADeadLetter() throws Exception {
        byte[] payload = Records.gate("g-1", "nijiaqiao", GateDirection.ENTRY, T0);
        harness.processElement(new StreamRecord<>(Records.raw(payload, 1), T0 + 1));
        assertThat(onlyDeadLetter().reason).isEqualTo("eventTime could not be read unambiguously");
    }

    @Test
    void theTimeTheSourceReadIsTakenNotParsedAgain() throws Exception {
        byte[] payload = Records.gate("g-1", "nijiaqiao", GateDirection.ENTRY, T0);
        RawRecord record = Records.raw(payload, 1);
        assertThat(record.sniffedTimeAt).isPositive();
        // Another time at the same place: the parser must take it as it comes.
        record.sniffedEventTime = T0 + 5_000;
        harness.processElement(new StreamRecord<>(record, T0 + 5_000));
        assertThat(events()).extracting(e -> e.eventTime).containsExactly(T0 + 5_000);
    }

    @Test
    void aRecordTheSourceDidNotSniffHasItsTimeReadByTheParser() throws Exception {
        pushUnsniffed(harness, Records.gate("g-1", "nijiaqiao", GateDirection.ENTRY, T0 + 1_500));
        assertThat(events()).extracting(e -> e.eventTime).containsExactly(T0 + 1_500);
    }

    @Test
    void aNestedTimeBeforeTheRecordsOwnIsADeadLetterUnsniffedToo() throws Exception {
        pushUnsniffed(harness, nestedTimeBeforeOwn());
        assertThat(onlyDeadLetter().reason).isEqualTo("eventTime could not be read unambiguously");
    }

    /**
     * Kafka without pacing does not sniff the time at the source; whatever the record, the parser
     * must then accept and reject exactly as when the source sniffed it.
     */
    @Test
    void mangledRecordsGetTheSameVerdictSniffedOrNot() throws Exception {
        List<byte[]> healthy =
                List.of(
                        Records.gate("g-1", "nijiaqiao", GateDirection.ENTRY, T0),
                        Records.heartbeat("h-1", "nijiaqiao", T0 + 1_000),
                        Records.train(
                                "t-1",
                                "1",
                                "northbound",
                                "nijiaqiao",
                                TrainEventType.DEPARTURE,
                                T0 + 2_000,
                                900),
                        ("{\"eventTime\":\"2026-03-04T08:00:01+08:00\",\"kind\":\"gate\","
                                        + "\"eventId\":\"g-9\",\"stationId\":\"nijiaqiao\","
                                        + "\"gateId\":\"nijiaqiao-g01\",\"direction\":\"ENTRY\"}")
                                .getBytes(StandardCharsets.UTF_8),
                        // A time nested before the record's own: not the plain form.
                        ("{\"extra\":{\"eventTime\":\"2026-03-04T08:00:09+08:00\"},"
                                        + "\"kind\":\"gate\",\"eventId\":\"g-8\","
                                        + "\"stationId\":\"nijiaqiao\",\"gateId\":\"nijiaqiao-g01\","
                                        + "\"direction\":\"EXIT\","
                                        + "\"eventTime\":\"2026-03-04T08:00:01+08:00\"}")
                                .getBytes(StandardCharsets.UTF_8));
        String mangling = "\"\\,:{}[] 0123456789-+.eEaTZ\u00e9";
        Random random = new Random(11);
        try (OneInputStreamOperatorTestHarness<RawRecord, StationEvent> unsniffed =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new ParseFunction(City.of(network)))) {
            for (int round = 0; round < 20_000; round++) {
                StringBuilder mangled =
                        new StringBuilder(
                                new String(
                                        healthy.get(random.nextInt(healthy.size())),
                                        StandardCharsets.UTF_8));
                int changes = 1 + random.nextInt(3);
                for (int c = 0; c < changes && mangled.length() > 0; c++) {
                    int at = random.nextInt(mangled.length());
                    switch (random.nextInt(3)) {
                        case 0:
                            mangled.setCharAt(
                                    at, mangling.charAt(random.nextInt(mangling.length())));
                            break;
                        case 1:
                            mangled.insert(at, mangling.charAt(random.nextInt(mangling.length())));
                            break;
                        default:
                            // A piece again: a key twice, an eventTime nested or inside a value.
                            int to = Math.min(mangled.length(), at + 1 + random.nextInt(60));
                            mangled.insert(to, mangled.substring(at, to));
                    }
                }
                byte[] payload = mangled.toString().getBytes(StandardCharsets.UTF_8);
                push(payload);
                pushUnsniffed(unsniffed, payload);
            }
            assertThat(verdicts(unsniffed)).isEqualTo(verdicts(harness));
            // Both kinds of verdict were compared, the ambiguous time among the rejections.
            assertThat(harness.extractOutputValues()).hasSizeGreaterThan(500);
            assertThat(verdicts(harness))
                    .anyMatch(v -> v.contains("eventTime could not be read unambiguously"));
        }
    }

    /** Each record's verdict, in order: the event's kind and time, or the dead letter's reason. */
    private static List<String> verdicts(
            OneInputStreamOperatorTestHarness<RawRecord, StationEvent> parser) {
        List<String> verdicts = new ArrayList<>();
        for (StationEvent event : parser.extractOutputValues()) {
            verdicts.add(event.sourceOrder + " " + event.type + " " + event.eventTime);
        }
        var dead = parser.getSideOutput(ParseFunction.DEAD_LETTERS);
        if (dead != null) {
            dead.forEach(r -> verdicts.add(r.getValue().sourceOrder + " " + r.getValue().reason));
        }
        verdicts.sort(null);
        return verdicts;
    }

    @Test
    void aNestedTimeBeforeTheRecordsOwnIsADeadLetter() throws Exception {
        // The source finds the nested time first; the record's own time is parsed and differs.
        push(nestedTimeBeforeOwn());
        RejectedRecord dead = onlyDeadLetter();
        assertThat(dead.reason).isEqualTo("eventTime could not be read unambiguously");
        assertThat(dead.eventTime).isEqualTo(T0);
    }

    @Test
    void timesAreNotJudgedHereEvenFarFromEachOther() throws Exception {
        // Whether a time is believed is EventTimeOperator's to say: every valid event goes on.
        push(Records.gate("g-1", "nijiaqiao", GateDirection.ENTRY, T0));
        push(Records.gate("g-2", "nijiaqiao", GateDirection.ENTRY, T0 - 10 * SKEW));
        push(Records.gate("g-3", "nijiaqiao", GateDirection.ENTRY, T0 + 10 * SKEW));
        assertThat(events()).hasSize(3);
        assertThat(events().get(0).gate).isEqualTo("nijiaqiao-g01");
        assertThat(events().get(0).raw.sourceOrder).isEqualTo(1);
    }

    @Test
    void bytesThatAreNotTextAreKeptExactly() throws Exception {
        byte[] payload = {'{', (byte) 0xC3, (byte) 0x28, '}'};
        harness.processElement(
                new StreamRecord<>(Records.raw(payload, 1), EventTimeSniffer.UNKNOWN));
        RejectedRecord dead = onlyDeadLetter();
        assertThat(Base64.getDecoder().decode(dead.rawBase64)).isEqualTo(payload);
        assertThat(dead.raw).startsWith("{");
    }

    @Test
    void aLongRecordKeepsAPrefixItsSizeAndItsHash() throws Exception {
        String text = "x".repeat(5_000);
        push(Records.text(text));
        RejectedRecord dead = onlyDeadLetter();
        assertThat(dead.raw).isEqualTo(text.substring(0, 4_096));
        assertThat(dead.rawBase64).isNull();
        assertThat(dead.rawSize).isEqualTo(5_000);
        assertThat(dead.rawSha256)
                .isEqualTo(
                        HexFormat.of()
                                .formatHex(
                                        MessageDigest.getInstance("SHA-256")
                                                .digest(text.getBytes(StandardCharsets.UTF_8))));
        assertThat(dead.rawTruncated()).isTrue();
    }

    @Test
    void aRecordOfEightHundredKilobytesMakesADeadLetterOfAFewKilobytes() throws Exception {
        // Valid JSON with one huge unknown field: the record Kafka's 1 MB request limit would
        // have refused as a whole record in Base64 (about 1.07 MB).
        String huge = "{\"kind\":\"gate\",\"pad\":\"" + "\u00e9".repeat(400_000) + "\"}";
        byte[] payload = huge.getBytes(StandardCharsets.UTF_8);
        assertThat(payload.length).isGreaterThan(800_000);
        harness.processElement(
                new StreamRecord<>(Records.raw(payload, 1), EventTimeSniffer.UNKNOWN));
        RejectedRecord dead = onlyDeadLetter();
        assertThat(dead.rawSize).isEqualTo(payload.length);
        // Cut before a character that would not fit, so the prefix is still text.
        assertThat(dead.raw.getBytes(StandardCharsets.UTF_8).length).isBetween(4_095, 4_096);
        assertThat(dead.rawBase64).isNull();
        byte[] line =
                JsonEncoder.REJECTED.write(new JsonBytes(), dead, Records.SHANGHAI).toByteArray();
        assertThat(line.length).isLessThan(8_192);
        assertThat(new String(line, StandardCharsets.UTF_8))
                .contains("\"rawSize\":" + payload.length, "\"rawTruncated\":true");
    }

    @Test
    void overlongUtf8AndEncodedSurrogatesAreDeadLettersWithTheExactBytes() throws Exception {
        byte[][] bad = {
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        };
        String[] reasons = {"an overlong encoding", "an encoded UTF-16 surrogate"};
        for (int i = 0; i < bad.length; i++) {
            String text =
                    new String(
                            Records.gate("g-" + i, "nijiaqiao", GateDirection.ENTRY, T0),
                            StandardCharsets.UTF_8);
            int at = text.indexOf("nijiaqiao-");
            byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
            byte[] tail = text.substring(at).getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[head.length + bad[i].length + tail.length];
            System.arraycopy(head, 0, payload, 0, head.length);
            System.arraycopy(bad[i], 0, payload, head.length, bad[i].length);
            System.arraycopy(tail, 0, payload, head.length + bad[i].length, tail.length);
            harness.processElement(new StreamRecord<>(Records.raw(payload, i), T0));
        }
        List<RejectedRecord> dead = rejected(ParseFunction.DEAD_LETTERS);
        assertThat(events()).isEmpty();
        assertThat(dead).hasSize(2);
        for (int i = 0; i < bad.length; i++) {
            assertThat(dead.get(i).reason)
                    .startsWith("invalid UTF-8 at byte ")
                    .endsWith(reasons[i]);
            assertThat(Base64.getDecoder().decode(dead.get(i).rawBase64)).containsSequence(bad[i]);
        }
    }

    @Test
    void nothingIsDroppedSilently() throws Exception {
        push(Records.gate("g-1", "nijiaqiao", GateDirection.ENTRY, T0 + 61_000));
        push(Records.gate("g-2", "nijiaqiao", GateDirection.ENTRY, T0));
        push(Records.text("]"));
        push(Records.gate("g-3", "atlantis", GateDirection.ENTRY, T0 + 62_000));
        push(Records.heartbeat("hb-1", "nijiaqiao", T0 + 63_000));
        int total =
                events().size()
                        + rejected(ParseFunction.DEAD_LETTERS).size()
                        + rejected(ParseFunction.LATE_EVENTS).size();
        assertThat(total).isEqualTo(5);
        assertThat(events()).hasSize(3);
    }

    @Test
    void inputMostlyRejectedRaisesAFeedAlertOnceAndClearsWhenValidAgain() throws Exception {
        harness.close();
        harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new ParseFunction(
                                City.of(network), ParseFunction.DEFAULT_PREFIX_BYTES, 10, 0.5));
        // Another line's feed: every station unknown to this network.
        for (int i = 0; i < 12; i++) {
            push(Records.gate("x-" + i, "atlantis", GateDirection.ENTRY, T0 + i));
        }
        // This line's feed again.
        for (int i = 0; i < 10; i++) {
            push(Records.gate("g-" + i, "nijiaqiao", GateDirection.ENTRY, T0 + 100 + i));
        }
        List<FeedAlert> alerts = new ArrayList<>();
        var records = harness.getSideOutput(ParseFunction.FEED_ALERTS);
        records.forEach(r -> alerts.add(r.getValue()));
        assertThat(alerts)
                .extracting(a -> a.state)
                .containsExactly(FeedAlertState.RAISED, FeedAlertState.CLEARED);
        assertThat(alerts.get(0).kind).isEqualTo(FeedAlertKind.INPUT_REJECTED);
        assertThat(alerts.get(0).reason)
                .startsWith("10 of the last 10 input records were rejected")
                .contains("unknown station 'atlantis'");
    }
}
