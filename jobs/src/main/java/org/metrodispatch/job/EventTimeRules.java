package org.metrodispatch.job;

import java.io.Serializable;

/**
 * How the job's event time follows the healthy feeds ({@code eventTime} in {@code config/job.yaml};
 * see {@link FeedClocks} for how they are applied).
 *
 * @param outOfOrdernessMillis how late a record may come and still count
 * @param healthyQuantile records are judged against this quantile of the stations' clocks
 * @param frontQuantile event time follows this quantile of the stations' newest accepted times
 * @param quorumFeeds feeds that must be heard before event time starts
 * @param startBufferRecords at most this many records wait for the quorum...
 * @param startWaitMillis ...and, on Kafka, at most this long (wall clock): a partition that carries
 *     fewer feeds than the quorum is then judged with the feeds it has
 * @param maxLeadMillis the newest record moves event time at most this far past the healthy feeds
 * @param maxAheadMillis a record further ahead of the healthy feeds is a dead letter
 * @param maxBehindMillis a feed this far behind the healthy feeds...
 * @param skewConfirmations ...for this many records in a row has a clock behind
 * @param staleFeedMillis a station silent this long (in event time) stops voting
 * @param maxWalkSeconds a station walks at most this far through a gap in its events, then jumps
 * @param replayIdleRecords in a replay, a file that delivered nothing for this many records stops
 *     holding event time back
 */
public record EventTimeRules(
        long outOfOrdernessMillis,
        double healthyQuantile,
        double frontQuantile,
        int quorumFeeds,
        int startBufferRecords,
        long startWaitMillis,
        long maxLeadMillis,
        long maxAheadMillis,
        long maxBehindMillis,
        int skewConfirmations,
        long staleFeedMillis,
        long maxWalkSeconds,
        long replayIdleRecords)
        implements Serializable {}
