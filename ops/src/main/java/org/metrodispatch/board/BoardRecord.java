package org.metrodispatch.board;

/**
 * One line of the job's outputs (or of the train feed) as the board reads it: which output, and the
 * JSON line as written.
 */
public record BoardRecord(Kind kind, String json) {

    /** The outputs the board follows. */
    public enum Kind {
        /** A decision ({@code decisions.jsonl}, the recommendations topic). */
        DECISION,
        /** A station's load in a window, with its platforms' estimates. */
        STATION_LOAD,
        /** A feed alert raised or cleared. */
        FEED_ALERT,
        /** The job's progress mark: its watermark. */
        PROGRESS,
        /** A train report (arrival or departure, with the load): the vehicles' positions. */
        TRAIN
    }
}
