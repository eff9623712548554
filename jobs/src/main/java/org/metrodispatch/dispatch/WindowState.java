package org.metrodispatch.dispatch;

/** The panes of one station's sliding window counts. A Flink POJO. */
public class WindowState {

    public int[] entries = new int[0];

    public int[] exits = new int[0];

    public int[] heartbeats = new int[0];

    /** The pane the counts were last added to (epoch seconds / slide), or MIN_VALUE. */
    public long currentPane = Long.MIN_VALUE;

    public WindowState() {}
}
