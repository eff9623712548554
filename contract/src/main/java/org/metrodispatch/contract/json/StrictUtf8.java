package org.metrodispatch.contract.json;

/**
 * Checks bytes against the UTF-8 of RFC 3629, strictly: no overlong encodings (such as {@code C0
 * AF} for '/'), no encoded UTF-16 surrogates (such as {@code ED A0 80}), nothing above U+10FFFF, no
 * stray continuation bytes and no sequence cut short. Jackson's byte parser decodes such sequences
 * without complaint, so a record that smuggles '/' or a lone surrogate past a byte filter would
 * otherwise pass as text.
 *
 * <p>ASCII, nearly all of a record, is checked one byte at a time without branching further.
 */
public final class StrictUtf8 {

    private StrictUtf8() {}

    /**
     * Why the bytes are not strict UTF-8, naming the first offending byte's position (from {@code
     * offset}) and value; or null when they are.
     */
    public static String problem(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xFF;
            int need;
            int min;
            if (lead >= 0xC2 && lead <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else if (lead == 0xC0 || lead == 0xC1) {
                return describe(bytes, offset, i, "an overlong encoding");
            } else if (lead < 0xC0) {
                return describe(bytes, offset, i, "a continuation byte without a lead byte");
            } else {
                return describe(bytes, offset, i, "a byte that never occurs in UTF-8");
            }
            if (end - i - 1 < need) {
                return describe(bytes, offset, i, "a sequence cut short");
            }
            int cp = lead & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int c = bytes[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return describe(bytes, offset, i, "a sequence cut short");
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min) {
                return describe(bytes, offset, i, "an overlong encoding");
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                return describe(bytes, offset, i, "an encoded UTF-16 surrogate");
            }
            if (cp > 0x10FFFF) {
                return describe(bytes, offset, i, "a code point above U+10FFFF");
            }
            i += need + 1;
        }
        return null;
    }

    /** Whether all the bytes are strict UTF-8. */
    public static boolean isValid(byte[] bytes, int offset, int length) {
        return problem(bytes, offset, length) == null;
    }

    private static String describe(byte[] bytes, int offset, int at, String what) {
        return "invalid UTF-8 at byte "
                + (at - offset)
                + String.format(" (0x%02X)", bytes[at] & 0xFF)
                + ": "
                + what;
    }
}
