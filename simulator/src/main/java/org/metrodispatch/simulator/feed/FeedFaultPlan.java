package org.metrodispatch.simulator.feed;

import org.metrodispatch.contract.demand.FeedFaults;
import org.metrodispatch.contract.demand.FeedFaults.ClockSkew;
import org.metrodispatch.contract.demand.FeedFaults.FaultWindow;
import org.metrodispatch.contract.demand.FeedFaults.GateSet;
import org.metrodispatch.contract.demand.FeedFaults.TapLoss;
import org.metrodispatch.contract.time.DayClock;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A scenario's {@link FeedFaults} for one simulated day, resolved to the simulator's stations and
 * gates and to epoch milliseconds. It decides what a faulty device does to each record: which event
 * time it writes, and whether the record reaches the feed at all. It never changes what happens to
 * passengers or trains.
 *
 * <p>Lost taps draw from a random stream of their own, and only for taps that a loss rule covers:
 * without faults the plan draws nothing, and with them every other stream is as it was.
 */
public final class FeedFaultPlan {

    private static final int[] NONE = new int[0];

    private final boolean empty;
    private final long[][] skewWindows;
    private final ClockSkew[] skews;
    private final long[][] silenceWindows;
    private final long[][] trainSilenceWindows;
    private final long[][] lossWindows;
    private final double[] lossShares;

    /** Per station and gate: indices of the skews, gate silences and tap losses that cover it. */
    private final int[][][] gateSkews;

    private final int[][][] gateSilences;
    private final int[][][] gateLosses;

    /** Per station: indices of the train-feed silences that cover it. */
    private final int[][] stationTrainSilences;

    private final SplittableRandom lossRandom;
    private long skewedRecords;
    private long silencedRecords;
    private long lostTaps;

    /**
     * @param stationIds station ids by index
     * @param gateIds gate ids by station and gate index
     * @param clock the simulated day, to place the faults' time windows
     * @param lossRandom the stream that decides which taps are lost
     */
    public FeedFaultPlan(
            FeedFaults faults,
            String[] stationIds,
            String[][] gateIds,
            DayClock clock,
            SplittableRandom lossRandom) {
        this.empty = faults.isEmpty();
        this.lossRandom = lossRandom;
        int stations = stationIds.length;
        skews = faults.skewedClocks().toArray(new ClockSkew[0]);
        skewWindows = new long[skews.length][];
        List<GateSet> skewGates = new ArrayList<>();
        for (int i = 0; i < skews.length; i++) {
            skewWindows[i] = millis(skews[i].window(), clock);
            skewGates.add(skews[i].gates());
        }
        silenceWindows = new long[faults.silentGates().size()][];
        List<GateSet> silenceGates = new ArrayList<>();
        for (int i = 0; i < silenceWindows.length; i++) {
            silenceWindows[i] = millis(faults.silentGates().get(i).window(), clock);
            silenceGates.add(faults.silentGates().get(i).gates());
        }
        List<TapLoss> losses = faults.lostTaps();
        lossWindows = new long[losses.size()][];
        lossShares = new double[losses.size()];
        List<GateSet> lossGates = new ArrayList<>();
        for (int i = 0; i < losses.size(); i++) {
            lossWindows[i] = millis(losses.get(i).window(), clock);
            lossShares[i] = losses.get(i).share();
            lossGates.add(losses.get(i).gates());
        }
        trainSilenceWindows = new long[faults.silentTrainFeed().size()][];
        stationTrainSilences = new int[stations][];
        for (int i = 0; i < trainSilenceWindows.length; i++) {
            trainSilenceWindows[i] = millis(faults.silentTrainFeed().get(i).window(), clock);
        }
        gateSkews = new int[stations][][];
        gateSilences = new int[stations][][];
        gateLosses = new int[stations][][];
        for (int s = 0; s < stations; s++) {
            List<Integer> trainHits = new ArrayList<>();
            for (int i = 0; i < trainSilenceWindows.length; i++) {
                if (faults.silentTrainFeed().get(i).matches(stationIds[s])) {
                    trainHits.add(i);
                }
            }
            stationTrainSilences[s] = toArray(trainHits);
            int gates = gateIds[s].length;
            gateSkews[s] = new int[gates][];
            gateSilences[s] = new int[gates][];
            gateLosses[s] = new int[gates][];
            for (int g = 0; g < gates; g++) {
                gateSkews[s][g] = covering(skewGates, stationIds[s], gateIds[s][g]);
                gateSilences[s][g] = covering(silenceGates, stationIds[s], gateIds[s][g]);
                gateLosses[s][g] = covering(lossGates, stationIds[s], gateIds[s][g]);
            }
        }
    }

    private static long[] millis(FaultWindow window, DayClock clock) {
        return new long[] {
            clock.epochSecond(window.fromSecond()) * 1000,
            clock.epochSecond(window.toSecond()) * 1000
        };
    }

    private static int[] covering(List<GateSet> sets, String stationId, String gateId) {
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            if (sets.get(i).matches(stationId, gateId)) {
                hits.add(i);
            }
        }
        return toArray(hits);
    }

    private static int[] toArray(List<Integer> values) {
        if (values.isEmpty()) {
            return NONE;
        }
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean in(long[] window, long millis) {
        return millis >= window[0] && millis < window[1];
    }

    /**
     * The event time gate {@code g} of station {@code s} writes on a record of {@code realMillis}:
     * the true time plus the errors of all skews that cover the gate then (overlapping skews add).
     */
    public long gateEventTime(int s, int g, long realMillis, boolean counted) {
        if (empty) {
            return realMillis;
        }
        long time = realMillis;
        for (int i : gateSkews[s][g]) {
            if (in(skewWindows[i], realMillis)) {
                time += skews[i].errorMillis((realMillis - skewWindows[i][0]) / 1000.0);
            }
        }
        if (counted && time != realMillis) {
            skewedRecords++;
        }
        return time;
    }

    /** True when gate {@code g} of station {@code s} is silent at {@code realMillis}. */
    public boolean gateSilent(int s, int g, long realMillis, boolean counted) {
        if (empty) {
            return false;
        }
        for (int i : gateSilences[s][g]) {
            if (in(silenceWindows[i], realMillis)) {
                if (counted) {
                    silencedRecords++;
                }
                return true;
            }
        }
        return false;
    }

    /** True when the train feed of station {@code s} is silent at {@code realMillis}. */
    public boolean trainSilent(int s, long realMillis, boolean counted) {
        if (empty) {
            return false;
        }
        for (int i : stationTrainSilences[s]) {
            if (in(trainSilenceWindows[i], realMillis)) {
                if (counted) {
                    silencedRecords++;
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Decides whether a tap of gate {@code g} of station {@code s} at {@code realMillis} is lost.
     * The first loss rule that covers the gate at that time applies. Draws whenever a rule covers
     * the tap, inside the written window or not, so that a narrower run loses the same taps.
     */
    public boolean tapLost(int s, int g, long realMillis, boolean counted) {
        if (empty) {
            return false;
        }
        for (int i : gateLosses[s][g]) {
            if (in(lossWindows[i], realMillis)) {
                boolean lost = lossRandom.nextDouble() < lossShares[i];
                if (lost && counted) {
                    lostTaps++;
                }
                return lost;
            }
        }
        return false;
    }

    /** Delivered records whose event time a skewed clock moved. */
    public long skewedRecords() {
        return skewedRecords;
    }

    /** Records that a silent gate or train feed did not deliver. */
    public long silencedRecords() {
        return silencedRecords;
    }

    /** Taps inside the written window that were lost. */
    public long lostTaps() {
        return lostTaps;
    }
}
