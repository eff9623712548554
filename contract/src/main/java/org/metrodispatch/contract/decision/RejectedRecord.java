package org.metrodispatch.contract.decision;

import org.metrodispatch.contract.json.StrictUtf8;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * An input record the job could not use: malformed (a dead letter) or later than the watermark
 * allows (a late event). Nothing is dropped silently; the record is described with the reason: a
 * bounded prefix of it, its size and its SHA-256, never the whole record, so that one huge input
 * record cannot make an output record the producer refuses to send.
 */
public class RejectedRecord {

    /** Where the record came from: {@code file:line} or {@code topic/partition@offset}. */
    public String source;

    /** Why it was rejected, in words. */
    public String reason;

    /**
     * The start of the record as text (invalid UTF-8 replaced), at most the configured prefix of
     * bytes; null when the record was no longer at hand (rejected after parsing).
     */
    public String raw;

    /** Set when the prefix in {@link #raw} is not valid UTF-8: those exact bytes, Base64. */
    public String rawBase64;

    /** The whole record's size in bytes; -1 when not known. */
    public long rawSize = -1;

    /** The SHA-256 of the whole record, lower-case hex, to find it again; null when not known. */
    public String rawSha256;

    /** The record's event time when it could be read, epoch milliseconds, else 0. */
    public long eventTime;

    /** For a late event: the watermark it arrived behind, epoch milliseconds, else 0. */
    public long watermark;

    /** Order of the source, for a deterministic order of the rejected records in files. */
    public long sourceOrder;

    public RejectedRecord() {}

    /** Whether {@link #raw} holds less than the whole record. */
    public boolean rawTruncated() {
        return raw != null && rawSize > raw.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Describes the record's bytes: its size, its SHA-256 and at most {@code maxPrefixBytes} of its
     * start (cut before a character that would not fit), as text and, when that text is not valid
     * UTF-8, as Base64 of the exact bytes.
     */
    public void describe(byte[] payload, int maxPrefixBytes) {
        byte[] bytes = payload == null ? new byte[0] : payload;
        rawSize = bytes.length;
        rawSha256 = sha256Hex(bytes);
        int prefix = Math.min(bytes.length, Math.max(0, maxPrefixBytes));
        // Do not cut a character in two: step back over its continuation bytes.
        int cut = prefix;
        while (cut > 0 && cut < bytes.length && (bytes[cut] & 0xC0) == 0x80 && prefix - cut < 3) {
            cut--;
        }
        if (cut < bytes.length && (bytes[cut] & 0xC0) == 0x80) {
            // Not UTF-8 around the cut anyway: keep the bytes as they are.
            cut = prefix;
        }
        raw = new String(bytes, 0, cut, StandardCharsets.UTF_8);
        rawBase64 =
                StrictUtf8.isValid(bytes, 0, cut)
                        ? null
                        : Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, cut));
    }

    /** The SHA-256 of some bytes, lower-case hex. */
    public static String sha256Hex(byte[] bytes) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] hash = digest.digest(bytes);
        char[] hex = new char[hash.length * 2];
        for (int i = 0; i < hash.length; i++) {
            hex[2 * i] = Character.forDigit((hash[i] >> 4) & 0xF, 16);
            hex[2 * i + 1] = Character.forDigit(hash[i] & 0xF, 16);
        }
        return new String(hex);
    }

    @Override
    public String toString() {
        return "Rejected{" + source + ": " + reason + '}';
    }
}
