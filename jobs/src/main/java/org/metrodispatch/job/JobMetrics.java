package org.metrodispatch.job;

import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Station;
import org.metrodispatch.dispatch.CrowdingDetector;
import org.metrodispatch.dispatch.PlatformState;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.HashMap;
import java.util.Map;

/**
 * The job's own metrics, named for the people who watch a line (docs/metrics.md lists them): all in
 * the group {@value #GROUP} of their operator, labelled by station, direction, pool, reason or
 * decision type through Flink's key-value groups, which Prometheus turns into labels. Flink's
 * Prometheus reporter names them {@code flink_taskmanager_job_task_operator_metro_...}.
 */
public final class JobMetrics {

    /** The group every metric of the job is in. */
    public static final String GROUP = "metro";

    /** Dead-letter reasons, as a label: a few fixed words, not the free text of the record. */
    public static final String UNREADABLE = "unreadable";

    public static final String INVALID = "invalid";

    public static final String IMPLAUSIBLE_TIME = "implausible_time";

    public static final String AMBIGUOUS_TIME = "ambiguous_time";

    public static final String CLOCK_AHEAD = "clock_ahead";

    public static final String CLOCK_BEHIND = "clock_behind";

    public static final String REUSED_ID = "reused_id";

    private JobMetrics() {}

    /** An operator's group for the job's metrics. */
    public static MetricGroup group(MetricGroup operator) {
        return operator.addGroup(GROUP);
    }

    /** Dead letters for one reason: {@code metro_reason_deadLetters{reason="..."}}. */
    public static Counter deadLetters(MetricGroup operator, String reason) {
        return group(operator).addGroup("reason", reason).counter("deadLetters");
    }

    /**
     * The platforms a station-flow subtask holds, as gauges that appear when it first processes a
     * station (so a station is reported by the subtask that owns it only): waiting, left behind by
     * the last train, level of service (1 for A to 6 for F) and whether it is crowded (0 or 1), as
     * {@code metro_station_direction_waiting{station="...",direction="..."}} and so on.
     */
    public static final class Platforms {

        private final MetricGroup metrics;
        private final Network network;
        private final Map<String, PlatformState[]> shown = new HashMap<>();

        public Platforms(MetricGroup operator, Network network) {
            this.metrics = group(operator);
            this.network = network;
        }

        /** The station's platforms now: the gauges read them until the next update. */
        public void update(Station station, PlatformState[] platforms) {
            PlatformState[] copy = shown.get(station.id());
            if (copy == null) {
                copy = new PlatformState[platforms.length];
                shown.put(station.id(), copy);
                register(station, copy);
            }
            System.arraycopy(platforms, 0, copy, 0, platforms.length);
        }

        private void register(Station station, PlatformState[] shownPlatforms) {
            MetricGroup stationGroup = metrics.addGroup("station", station.id());
            double area = station.waitingAreaM2();
            for (Direction direction : Direction.values()) {
                int d = direction.index();
                MetricGroup group =
                        stationGroup.addGroup("direction", network.directionName(direction));
                group.gauge("waiting", () -> Math.round(shownPlatforms[d].waiting));
                group.gauge("leftBehind", () -> shownPlatforms[d].leftBehind);
                group.gauge(
                        "levelOfService",
                        () -> CrowdingDetector.levelOf(shownPlatforms[d], area).ordinal() + 1);
                group.gauge("crowded", () -> shownPlatforms[d].crowded ? 1 : 0);
            }
        }
    }
}
