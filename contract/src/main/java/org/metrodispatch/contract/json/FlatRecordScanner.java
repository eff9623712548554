package org.metrodispatch.contract.json;

import org.metrodispatch.contract.json.EventFields.Field;
import org.metrodispatch.contract.time.LastIsoTime;

import java.nio.charset.StandardCharsets;

/**
 * Reads the plain form in which producers write events, in one pass over the bytes and without a
 * parser object per record: one JSON object whose keys and values are printable ASCII strings
 * without escapes, or whole numbers of at most 18 digits, each key once. That is every record a
 * healthy feed sends. Anything else (escapes, other characters, other values, nesting, a key twice,
 * a malformed time, broken JSON) it does not judge: it answers false, and {@link EventReader} reads
 * the record with Jackson, which says precisely what is wrong. So a record reads the same either
 * way, which {@code EventReaderTest} checks on valid and mangled records. Not thread-safe.
 */
final class FlatRecordScanner {

    /** Digits of the longest number read here: anything longer cannot overflow a long. */
    private static final int MAX_DIGITS = 18;

    /** Recurring ids, for a reader of a day's feeds (a line's few thousand, a city's more). */
    private static final int RECURRING_SLOTS = 1 << 14;

    private static final int RECURRING_PROBES = 8;

    private final int maxTextLength;
    private final RecurringTexts recurring = new RecurringTexts(RECURRING_SLOTS, RECURRING_PROBES);

    /** A feed's records come in time order, many in one second: most times need no parsing. */
    private final LastIsoTime lastTime = new LastIsoTime();

    private byte[] bytes;
    private int pos;
    private int end;
    private long number;

    /**
     * @param maxTextLength text fields longer than this are left to Jackson's reading (which
     *     rejects them with the reason)
     */
    FlatRecordScanner(int maxTextLength) {
        this.maxTextLength = maxTextLength;
    }

    /**
     * Reads a record into {@code fields} (cleared before); false when it is not in the plain form,
     * and {@code fields} then hold anything.
     *
     * @param knownTimeAt where, in {@code record}, the opening quote of an eventTime value already
     *     read as {@code knownTime} is; -1 for none
     */
    boolean scan(
            byte[] record,
            int offset,
            int length,
            EventFields fields,
            long knownTime,
            int knownTimeAt) {
        bytes = record;
        pos = offset;
        end = offset + length;
        skipSpace();
        if (!take('{')) {
            return false;
        }
        skipSpace();
        if (take('}')) {
            return atEnd();
        }
        int seen = 0;
        while (true) {
            skipSpace();
            if (!take('"')) {
                return false;
            }
            int keyStart = pos;
            if (!skipPlainText()) {
                return false;
            }
            Field field = Field.named(bytes, keyStart, pos - keyStart);
            pos++;
            skipSpace();
            if (!take(':')) {
                return false;
            }
            skipSpace();
            if (field != Field.OTHER) {
                // A field of the contract twice: Jackson's reading names it.
                int bit = 1 << field.ordinal();
                if ((seen & bit) != 0) {
                    return false;
                }
                seen |= bit;
            }
            if (pos < end && bytes[pos] == '"') {
                int quote = pos++;
                int start = pos;
                if (!skipPlainText()) {
                    return false;
                }
                int textLength = pos - start;
                pos++;
                if (field == Field.EVENT_TIME) {
                    if (!time(fields, quote, start, textLength, knownTime, knownTimeAt)) {
                        return false;
                    }
                } else if (field != Field.OTHER
                        && (textLength > maxTextLength
                                || !fields.setText(field, text(field, start, textLength)))) {
                    return false;
                }
            } else if (!readNumber() || !fields.setNumber(field, number)) {
                return false;
            }
            skipSpace();
            if (take('}')) {
                return atEnd();
            }
            if (!take(',')) {
                return false;
            }
        }
    }

    /** A text value: printable ASCII, so its bytes are its ISO-8859-1 characters. */
    private String text(Field field, int start, int length) {
        return field.recurs()
                ? recurring.text(bytes, start, length)
                : new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }

    private boolean time(
            EventFields fields, int quote, int start, int length, long knownTime, int knownTimeAt) {
        if (quote == knownTimeAt) {
            // The caller read these very bytes already (the source, for watermarks).
            fields.eventTime = knownTime;
            return true;
        }
        try {
            fields.eventTime = lastTime.parseMillis(bytes, start, length);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Moves to the closing quote of a string of printable ASCII without escapes; false when the
     * string is anything else (or does not end).
     */
    private boolean skipPlainText() {
        while (pos < end) {
            int b = bytes[pos];
            if (b == '"') {
                return true;
            }
            // Bytes over 0x7F are negative here, so one comparison rules them out too.
            if (b < 0x20 || b == '\\' || b == 0x7F) {
                return false;
            }
            pos++;
        }
        return false;
    }

    /** Reads an optionally negative whole number into {@link #number}; false for any other. */
    private boolean readNumber() {
        boolean negative = take('-');
        int start = pos;
        long value = 0;
        while (pos < end && bytes[pos] >= '0' && bytes[pos] <= '9') {
            value = value * 10 + (bytes[pos] - '0');
            pos++;
        }
        int digits = pos - start;
        if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && bytes[start] == '0')) {
            return false;
        }
        if (pos < end && (bytes[pos] == '.' || bytes[pos] == 'e' || bytes[pos] == 'E')) {
            return false;
        }
        number = negative ? -value : value;
        return true;
    }

    private boolean atEnd() {
        skipSpace();
        return pos == end;
    }

    private boolean take(char expected) {
        if (pos < end && bytes[pos] == expected) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < end) {
            byte b = bytes[pos];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return;
            }
            pos++;
        }
    }
}
