package org.metrodispatch.dispatch;

import java.io.Serializable;

/**
 * When the job calls a feed degraded ({@code feedHealth} in {@code config/job.yaml}).
 *
 * @param reportMillis feeds are looked at every this much event time
 * @param trainFeedSilentMillis a station without a train report or signalling heartbeat this long,
 *     while the line's gates are heard, has a silent train feed
 * @param gatesSilentMillis a station without a tap or gate heartbeat this long, while most stations
 *     are heard, has silent gates
 * @param tapLossWindowMillis taps lost per gate are judged over windows this long...
 * @param tapLossMinTaps ...raised when at least this many are lost...
 * @param tapLossShare ...and at least this share of the taps the gate counted
 * @param rejectedWindowRecords the input is judged over this many records...
 * @param rejectedShare ...and is mostly rejected when at least this share of them is
 * @param lateWindowMillis the share of a feed's records that came late is judged over windows this
 *     long...
 * @param lateMinRecords ...raised when at least this many came late...
 * @param lateShare ...and at least this share of the feed's records
 * @param gateLatenessMillis how late gate records may come and still count (for the advice)
 * @param trainLatenessMillis how late train records may come and still count (for the advice)
 */
public record FeedHealthSettings(
        long reportMillis,
        long trainFeedSilentMillis,
        long gatesSilentMillis,
        long tapLossWindowMillis,
        int tapLossMinTaps,
        double tapLossShare,
        int rejectedWindowRecords,
        double rejectedShare,
        long lateWindowMillis,
        int lateMinRecords,
        double lateShare,
        long gateLatenessMillis,
        long trainLatenessMillis)
        implements Serializable {}
