package org.metrodispatch.dispatch;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Entries, exits and heartbeats of one station in sliding event-time windows of {@code size}
 * sliding every {@code slide}, kept as {@code size / slide} panes of one slide each.
 *
 * <p>A window is the sum of its panes, so each event is counted once, in one pane, instead of once
 * per window it belongs to: with 5-minute windows sliding every 30 seconds that is 10 times less
 * work per event than assigning it to every window. Every event still lands in exactly {@code size
 * / slide} consecutive windows.
 */
public final class SlidingCounts implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int slideSeconds;
    private final int panes;

    public SlidingCounts(int sizeSeconds, int slideSeconds) {
        if (slideSeconds <= 0 || sizeSeconds <= 0 || sizeSeconds % slideSeconds != 0) {
            throw new IllegalArgumentException(
                    "the window size must be a positive multiple of the slide: "
                            + sizeSeconds
                            + " s / "
                            + slideSeconds
                            + " s");
        }
        this.slideSeconds = slideSeconds;
        this.panes = sizeSeconds / slideSeconds;
    }

    public int slideSeconds() {
        return slideSeconds;
    }

    public int sizeSeconds() {
        return slideSeconds * panes;
    }

    /** Moves the window to the pane of {@code second}, emptying the panes it leaves behind. */
    public void advanceTo(WindowState state, long second) {
        long pane = Math.floorDiv(second, (long) slideSeconds);
        if (state.entries.length != panes) {
            state.entries = new int[panes];
            state.exits = new int[panes];
            state.heartbeats = new int[panes];
            state.currentPane = pane;
            return;
        }
        if (pane <= state.currentPane) {
            return;
        }
        long steps = Math.min(pane - state.currentPane, panes);
        if (steps == panes) {
            Arrays.fill(state.entries, 0);
            Arrays.fill(state.exits, 0);
            Arrays.fill(state.heartbeats, 0);
        } else {
            for (long p = state.currentPane + 1; p <= state.currentPane + steps; p++) {
                int slot = slot(p);
                state.entries[slot] = 0;
                state.exits[slot] = 0;
                state.heartbeats[slot] = 0;
            }
        }
        state.currentPane = pane;
    }

    /** Adds counts to the pane of {@code second}, which must be the current one or later. */
    public void add(WindowState state, long second, int entries, int exits, int heartbeats) {
        advanceTo(state, second);
        int slot = slot(state.currentPane);
        state.entries[slot] += entries;
        state.exits[slot] += exits;
        state.heartbeats[slot] += heartbeats;
    }

    /** Whether a window ends at the end of {@code second} (the next second starts a pane). */
    public boolean windowEndsAfter(long second) {
        return Math.floorMod(second + 1, (long) slideSeconds) == 0;
    }

    /** Sum of entries over the window ending with the current pane. */
    public int entries(WindowState state) {
        return sum(state.entries);
    }

    public int exits(WindowState state) {
        return sum(state.exits);
    }

    public int heartbeats(WindowState state) {
        return sum(state.heartbeats);
    }

    private int slot(long pane) {
        return (int) Math.floorMod(pane, (long) panes);
    }

    private static int sum(int[] values) {
        int total = 0;
        for (int v : values) {
            total += v;
        }
        return total;
    }
}
