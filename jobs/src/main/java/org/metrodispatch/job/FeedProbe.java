package org.metrodispatch.job;

import org.metrodispatch.dispatch.FeedObservation;
import org.metrodispatch.dispatch.GateLedger;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Watches the feeds as the accepted events go by (chained after event time, at the source's
 * parallelism): which stations' gates and train feed were heard, and each gate's taps against its
 * heartbeat counters ({@link GateLedger}). What it sees leaves as {@link FeedObservation}s on a
 * side output, once per report period of event time and as heartbeat intervals close; the events go
 * on unchanged, except signalling heartbeats, which only tell that the train feed is alive.
 *
 * <p>Kept in memory, not checkpointed: after a restore a gate's accounting starts again, with the
 * first heartbeat a lateness bound after the first event read (taps read before the restore point
 * may lie after earlier heartbeats), and the stations' silence is judged downstream, from
 * checkpointed state.
 */
public final class FeedProbe extends AbstractStreamOperator<StationEvent>
        implements OneInputStreamOperator<StationEvent, StationEvent> {

    private static final long serialVersionUID = 1L;

    /** What the probe and the event-time judge saw of the feeds. */
    public static final OutputTag<FeedObservation> OBSERVATIONS =
            new OutputTag<>("feed-observations", Types.POJO(FeedObservation.class));

    private final int stations;
    private final long reportMillis;
    private final long latenessMillis;

    private transient long[] lastGate;
    private transient long[] lastTrain;
    private transient boolean[] heard;
    private transient Map<String, GateLedger> ledgers;
    private transient Map<String, Integer> gateStations;
    private transient long reportedUntil;

    /**
     * The gates' heartbeats waiting for the watermark, earliest first: a watermark looks only at
     * the gates with one due, not at every gate.
     */
    private transient PriorityQueue<DueBeat> dueBeats;

    /** Gate intervals that begin before this event time are heard, not compared; see above. */
    private transient long trustFrom;

    /**
     * @param reportMillis the stations heard are reported every this much event time
     * @param latenessMillis how much earlier than the first event read a record before the restore
     *     point may be (the feeds' lateness bound)
     */
    public FeedProbe(int stations, long reportMillis, long latenessMillis) {
        this.stations = stations;
        this.reportMillis = reportMillis;
        this.latenessMillis = latenessMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        lastGate = new long[stations];
        lastTrain = new long[stations];
        Arrays.fill(lastGate, FeedObservation.UNKNOWN);
        Arrays.fill(lastTrain, FeedObservation.UNKNOWN);
        heard = new boolean[stations];
        ledgers = new HashMap<>();
        gateStations = new HashMap<>();
        reportedUntil = Long.MIN_VALUE;
        dueBeats = new PriorityQueue<>();
        trustFrom = Long.MIN_VALUE;
    }

    @Override
    public void processElement(StreamRecord<StationEvent> element) {
        StationEvent event = element.getValue();
        int station = event.station;
        long time = event.eventTime;
        if (trustFrom == Long.MIN_VALUE) {
            trustFrom = time + latenessMillis;
        }
        switch (event.type) {
            case ENTRY:
            case EXIT:
                ledger(event.gate, station).tap(time, event.eventKey);
                lastGate[station] = Math.max(lastGate[station], time);
                break;
            case HEARTBEAT:
                ledger(event.gate, station).beat(time, event.tapsTotal);
                dueBeats.add(new DueBeat(time, event.gate));
                lastGate[station] = Math.max(lastGate[station], time);
                break;
            default:
                lastTrain[station] = Math.max(lastTrain[station], time);
        }
        heard[station] = true;
        if (event.type != StationEventType.SIGNALLING_HEARTBEAT) {
            output.collect(element);
        }
    }

    private GateLedger ledger(String gate, int station) {
        GateLedger ledger = ledgers.get(gate);
        if (ledger == null) {
            ledger = new GateLedger(trustFrom);
            ledgers.put(gate, ledger);
            gateStations.put(gate, station);
        }
        return ledger;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long time = mark.getTimestamp();
        if (!dueBeats.isEmpty() && dueBeats.peek().time() <= time) {
            closeGateIntervals(time);
        }
        long period =
                time == Long.MAX_VALUE
                        ? Long.MAX_VALUE
                        : Math.floorDiv(time, reportMillis) * reportMillis;
        if (period > reportedUntil) {
            report(time == Long.MAX_VALUE ? newestHeard() : period);
            reportedUntil = period;
        }
        super.processWatermark(mark);
    }

    /** Closes the gates' intervals whose heartbeat the watermark has passed. */
    private void closeGateIntervals(long time) {
        // Gates in name order, so the observations come out the same way every run.
        TreeSet<String> due = new TreeSet<>();
        while (!dueBeats.isEmpty() && dueBeats.peek().time() <= time) {
            due.add(dueBeats.poll().gate());
        }
        for (String gate : due) {
            for (GateLedger.Interval interval : ledgers.get(gate).closeUpTo(time)) {
                observe(
                        FeedObservation.gateInterval(
                                gateStations.get(gate),
                                gate,
                                interval.from(),
                                interval.to(),
                                interval.expected(),
                                interval.received()));
            }
        }
    }

    /** A gate's heartbeat, for the order in which they fall due. */
    private record DueBeat(long time, String gate) implements Comparable<DueBeat> {
        @Override
        public int compareTo(DueBeat other) {
            return Long.compare(time, other.time);
        }
    }

    /** The stations heard since the last report, and what was heard of them. */
    private void report(long at) {
        if (at == FeedObservation.UNKNOWN) {
            return;
        }
        for (int s = 0; s < stations; s++) {
            if (heard[s]) {
                observe(FeedObservation.heard(s, at, lastGate[s], lastTrain[s]));
                heard[s] = false;
            }
        }
    }

    private long newestHeard() {
        long newest = FeedObservation.UNKNOWN;
        for (int s = 0; s < stations; s++) {
            newest = Math.max(newest, Math.max(lastGate[s], lastTrain[s]));
        }
        return newest;
    }

    private void observe(FeedObservation observation) {
        output.collect(OBSERVATIONS, new StreamRecord<>(observation, observation.time));
    }
}
