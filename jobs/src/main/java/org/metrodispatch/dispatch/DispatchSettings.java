package org.metrodispatch.dispatch;

import java.io.Serializable;

/** How the planner sends empty trains (config/job.yaml, dispatch). */
public final class DispatchSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long followUpAfterMillis;
    private final int maxTrainsPerEpisode;
    private final long minUpdateIntervalMillis;
    private final int followUpAfterLeftBehindDepartures;
    private final int reservedSpares;
    private final int reserveAfterLeftBehindDepartures;

    /** Without the follow-up on a growing backlog. */
    public DispatchSettings(
            long followUpAfterMillis, int maxTrainsPerEpisode, long minUpdateIntervalMillis) {
        this(followUpAfterMillis, maxTrainsPerEpisode, minUpdateIntervalMillis, 0);
    }

    /**
     * @param followUpAfterMillis when passengers are still left behind this long after an empty
     *     train reached the platform, another one is sent
     * @param maxTrainsPerEpisode at most this many empty trains for one crowding episode
     * @param minUpdateIntervalMillis at most one UPDATED decision per episode in this time, unless
     *     it sends a train
     * @param followUpAfterLeftBehindDepartures another train is also sent, without waiting for the
     *     last one to arrive, when this many more departures in a row have left passengers behind
     *     since it was sent: the backlog grows faster than one train clears it (0: off)
     */
    public DispatchSettings(
            long followUpAfterMillis,
            int maxTrainsPerEpisode,
            long minUpdateIntervalMillis,
            int followUpAfterLeftBehindDepartures) {
        this(
                followUpAfterMillis,
                maxTrainsPerEpisode,
                minUpdateIntervalMillis,
                followUpAfterLeftBehindDepartures,
                0,
                0);
    }

    /**
     * As above, with spares held in reserve.
     *
     * @param reservedSpares a depot's or siding's last this many spare trains are kept for crowding
     *     that lasts: they go only to a platform that is no blip (0: off)...
     * @param reserveAfterLeftBehindDepartures ...one that left passengers behind on this many
     *     departures in a row, or whose backlog the forecast sees holding or growing
     */
    public DispatchSettings(
            long followUpAfterMillis,
            int maxTrainsPerEpisode,
            long minUpdateIntervalMillis,
            int followUpAfterLeftBehindDepartures,
            int reservedSpares,
            int reserveAfterLeftBehindDepartures) {
        this.reservedSpares = reservedSpares;
        this.reserveAfterLeftBehindDepartures = reserveAfterLeftBehindDepartures;
        this.followUpAfterMillis = followUpAfterMillis;
        this.maxTrainsPerEpisode = maxTrainsPerEpisode;
        this.minUpdateIntervalMillis = minUpdateIntervalMillis;
        this.followUpAfterLeftBehindDepartures = followUpAfterLeftBehindDepartures;
    }

    public int followUpAfterLeftBehindDepartures() {
        return followUpAfterLeftBehindDepartures;
    }

    public int reservedSpares() {
        return reservedSpares;
    }

    public int reserveAfterLeftBehindDepartures() {
        return reserveAfterLeftBehindDepartures;
    }

    public long followUpAfterMillis() {
        return followUpAfterMillis;
    }

    public int maxTrainsPerEpisode() {
        return maxTrainsPerEpisode;
    }

    public long minUpdateIntervalMillis() {
        return minUpdateIntervalMillis;
    }
}
