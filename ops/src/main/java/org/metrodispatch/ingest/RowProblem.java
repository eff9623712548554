package org.metrodispatch.ingest;

/**
 * Why a row of the source cannot be read: a reason that groups rows for the summary (no values in
 * it), and the row's own detail for the rejects file.
 */
final class RowProblem extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;

    RowProblem(String reason) {
        this(reason, null);
    }

    RowProblem(String reason, String detail) {
        super(detail == null ? reason : reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    /** The reason without the row's values. */
    String reason() {
        return reason;
    }
}
