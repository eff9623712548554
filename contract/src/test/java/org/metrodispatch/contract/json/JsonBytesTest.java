package org.metrodispatch.contract.json;

import org.metrodispatch.contract.time.TimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class JsonBytesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(JsonBytes out) throws IOException {
        return JSON.readTree(out.toByteArray());
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private static String roundTrip(String value) throws IOException {
        JsonBytes out = new JsonBytes(4).beginObject().field("s", value).endObject();
        strictUtf8(out.toByteArray());
        return parse(out).get("s").textValue();
    }

    @Test
    void flatObjectParsesToTheSameValues() throws IOException {
        JsonBytes out =
                new JsonBytes()
                        .beginObject()
                        .field("text", "hello")
                        .field("count", 42L)
                        .field("negative", -7L)
                        .field("zero", 0L)
                        .field("max", Long.MAX_VALUE)
                        .field("min", Long.MIN_VALUE)
                        .field("yes", true)
                        .field("no", false)
                        .field("ratio", 0.25, 2)
                        .nullField("nothing")
                        .field("nullText", (String) null)
                        .endObject();
        JsonNode node = parse(out);
        assertThat(node.get("text").textValue()).isEqualTo("hello");
        assertThat(node.get("count").longValue()).isEqualTo(42);
        assertThat(node.get("negative").longValue()).isEqualTo(-7);
        assertThat(node.get("zero").longValue()).isZero();
        assertThat(node.get("max").longValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(node.get("min").longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(node.get("yes").booleanValue()).isTrue();
        assertThat(node.get("no").isBoolean()).isTrue();
        assertThat(node.get("no").booleanValue()).isFalse();
        assertThat(node.get("ratio").decimalValue()).isEqualByComparingTo("0.25");
        assertThat(node.get("nothing").isNull()).isTrue();
        assertThat(node.get("nullText").isNull()).isTrue();
        assertThat(node.size()).isEqualTo(11);
        // Field order is the order written: the contract fixes it.
        assertThat(JSON.readTree(out.toString()).fieldNames())
                .toIterable()
                .containsExactly(
                        "text",
                        "count",
                        "negative",
                        "zero",
                        "max",
                        "min",
                        "yes",
                        "no",
                        "ratio",
                        "nothing",
                        "nullText");
    }

    @Test
    void randomWholeNumbersRoundTrip() throws IOException {
        Random random = new Random(3);
        JsonBytes out = new JsonBytes(1).beginObject().beginArray("values");
        long[] values = new long[2_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 2 == 0 ? random.nextLong() : random.nextInt(2_000) - 1_000;
            out.element(values[i]);
        }
        out.endArray().endObject();
        JsonNode array = parse(out).get("values");
        assertThat(array.size()).isEqualTo(values.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(array.get(i).longValue()).isEqualTo(values[i]);
        }
    }

    @Test
    void nestedObjectsAndArraysGetCommasExactlyBetweenSiblings() throws IOException {
        JsonBytes out =
                new JsonBytes()
                        .beginObject()
                        .field("a", 1L)
                        .beginObject("inner")
                        .field("b", "x")
                        .beginObject("deeper")
                        .endObject()
                        .field("c", 2L)
                        .endObject()
                        .beginArray("list")
                        .element("one")
                        .element(2L)
                        .element(3.5, 1)
                        .beginObject()
                        .field("d", true)
                        .endObject()
                        .beginObject()
                        .endObject()
                        .endArray()
                        .beginArray("empty")
                        .endArray()
                        .field("after", "end")
                        .endObject();
        assertThat(out.toString())
                .isEqualTo(
                        "{\"a\":1,\"inner\":{\"b\":\"x\",\"deeper\":{},\"c\":2},"
                                + "\"list\":[\"one\",2,3.5,{\"d\":true},{}],\"empty\":[],\"after\":\"end\"}");
        JsonNode node = parse(out);
        assertThat(node.get("inner").get("deeper").isObject()).isTrue();
        assertThat(node.get("inner").get("c").intValue()).isEqualTo(2);
        assertThat(node.get("list").size()).isEqualTo(5);
        assertThat(node.get("list").get(3).get("d").booleanValue()).isTrue();
        assertThat(node.get("empty").isArray()).isTrue();
        assertThat(node.get("after").textValue()).isEqualTo("end");
    }

    @Test
    void linesAreSeparatedByNewlinesWithoutCommas() throws IOException {
        JsonBytes out = new JsonBytes(8);
        for (int i = 0; i < 3; i++) {
            out.beginObject().field("line", (long) i).endObject().newline();
        }
        String[] lines = out.toString().split("\n", -1);
        assertThat(lines).hasSize(4);
        assertThat(lines[3]).isEmpty();
        for (int i = 0; i < 3; i++) {
            assertThat(JSON.readTree(lines[i]).get("line").intValue()).isEqualTo(i);
        }
    }

    @Test
    void resetForgetsEverythingWritten() throws IOException {
        JsonBytes out = new JsonBytes().beginObject().field("old", 1L).endObject();
        out.reset();
        assertThat(out.length()).isZero();
        out.beginObject().field("new", 2L).endObject();
        assertThat(out.toString()).isEqualTo("{\"new\":2}");
        assertThat(out.length()).isEqualTo(out.toByteArray().length);
    }

    @Test
    void growsFromATinyBufferAndWritesToAStream() throws IOException {
        JsonBytes out = new JsonBytes(1).beginObject();
        for (int i = 0; i < 500; i++) {
            out.field("k" + i, "v".repeat(i % 37));
        }
        out.endObject();
        JsonNode node = parse(out);
        assertThat(node.size()).isEqualTo(500);
        assertThat(node.get("k36").textValue()).hasSize(36);
        assertThat(out.buffer().length).isGreaterThanOrEqualTo(out.length());
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        out.writeTo(stream);
        assertThat(stream.toByteArray()).isEqualTo(out.toByteArray());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain",
                "",
                "quote \" inside",
                "back\\slash",
                "\\\"",
                "new\nline, car\rriage, tab\t",
                "slash / is fine",
                "é ü ß ñ",
                "倪家桥 天府广场",
                "emoji 😀 and 🚇",
                "\u2028\u2029",
                "\u007f delete",
                "\uffff last BMP",
                "\u0800 first three-byte",
                "\u07ff last two-byte"
            })
    void stringsRoundTripThroughJackson(String value) throws IOException {
        assertThat(roundTrip(value)).isEqualTo(value);
    }

    @Test
    void everyControlCharacterIsEscaped() throws IOException {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        JsonBytes out = new JsonBytes().beginObject().field("s", all.toString()).endObject();
        for (byte b : out.toByteArray()) {
            assertThat(b & 0xFF).isGreaterThanOrEqualTo(0x20);
        }
        assertThat(out.toString()).contains("\\n", "\\r", "\\t", "\\u0000", "\\u001f");
        assertThat(parse(out).get("s").textValue()).isEqualTo(all.toString());
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        JsonBytes out = new JsonBytes().beginObject().field("s", "a\"b\\c").endObject();
        assertThat(out.toString()).isEqualTo("{\"s\":\"a\\\"b\\\\c\"}");
    }

    @Test
    void fieldNamesAreEscapedToo() throws IOException {
        JsonBytes out = new JsonBytes().beginObject().field("we\"ird\nname", 1L).endObject();
        assertThat(parse(out).get("we\"ird\nname").intValue()).isEqualTo(1);
    }

    @Test
    void emojiIsOneFourByteSequence() {
        JsonBytes out = new JsonBytes().beginObject().field("s", "😀").endObject();
        byte[] expected = "{\"s\":\"😀\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(out.toByteArray()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "'\ud800', '\ufffd'",
        "'\udc00', '\ufffd'",
        "'a\ud83d', 'a\ufffd'",
        "'\ude00\ud83d', '\ufffd\ufffd'",
        "'\ud83d\ud83d\ude00', '\ufffd😀'",
        "'x\udbffy', 'x\ufffdy'"
    })
    void loneSurrogatesBecomeTheReplacementCharacter(String value, String expected)
            throws IOException {
        assertThat(roundTrip(value)).isEqualTo(expected);
    }

    @Test
    void randomStringsRoundTripAsValidUtf8() throws IOException {
        Random random = new Random(99);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                int kind = random.nextInt(5);
                int codePoint;
                if (kind == 0) {
                    codePoint = random.nextInt(0x80);
                } else if (kind == 1) {
                    codePoint = 0x80 + random.nextInt(0x800 - 0x80);
                } else if (kind == 2) {
                    codePoint = 0x10000 + random.nextInt(0x10FFFF - 0x10000);
                } else {
                    codePoint = 0x800 + random.nextInt(0xFFFE - 0x800);
                    if (Character.isSurrogate((char) codePoint)) {
                        codePoint = 'S';
                    }
                }
                text.appendCodePoint(codePoint);
            }
            String value = text.toString();
            JsonBytes out = new JsonBytes(2).beginObject().field("s", value).endObject();
            String decoded = strictUtf8(out.toByteArray());
            assertThat(JSON.readTree(decoded).get("s").textValue()).isEqualTo(value);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0.25, 2, 0.25",
        "0.125, 2, 0.13",
        "-0.125, 2, -0.13",
        "2.5, 0, 3",
        "-2.5, 0, -3",
        "1.5, 0, 2",
        "0.4, 0, 0",
        "-1.23456, 3, -1.235",
        "0.9999, 2, 1.00",
        "-0.9999, 2, -1.00",
        "9.9996, 3, 10.000",
        "1234567.891, 2, 1234567.89",
        "3, 2, 3.00",
        "0, 3, 0.000",
        "0.1, 6, 0.100000",
        "-0.0000004, 6, -0.000000",
        "12.0, 1, 12.0"
    })
    void decimalsAreRoundedHalfAwayFromZeroToAFixedNumberOfPlaces(
            double value, int decimals, String expected) {
        JsonBytes out = new JsonBytes().beginObject().field("x", value, decimals).endObject();
        String written = out.toString();
        String number = written.substring("{\"x\":".length(), written.length() - 1);
        if (expected.startsWith("-") && new BigDecimal(expected).signum() == 0) {
            // A value that rounds to zero is written without a sign.
            assertThat(number).isEqualTo(expected.substring(1));
        } else {
            assertThat(number).isEqualTo(expected);
        }
    }

    @Test
    void smallNegativeValuesRoundToAnUnsignedZero() {
        JsonBytes out =
                new JsonBytes().beginObject().field("x", -0.004, 2).field("y", -0.0, 1).endObject();
        assertThat(out.toString()).isEqualTo("{\"x\":0.00,\"y\":0.0}");
    }

    @Test
    void randomDecimalsParseWithinHalfAUnitOfTheLastPlace() throws IOException {
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            int decimals = random.nextInt(7);
            double magnitude = Math.pow(10, random.nextInt(12) - 4);
            double value = (random.nextDouble() * 2 - 1) * magnitude;
            JsonBytes out = new JsonBytes().beginObject().field("x", value, decimals).endObject();
            JsonNode number = JSON.readTree(out.toString()).get("x");
            assertThat(number.isNumber()).isTrue();
            String text = out.toString().substring(5, out.length() - 1);
            int point = text.indexOf('.');
            assertThat(point < 0 ? 0 : text.length() - point - 1).as(text).isEqualTo(decimals);
            BigDecimal exact = new BigDecimal(value);
            BigDecimal written = new BigDecimal(text);
            BigDecimal halfUnit =
                    BigDecimal.ONE.movePointLeft(decimals).divide(BigDecimal.valueOf(2));
            // Within half a unit of the last place, allowing for the rounding of value * 10^d.
            assertThat(written.subtract(exact).abs())
                    .as("%s with %d decimals written as %s", value, decimals, text)
                    .isLessThanOrEqualTo(halfUnit.add(BigDecimal.valueOf(Math.ulp(value) * 4)));
            if (written.compareTo(exact.setScale(decimals, RoundingMode.HALF_UP)) != 0) {
                // Only a near-tie may round the other way, as value * 10^d is itself rounded.
                BigDecimal scaled = exact.movePointRight(decimals).abs();
                BigDecimal fraction = scaled.subtract(new BigDecimal(scaled.toBigInteger()));
                assertThat(fraction.subtract(new BigDecimal("0.5")).abs())
                        .as(
                                "%s rounded to %d places as %s is not a near-tie",
                                value, decimals, text)
                        .isLessThan(new BigDecimal("1e-6"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteNumbersAreWrittenAsNull(double value) throws IOException {
        JsonBytes out =
                new JsonBytes()
                        .beginObject()
                        .field("x", value, 2)
                        .beginArray("a")
                        .element(value, 1)
                        .element(1.0, 1)
                        .endArray()
                        .endObject();
        JsonNode node = parse(out);
        assertThat(node.get("x").isNull()).isTrue();
        assertThat(node.get("a").get(0).isNull()).isTrue();
        assertThat(node.get("a").get(1).doubleValue()).isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e20, -1e20, 9.5e17, 1.7976931348623157e308, 4.9e-324})
    void veryLargeOrTinyNumbersStillParseToTheirValue(double value) throws IOException {
        JsonBytes out = new JsonBytes().beginObject().field("x", value, 2).endObject();
        double parsed = parse(out).get("x").doubleValue();
        assertThat(parsed).isCloseTo(value, within(Math.max(Math.abs(value) * 1e-15, 0.005)));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 7, 20})
    void decimalsOutsideZeroToSixAreRefused(int decimals) {
        assertThatThrownBy(() -> new JsonBytes().beginObject().field("x", 1.0, decimals))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decimals");
    }

    @Test
    void timeFieldWritesTheFormattersTimestamp() throws IOException {
        TimeFormatter shanghai = new TimeFormatter(ZoneId.of("Asia/Shanghai"));
        long millis = Instant.parse("2026-03-04T00:12:03.417Z").toEpochMilli();
        JsonBytes out =
                new JsonBytes(2)
                        .beginObject()
                        .timeField("t", millis, shanghai)
                        .field("n", 1L)
                        .endObject();
        JsonNode node = parse(out);
        assertThat(node.get("t").textValue()).isEqualTo("2026-03-04T08:12:03.417+08:00");
        assertThat(node.get("n").intValue()).isEqualTo(1);
    }
}
