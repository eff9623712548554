package org.metrodispatch.contract.demand;

import org.metrodispatch.contract.config.ConfigNode;

import java.util.HashSet;
import java.util.Set;

/**
 * How a feed of events is imperfect, like a real one: delivery delay (so events arrive out of
 * order), a small share delivered later than any reasonable bound, duplicate resends, and malformed
 * records for testing. The train feed also has the error of the trains' load-weigh sensors and a
 * share of train reports that are never delivered.
 */
public final class FeedSettings {

    /**
     * A realistic load noise, a few per cent of the load: load-weigh systems estimate passengers
     * from the weight on the suspension.
     */
    public static final double REALISTIC_LOAD_NOISE = 0.03;

    /**
     * Relative standard deviation of the load a train reports, unless the scenario says otherwise:
     * the realistic few per cent, so the job is always tried on loads as real sensors give them.
     */
    public static final double DEFAULT_LOAD_NOISE = REALISTIC_LOAD_NOISE;

    /** A weighing sensor can read somewhat above the crush load; the reading is cut here. */
    public static final double MAX_REPORTED_LOAD_FACTOR = 1.1;

    private static final Set<String> TRAIN_ONLY = Set.of("loadNoise", "lostReports");

    private final double delayMedianSeconds;
    private final double delayP99Seconds;
    private final double delayMaxSeconds;
    private final double veryLateShare;
    private final double veryLateMinMinutes;
    private final double veryLateMaxMinutes;
    private final double duplicateShare;
    private final double duplicateMaxDelaySeconds;
    private final double malformedShare;
    private final int heartbeatSeconds;
    private final double loadNoise;
    private final double lostReportShare;

    FeedSettings(
            double delayMedianSeconds,
            double delayP99Seconds,
            double delayMaxSeconds,
            double veryLateShare,
            double veryLateMinMinutes,
            double veryLateMaxMinutes,
            double duplicateShare,
            double duplicateMaxDelaySeconds,
            double malformedShare,
            int heartbeatSeconds,
            double loadNoise,
            double lostReportShare) {
        this.delayMedianSeconds = delayMedianSeconds;
        this.delayP99Seconds = delayP99Seconds;
        this.delayMaxSeconds = delayMaxSeconds;
        this.veryLateShare = veryLateShare;
        this.veryLateMinMinutes = veryLateMinMinutes;
        this.veryLateMaxMinutes = veryLateMaxMinutes;
        this.duplicateShare = duplicateShare;
        this.duplicateMaxDelaySeconds = duplicateMaxDelaySeconds;
        this.malformedShare = malformedShare;
        this.heartbeatSeconds = heartbeatSeconds;
        this.loadNoise = loadNoise;
        this.lostReportShare = lostReportShare;
    }

    /** A feed without any imperfection, delivered at once. */
    public static FeedSettings perfect() {
        return new FeedSettings(0, 0, 0, 0, 0, 0, 0, 0, 0, 60, 0, 0);
    }

    /**
     * Reads {@code feeds.gate} or {@code feeds.train}.
     *
     * @param train whether it is the train feed: only it has {@code loadNoise} and {@code
     *     lostReports}
     */
    static FeedSettings read(ConfigNode node, int defaultHeartbeatSeconds, boolean train) {
        Set<String> keys =
                new HashSet<>(
                        Set.of("delay", "veryLate", "duplicates", "malformed", "heartbeatSeconds"));
        if (train) {
            keys.addAll(TRAIN_ONLY);
        } else {
            for (String key : TRAIN_ONLY) {
                if (node.has(key)) {
                    throw node.error(key, "only the train feed has it: put it under feeds.train");
                }
            }
        }
        node.allowOnly(keys);
        ConfigNode delay =
                node.childOrEmpty("delay")
                        .allowOnly(Set.of("medianSeconds", "p99Seconds", "maxSeconds"));
        double median = delay.number("medianSeconds", 0, 3_600, 0);
        double p99 = delay.number("p99Seconds", median, 3_600, median);
        double max = delay.number("maxSeconds", p99, 3_600, p99);
        if (median == 0 && max > 0) {
            throw delay.error("medianSeconds", "must be above 0 when p99Seconds or maxSeconds is");
        }
        ConfigNode veryLate =
                node.childOrEmpty("veryLate")
                        .allowOnly(Set.of("share", "minMinutes", "maxMinutes"));
        double lateShare = veryLate.number("share", 0, 0.5, 0);
        double lateMin = veryLate.number("minMinutes", 0, 1_440, 15);
        double lateMax = veryLate.number("maxMinutes", lateMin, 1_440, Math.max(lateMin, 60));
        ConfigNode duplicates =
                node.childOrEmpty("duplicates").allowOnly(Set.of("share", "maxDelaySeconds"));
        double duplicateShare = duplicates.number("share", 0, 0.5, 0);
        double duplicateDelay = duplicates.number("maxDelaySeconds", 0, 3_600, 30);
        ConfigNode malformed = node.childOrEmpty("malformed").allowOnly(Set.of("share"));
        double malformedShare = malformed.number("share", 0, 0.5, 0);
        int heartbeat = node.integer("heartbeatSeconds", 1, 3_600, defaultHeartbeatSeconds);
        double noise = train ? node.number("loadNoise", 0, 0.5, DEFAULT_LOAD_NOISE) : 0;
        double lost = train ? node.number("lostReports", 0, 0.5, 0) : 0;
        return new FeedSettings(
                median,
                p99,
                max,
                lateShare,
                lateMin,
                lateMax,
                duplicateShare,
                duplicateDelay,
                malformedShare,
                heartbeat,
                noise,
                lost);
    }

