package org.metrodispatch.contract.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain form is read in one pass without Jackson ({@link FlatRecordScanner}); every record must
 * read exactly as Jackson's reading reads it: the same event, or the same reason to reject it.
 */
class EventReaderPlainFormTest {

    private static final String[] RECORDS = {
        "{\"kind\":\"gate\",\"eventId\":\"nijiaqiao-g03-e-17\",\"stationId\":\"nijiaqiao\","
                + "\"gateId\":\"nijiaqiao-g03\",\"direction\":\"ENTRY\","
                + "\"eventTime\":\"2026-03-04T08:12:03.417+08:00\"}",
        "{\"kind\":\"gate\",\"eventId\":\"g-2\",\"stationId\":\"nijiaqiao\",\"gateId\":\"g03\","
                + "\"direction\":\"EXIT\",\"eventTime\":\"2026-03-04T00:12:03Z\",\"cardId\":\"c-9\"}",
        "{\"kind\":\"gate-heartbeat\",\"eventId\":\"hb-1\",\"stationId\":\"nijiaqiao\","
                + "\"gateId\":\"nijiaqiao-g03\",\"eventTime\":\"2026-03-04T08:12:03+08:00\","
                + "\"entriesTotal\":1234,\"exitsTotal\":987}",
        "{\"kind\":\"signalling-heartbeat\",\"eventId\":\"sig-1\",\"stationId\":\"nijiaqiao\","
                + "\"eventTime\":\"2026-03-04T08:12:03.417+08:00\"}",
        "{\"kind\":\"train\",\"eventId\":\"t-1\",\"trainId\":\"T0107\",\"lineId\":\"1\","
                + "\"serviceId\":\"science-city\",\"direction\":\"southbound\","
                + "\"stationId\":\"nijiaqiao\",\"type\":\"DEPARTURE\","
                + "\"eventTime\":\"2026-03-04T08:12:03.417+08:00\",\"load\":1950,"
                + "\"capacity\":1880,\"ratedCapacity\":1460}",
        " { \"kind\" : \"train\" , \"eventId\":\"t-2\",\"trainId\":\"T1\",\"lineId\":\"1\","
                + "\"serviceId\":null,\"direction\":\"northbound\",\"stationId\":\"s\","
                + "\"type\":\"ARRIVAL\",\"eventTime\":\"2026-03-04T08:12:03-03:30\",\"load\":0,"
                + "\"capacity\":-0,\"extra\":{\"a\":[1,2]},\"n\":-12} \n",
        "{}",
    };

    /**
     * Characters a mangled record gets: JSON's own, digits, letters, escapes, non-ASCII, controls.
     */
    private static final String MANGLING =
            "\"\\,:{}[] \t\n0123456789-+.eEaZnul\u0000\u007f\u00e9\u4e2d";

    private final EventReader plainFirst = new EventReader();
    private final EventReader jacksonOnly = new EventReader(false);

    @Test
    void theRecordsOfHealthyFeedsReadTheSameBothWays() {
        for (String record : RECORDS) {
            assertSameReading(record.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void healthyFeedsWriteThePlainFormAndOtherFormsAreLeftToJackson() {
        FlatRecordScanner scanner = new FlatRecordScanner(256);
        EventFields fields = new EventFields();
        for (int i = 0; i < 5; i++) {
            byte[] record = RECORDS[i].getBytes(StandardCharsets.UTF_8);
            assertThat(scanner.scan(record, 0, record.length, fields, 0, -1))
                    .as(RECORDS[i])
                    .isTrue();
        }
        // A null value and a nested object: not the plain form.
        byte[] other = RECORDS[5].getBytes(StandardCharsets.UTF_8);
        assertThat(scanner.scan(other, 0, other.length, fields, 0, -1)).isFalse();
        byte[] escaped =
                RECORDS[0]
                        .replace("nijiaqiao-g03\"", "nijiaqiao\\u002dg03\"")
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(scanner.scan(escaped, 0, escaped.length, fields, 0, -1)).isFalse();
    }

    @Test
    void mangledRecordsReadOrFailTheSameBothWays() {
        Random random = new Random(5);
        FlatRecordScanner scanner = new FlatRecordScanner(256);
        EventFields fields = new EventFields();
        int plain = 0;
        for (int round = 0; round < 30_000; round++) {
            String record = RECORDS[random.nextInt(RECORDS.length)];
            StringBuilder mangled = new StringBuilder(record);
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes && mangled.length() > 0; c++) {
                int at = random.nextInt(mangled.length());
                char with = MANGLING.charAt(random.nextInt(MANGLING.length()));
                switch (random.nextInt(4)) {
                    case 0:
                        mangled.setCharAt(at, with);
                        break;
                    case 1:
                        mangled.insert(at, with);
                        break;
                    case 2:
                        mangled.deleteCharAt(at);
                        break;
                    default:
                        // A piece of the record again: keys twice, values doubled, objects glued.
                        int to = Math.min(mangled.length(), at + 1 + random.nextInt(40));
                        mangled.insert(to, mangled.substring(at, to));
                }
            }
            byte[] bytes = mangled.toString().getBytes(StandardCharsets.UTF_8);
            assertSameReading(bytes);
            if (scanner.scan(bytes, 0, bytes.length, fields, 0, -1)) {
                plain++;
            }
        }
        // Both ways of reading were compared: many mangled records are still in the plain form
        // (a changed letter of a value, doubled spaces), many are not.
        assertThat(plain).isBetween(3_000, 27_000);
    }

    @Test
    void numbersAtTheEdgesReadTheSameBothWays() {
        String[] values = {
            "0",
            "-0",
            "00",
            "01",
            "-",
            "1.0",
            "1e3",
            "1E3",
            "999999999999999999",
            "1000000000000000000",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "12345678901234567890123456789012345",
            "1 2",
            "+1"
        };
        for (String value : values) {
            for (String field : new String[] {"entriesTotal", "exitsTotal", "other"}) {
                String record =
                        "{\"kind\":\"gate-heartbeat\",\"eventId\":\"hb\",\"stationId\":\"s\","
                                + "\"gateId\":\"g\",\"eventTime\":\"2026-03-04T08:12:03Z\",\""
                                + field
                                + "\":"
                                + value
                                + "}";
                assertSameReading(record.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aKnownTimeIsTakenTheSameBothWays() throws InvalidEventException {
        byte[] record = RECORDS[0].getBytes(StandardCharsets.UTF_8);
        int quote = RECORDS[0].indexOf("\"2026-");
        // A time the caller says it read at the value's quote is taken as it is, by both readers.
        assertThat(plainFirst.read(record, 42L, quote).eventTime()).isEqualTo(42);
        assertThat(jacksonOnly.read(record, 42L, quote).eventTime()).isEqualTo(42);
        // Anywhere else it is not.
        assertThat(plainFirst.read(record, 42L, quote - 1))
                .isEqualTo(jacksonOnly.read(record, 42L, quote - 1));
    }

    private void assertSameReading(byte[] record) {
        Object plain = reading(plainFirst, record);
        Object jackson = reading(jacksonOnly, record);
        assertThat(plain).as(new String(record, StandardCharsets.UTF_8)).isEqualTo(jackson);
    }

    /** The event read, or the reason the record was rejected. */
    private static Object reading(EventReader reader, byte[] record) {
        try {
            return reader.read(record);
        } catch (InvalidEventException e) {
            return "rejected: " + e.getMessage();
        }
    }
}
