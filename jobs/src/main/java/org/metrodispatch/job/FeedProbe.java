package org.metrodispatch.job;

import org.metrodispatch.dispatch.FeedObservation;
import org.metrodispatch.dispatch.GateLedger;
import org.metrodispatch.dispatch.TimeHeap;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** The gates heard, by name, and by id (the order they were first heard in). */
    private transient Map<String, Gate> gates;

    private transient List<Gate> gatesById;
    private transient long reportedUntil;

    /**
     * The gates' heartbeats waiting for the watermark, earliest first, as (time, gate id): a
     * watermark looks only at the gates with one due, not at every gate.
     */
    private transient TimeHeap dueBeats;

    /** The gates found due by one watermark, in {@link #closeGateIntervals}; reused. */
    private transient Gate[] dueGates;

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
        gates = new HashMap<>();
        gatesById = new ArrayList<>();
        reportedUntil = Long.MIN_VALUE;
        dueBeats = new TimeHeap();
        dueGates = new Gate[16];
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
                gate(event.gate, station).ledger().tap(time, event.eventKey);
                lastGate[station] = Math.max(lastGate[station], time);
                break;
            case HEARTBEAT:
                Gate gate = gate(event.gate, station);
                gate.ledger().beat(time, event.tapsTotal);
                dueBeats.add(time, gate.id());
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

    private Gate gate(String name, int station) {
        Gate gate = gates.get(name);
        if (gate == null) {
            gate = new Gate(gatesById.size(), name, station, new GateLedger(trustFrom));
            gates.put(name, gate);
            gatesById.add(gate);
        }
        return gate;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long time = mark.getTimestamp();
        if (!dueBeats.isEmpty() && dueBeats.firstTime() <= time) {
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
        int count = 0;
        while (!dueBeats.isEmpty() && dueBeats.firstTime() <= time) {
            if (count == dueGates.length) {
                dueGates = Arrays.copyOf(dueGates, count * 2);
            }
            dueGates[count++] = gatesById.get(dueBeats.firstId());
            dueBeats.removeFirst();
        }
        // Gates in name order, each once, so the observations come out the same way every run.
        Arrays.sort(dueGates, 0, count, BY_NAME);
        for (int i = 0; i < count; i++) {
            Gate gate = dueGates[i];
            if (i > 0 && gate == dueGates[i - 1]) {
                continue;
            }
            for (GateLedger.Interval interval : gate.ledger().closeUpTo(time)) {
                observe(
                        FeedObservation.gateInterval(
                                gate.station(),
                                gate.name(),
                                interval.from(),
                                interval.to(),
                                interval.expected(),
                                interval.received()));
            }
        }
    }

    /** A gate heard: its id here, name, station and ledger. */
    private record Gate(int id, String name, int station, GateLedger ledger) {}

    private static final Comparator<Gate> BY_NAME = Comparator.comparing(Gate::name);

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