    /** The same settings with a different share of malformed records. */
    public FeedSettings withMalformedShare(double share) {
        return new FeedSettings(
                delayMedianSeconds,
                delayP99Seconds,
                delayMaxSeconds,
                veryLateShare,
                veryLateMinMinutes,
                veryLateMaxMinutes,
                duplicateShare,
                duplicateMaxDelaySeconds,
                share,
                heartbeatSeconds,
                loadNoise,
                lostReportShare);
    }

    /**
     * The same settings with another load noise and share of lost train reports (for tests and
     * tools).
     */
    public FeedSettings withTrainReports(double newLoadNoise, double newLostReportShare) {
        if (!(newLoadNoise >= 0 && newLoadNoise <= 0.5)
                || !(newLostReportShare >= 0 && newLostReportShare <= 0.5)) {
            throw new IllegalArgumentException("load noise and lost share must be from 0 to 0.5");
        }
        return new FeedSettings(
                delayMedianSeconds,
                delayP99Seconds,
                delayMaxSeconds,
                veryLateShare,
                veryLateMinMinutes,
                veryLateMaxMinutes,
                duplicateShare,
                duplicateMaxDelaySeconds,
                malformedShare,
                heartbeatSeconds,
                newLoadNoise,
                newLostReportShare);
    }

    /**
     * Relative standard deviation of the load a train reports (train feed; 0 for the gate feed).
     * The reported load is rounded and kept from 0 to {@link #MAX_REPORTED_LOAD_FACTOR} times the
     * capacity.
     */
    public double loadNoise() {
        return loadNoise;
    }

    /** Share of train arrivals and departures never delivered (train feed; 0 for the gate feed). */
    public double lostReportShare() {
        return lostReportShare;
    }

    /** Median delay between an event and its delivery, seconds (log-normal). */
    public double delayMedianSeconds() {
        return delayMedianSeconds;
    }

    /** 99th percentile of the delivery delay, seconds. */
    public double delayP99Seconds() {
        return delayP99Seconds;
    }

    /** Longest normal delivery delay, seconds; longer draws are cut to it. */
    public double delayMaxSeconds() {
        return delayMaxSeconds;
    }

    /** Share of events delivered much later than any reasonable bound. */
    public double veryLateShare() {
        return veryLateShare;
    }

    public double veryLateMinMinutes() {
        return veryLateMinMinutes;
    }

    public double veryLateMaxMinutes() {
        return veryLateMaxMinutes;
    }

    /** Share of events sent twice. */
    public double duplicateShare() {
        return duplicateShare;
    }

    /** The resend follows the original within this many seconds. */
    public double duplicateMaxDelaySeconds() {
        return duplicateMaxDelaySeconds;
    }

    /** Share of records that are corrupted on the way (for testing; 0 by default). */
    public double malformedShare() {
        return malformedShare;
    }

    /**
     * Seconds between two heartbeats of each gate (gate feed) or station signalling (train feed).
     */
    public int heartbeatSeconds() {
        return heartbeatSeconds;
    }
}
