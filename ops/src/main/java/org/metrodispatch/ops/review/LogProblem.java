package org.metrodispatch.ops.review;

/**
 * A line of the decision log (or a record of the topic) that could not be read: reported and
 * skipped, never fatal.
 *
 * @param where {@code line 7}, or {@code topic/0:7}
 * @param reason why it was skipped
 */
public record LogProblem(String where, String reason) {

    @Override
    public String toString() {
        return where + ": " + reason;
    }
}
