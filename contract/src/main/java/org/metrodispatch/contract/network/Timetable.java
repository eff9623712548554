package org.metrodispatch.contract.network;

import java.io.Serializable;
import java.util.Arrays;

/** Service hours and the headway by time of day on the section all services share. */
public final class Timetable implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int serviceStartSecond;
    private final int serviceEndSecond;
    private final int turnaroundSeconds;
    private final int[] periodStarts;
    private final int[] headwaySeconds;

    Timetable(
            int serviceStartSecond,
            int serviceEndSecond,
            int turnaroundSeconds,
            int[] periodStarts,
            int[] headwaySeconds) {
        this.serviceStartSecond = serviceStartSecond;
        this.serviceEndSecond = serviceEndSecond;
        this.turnaroundSeconds = turnaroundSeconds;
        this.periodStarts = periodStarts;
        this.headwaySeconds = headwaySeconds;
    }

    /** First departure from a terminus, second of the day. */
    public int serviceStartSecond() {
        return serviceStartSecond;
    }

    /** Last departure from a terminus, second of the day. */
    public int serviceEndSecond() {
        return serviceEndSecond;
    }

    /** Minimum time a train spends at a terminus before its next trip, seconds. */
    public int turnaroundSeconds() {
        return turnaroundSeconds;
    }

    /** Seconds between trains at a second of the day, on the section all services share. */
    public int headwayAt(int secondOfDay) {
        int i = Arrays.binarySearch(periodStarts, secondOfDay);
        if (i < 0) {
            i = -i - 2;
        }
        return headwaySeconds[Math.max(i, 0)];
    }
}
