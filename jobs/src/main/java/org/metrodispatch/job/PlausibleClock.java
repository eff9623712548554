package org.metrodispatch.job;

import java.io.Serializable;

/**
 * The latest event time of a stream, believing only times that fit: a time further than {@code
 * maxJump} from the clock (either way) moves it only when {@code jumpConfirmations} records in a
 * row agree on it. A few corrupt records stamped 2099, or a gate whose clock is an hour ahead,
 * therefore change nothing, while a real gap in the stream (the night between two service days) is
 * accepted after a run of records. At the start, the first {@code startConfirmations} records must
 * agree the same way before the clock is set.
 */
public final class PlausibleClock implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No time known yet. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private final long maxJump;
    private final int startConfirmations;
    private final int jumpConfirmations;
    private long latest = UNKNOWN;
    private long candidate = UNKNOWN;
    private int agreeing;

    public PlausibleClock(long maxJump, int startConfirmations, int jumpConfirmations) {
        this.maxJump = maxJump;
        this.startConfirmations = startConfirmations;
        this.jumpConfirmations = jumpConfirmations;
    }

    /** The latest believed time, or {@link #UNKNOWN}. */
    public long latest() {
        return latest;
    }

    /** Whether a time fits the clock as it stands (without changing it). */
    public boolean fits(long time) {
        return time != UNKNOWN && latest != UNKNOWN && Math.abs(time - latest) <= maxJump;
    }

    /** Takes a record's time into account; returns whether it fits the clock (now). */
    public boolean observe(long time) {
        if (time == UNKNOWN) {
            return false;
        }
        if (fits(time)) {
            latest = Math.max(latest, time);
            agreeing = 0;
            return true;
        }
        if (agreeing > 0 && Math.abs(time - candidate) <= maxJump) {
            agreeing++;
            candidate = Math.max(candidate, time);
        } else {
            candidate = time;
            agreeing = 1;
        }
        if (agreeing >= (latest == UNKNOWN ? startConfirmations : jumpConfirmations)) {
            latest = candidate;
            agreeing = 0;
            return true;
        }
        return false;
    }
}
