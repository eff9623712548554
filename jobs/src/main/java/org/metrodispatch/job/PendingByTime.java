package org.metrodispatch.job;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.TimerService;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Records that wait in keyed state until event time reaches their time, then are handled together
 * by the timer there: what makes the planner and feed health independent of arrival order.
 */
final class PendingByTime {

    private PendingByTime() {}

    /** Adds a record to those waiting for {@code time}, and sets the timer there. */
    static <T> void add(
            MapState<Long, T[]> pending,
            TimerService timers,
            long time,
            T value,
            IntFunction<T[]> newArray)
            throws Exception {
        T[] waiting = pending.get(time);
        T[] more = waiting == null ? newArray.apply(1) : Arrays.copyOf(waiting, waiting.length + 1);
        more[more.length - 1] = value;
        pending.put(time, more);
        timers.registerEventTimeTimer(time);
    }

    /** Takes the records waiting for {@code time} (null when there are none). */
    static <T> T[] take(MapState<Long, T[]> pending, long time) throws Exception {
        T[] waiting = pending.get(time);
        if (waiting != null) {
            pending.remove(time);
        }
        return waiting;
    }
}
