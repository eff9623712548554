package org.metrodispatch.contract.decision;

/**
 * An input record the job could not use: malformed (a dead letter) or later than the watermark
 * allows (a late event). Nothing is dropped silently; the raw record is kept with the reason.
 */
public class RejectedRecord {

    /** Where the record came from: {@code file:line} or {@code topic/partition@offset}. */
    public String source;

    /** Why it was rejected, in words. */
    public String reason;

    /** The record as text (invalid UTF-8 replaced), at most a few kilobytes. */
    public String raw;

    /** Set when the raw bytes are not valid UTF-8: the exact bytes, Base64. */
    public String rawBase64;

    /** The record's event time when it could be read, epoch milliseconds, else 0. */
    public long eventTime;

    /** For a late event: the watermark it arrived behind, epoch milliseconds, else 0. */
    public long watermark;

    /** Order of the source, for a deterministic order of the rejected records in files. */
    public long sourceOrder;

    public RejectedRecord() {}

    @Override
    public String toString() {
        return "Rejected{" + source + ": " + reason + '}';
    }
}
