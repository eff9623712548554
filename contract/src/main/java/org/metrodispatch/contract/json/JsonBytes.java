package org.metrodispatch.contract.json;

import org.metrodispatch.contract.time.TimeFormatter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds JSON lines as UTF-8 bytes in a reusable buffer: the fast path for writing millions of
 * events, and one writer for every JSON form of the contract so that field order is fixed.
 *
 * <p>Commas are placed by looking at the last byte written, so objects and arrays nest without a
 * stack. Numbers that are not finite are written as {@code null}.
 */
public final class JsonBytes {

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000};

    private byte[] buffer;
    private int length;

    public JsonBytes() {
        this(256);
    }

    public JsonBytes(int initialCapacity) {
        this.buffer = new byte[initialCapacity];
    }

    /** Forgets everything written. */
    public JsonBytes reset() {
        length = 0;
        return this;
    }

    public int length() {
        return length;
    }

    public byte[] buffer() {
        return buffer;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    @Override
    public String toString() {
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buffer, 0, length);
    }

    public JsonBytes beginObject() {
        separate();
        return put('{');
    }

    public JsonBytes beginObject(String name) {
        name(name);
        return put('{');
    }

    public JsonBytes endObject() {
        return put('}');
    }

    public JsonBytes beginArray(String name) {
        name(name);
        return put('[');
    }

    public JsonBytes endArray() {
        return put(']');
    }

    public JsonBytes newline() {
        return put('\n');
    }

    public JsonBytes field(String name, String value) {
        name(name);
        return stringValue(value);
    }

    public JsonBytes field(String name, long value) {
        name(name);
        return longValue(value);
    }

    public JsonBytes field(String name, boolean value) {
        name(name);
        return raw(value ? TRUE : FALSE);
    }

    /** Writes a number rounded to {@code decimals} places (at most 6). */
    public JsonBytes field(String name, double value, int decimals) {
        name(name);
        return decimalValue(value, decimals);
    }

    public JsonBytes nullField(String name) {
        name(name);
        return raw(NULL);
    }

    /** Writes an epoch-millisecond instant as an ISO-8601 string with the formatter's offset. */
    public JsonBytes timeField(String name, long epochMillis, TimeFormatter formatter) {
        name(name);
        ensure(32);
        buffer[length++] = '"';
        length += formatter.write(buffer, length, epochMillis);
        buffer[length++] = '"';
        return this;
    }

    /** Writes an array element that is a string. */
    public JsonBytes element(String value) {
        separate();
        return stringValue(value);
    }

    /** Writes an array element that is a whole number. */
    public JsonBytes element(long value) {
        separate();
        return longValue(value);
    }

    /** Writes an array element that is a decimal number. */
    public JsonBytes element(double value, int decimals) {
        separate();
        return decimalValue(value, decimals);
    }

    private JsonBytes name(String name) {
        separate();
        stringValue(name);
        return put(':');
    }

    private void separate() {
        if (length > 0) {
            byte last = buffer[length - 1];
            if (last != '{' && last != '[' && last != ':' && last != '\n') {
                put(',');
            }
        }
    }

    private JsonBytes stringValue(String value) {
        if (value == null) {
            return raw(NULL);
        }
        int n = value.length();
        ensure(n + 2);
        buffer[length++] = '"';
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                // Capacity was ensured for the plain-ASCII case; escapes ensure their own.
                if (length >= buffer.length) {
                    ensure(1);
                }
                buffer[length++] = (byte) c;
            } else {
                escaped(value, i, c);
                if (Character.isHighSurrogate(c)
                        && i + 1 < n
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                }
            }
        }
        ensure(1);
        buffer[length++] = '"';
        return this;
    }

    private void escaped(String value, int index, char c) {
        ensure(12);
        switch (c) {
            case '"':
                buffer[length++] = '\\';
                buffer[length++] = '"';
                return;
            case '\\':
                buffer[length++] = '\\';
                buffer[length++] = '\\';
                return;
            case '\n':
                buffer[length++] = '\\';
                buffer[length++] = 'n';
                return;
            case '\r':
                buffer[length++] = '\\';
                buffer[length++] = 'r';
                return;
            case '\t':
                buffer[length++] = '\\';
                buffer[length++] = 't';
                return;
            default:
                break;
        }
        if (c < 0x20) {
            buffer[length++] = '\\';
            buffer[length++] = 'u';
            buffer[length++] = '0';
            buffer[length++] = '0';
            buffer[length++] = HEX[c >> 4];
            buffer[length++] = HEX[c & 0xF];
        } else if (c < 0x800) {
            buffer[length++] = (byte) (0xC0 | (c >> 6));
            buffer[length++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)
                && index + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(index + 1))) {
            int cp = Character.toCodePoint(c, value.charAt(index + 1));
            buffer[length++] = (byte) (0xF0 | (cp >> 18));
            buffer[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            buffer[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buffer[length++] = (byte) (0x80 | (cp & 0x3F));
        } else if (Character.isSurrogate(c)) {
            // A lone surrogate is not valid UTF-16; write the replacement character.
            buffer[length++] = (byte) 0xEF;
            buffer[length++] = (byte) 0xBF;
            buffer[length++] = (byte) 0xBD;
        } else {
            buffer[length++] = (byte) (0xE0 | (c >> 12));
            buffer[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buffer[length++] = (byte) (0x80 | (c & 0x3F));
        }
    }

    private JsonBytes longValue(long value) {
        ensure(20);
        if (value == Long.MIN_VALUE) {
            byte[] digits = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
            return raw(digits);
        }
        if (value < 0) {
            buffer[length++] = '-';
            value = -value;
        }
        int start = length;
        do {
            buffer[length++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = buffer[i];
            buffer[i] = buffer[j];
            buffer[j] = t;
        }
        return this;
    }

    private JsonBytes decimalValue(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return raw(NULL);
        }
        if (decimals < 0 || decimals >= POWERS_OF_TEN.length) {
            throw new IllegalArgumentException("decimals must be 0 to 6: " + decimals);
        }
        long scale = POWERS_OF_TEN[decimals];
        double scaled = Math.abs(value) * scale;
        if (scaled >= 9.0e17) {
            // Too large for the fixed-point path; the plain representation is still valid JSON.
            return raw(Double.toString(value).getBytes(StandardCharsets.US_ASCII));
        }
        long rounded = Math.round(scaled);
        if (value < 0 && rounded != 0) {
            put('-');
        }
        longValue(rounded / scale);
        if (decimals > 0) {
            ensure(decimals + 1);
            buffer[length++] = '.';
            long fraction = rounded % scale;
            for (int i = decimals - 1; i >= 0; i--) {
                buffer[length + i] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            length += decimals;
        }
        return this;
    }

    private JsonBytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
        return this;
    }

    private JsonBytes put(char c) {
        ensure(1);
        buffer[length++] = (byte) c;
        return this;
    }

    private void ensure(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }
}
