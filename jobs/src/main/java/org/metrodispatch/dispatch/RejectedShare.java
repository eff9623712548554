package org.metrodispatch.dispatch;

import org.metrodispatch.contract.decision.FeedAlertState;

/**
 * Whether the input is mostly rejected, over the last records: raised when a full window of them
 * has at least the given share rejected, cleared when the share falls below half of it (so a share
 * near the bound does not flap). Plain Java.
 */
public final class RejectedShare {

    private final boolean[] window;
    private final double share;
    private int next;
    private int filled;
    private int rejected;
    private boolean raised;

    public RejectedShare(int records, double share) {
        if (records < 1) {
            throw new IllegalArgumentException("records must be at least 1");
        }
        this.window = new boolean[records];
        this.share = share;
    }

    /**
     * Counts one record.
     *
     * @return RAISED or CLEARED when the state changes with this record, else null
     */
    public FeedAlertState record(boolean wasRejected) {
        if (filled == window.length) {
            if (window[next]) {
                rejected--;
            }
        } else {
            filled++;
        }
        window[next] = wasRejected;
        if (wasRejected) {
            rejected++;
        }
        next = (next + 1) % window.length;
        if (!raised && filled == window.length && rejected >= share * filled) {
            raised = true;
            return FeedAlertState.RAISED;
        }
        if (raised && rejected < share * filled / 2) {
            raised = false;
            return FeedAlertState.CLEARED;
        }
        return null;
    }

    /** Rejected records in the window. */
    public int rejected() {
        return rejected;
    }

    /** Records in the window. */
    public int records() {
        return filled;
    }
}
