package org.metrodispatch.job;

import org.metrodispatch.contract.decision.StationLoad;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Station;
import org.metrodispatch.dispatch.CrowdingSignal;
import org.metrodispatch.dispatch.DetectionSettings;
import org.metrodispatch.dispatch.EstimationSettings;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.dispatch.SlidingCounts;
import org.metrodispatch.dispatch.StationFlow;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.HashMap;
import java.util.Map;

/**
 * Runs the {@link StationFlow} of each station: its main output is the crowding signals that drive
 * dispatch, and the station load (sliding windows, platform estimates) leaves by a side output.
 *
 * <p>This function only moves state and time. Events wait in per-second buckets (resends dropped)
 * until the watermark passes their second; then each due second is handed to the station flow as a
 * whole, so the result does not depend on the order the events arrived in.
 *
 * <p>Time is walked second by second only for a bounded while ({@code maxWalkSeconds}) after a
 * station's last event: through a longer gap (the night, a jump of the stream's clock) the station
 * stops, and when its next event comes it jumps to the window slide of that event, so the work
 * never depends on how long the gap was.
 */
public final class StationFlowFunction
        extends KeyedProcessFunction<Integer, StationSecond, CrowdingSignal> {

    private static final long serialVersionUID = 1L;

    /** The station's sliding-window counts and platform estimates, at each window end. */
    public static final OutputTag<StationLoad> STATION_LOAD =
            new OutputTag<>("station-load", Types.POJO(StationLoad.class));

    private final Network network;
    private final FlowShares shares;
    private final SlidingCounts windows;
    private final EstimationSettings estimation;
    private final DetectionSettings detection;
    private final long maxWalkSeconds;

    private transient MapState<Long, PendingSecond> pending;
    private transient ValueState<StationState> stationState;
    private transient StationFlow flow;
    private transient Emitter emitter;
    private transient Map<String, double[]> waitingByStation;
    private transient Counter duplicates;
    private transient Counter lateRecordsDropped;
    private transient Counter eventsProcessed;

    public StationFlowFunction(
            Network network,
            FlowShares shares,
            SlidingCounts windows,
            EstimationSettings estimation,
            DetectionSettings detection,
            long maxWalkSeconds) {
        this.network = network;
        this.maxWalkSeconds = maxWalkSeconds;
        this.shares = shares;
        this.windows = windows;
        this.estimation = estimation;
        this.detection = detection;
    }

    @Override
    public void open(OpenContext context) {
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending-seconds",
                                        Types.LONG,
                                        Types.POJO(PendingSecond.class)));
        stationState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "station", Types.POJO(StationState.class)));
        flow = new StationFlow(network, shares, windows, estimation, detection);
        emitter = new Emitter();
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        duplicates = metrics.counter("duplicates");
        lateRecordsDropped = metrics.counter("lateRecordsDropped");
        eventsProcessed = metrics.counter("eventsProcessed");
        waitingByStation = new HashMap<>();
        for (Station station : network.stations()) {
            double[] waiting = new double[2];
            waitingByStation.put(station.id(), waiting);
            MetricGroup group = metrics.addGroup("station", station.id());
            for (Direction direction : Direction.values()) {
                group.gauge(
                        "waiting_" + network.directionName(direction),
                        () -> Math.round(waiting[direction.index()]));
            }
        }
    }

    @Override
    public void processElement(
            StationSecond combined, Context context, Collector<CrowdingSignal> out)
            throws Exception {
        long second = combined.second;
        StationState state = stationState.value();
        if (state != null && second <= state.processedUntil) {
            // Its second is done: it would wait in a bucket no timer ever processes. The parser
            // lets such events through only when its watermark is behind this function's clock,
            // after a restore from a checkpoint (watermarks start over, state does not).
            lateRecordsDropped.inc();
            return;
        }
        PendingSecond bucket = pending.get(second);
        boolean newSecond = bucket == null;
        if (newSecond) {
            bucket = new PendingSecond();
        }
        // A second can come in parts (see StationSecondCombiner): count each event once.
        duplicates.inc(bucket.add(combined));
        pending.put(second, bucket);
        // Trains decide: their second is processed as soon as it is complete. Gate counts only
        // need to be in by the end of the window they belong to; the timer there catches them up.
        if (combined.trainEvents.length > 0) {
            context.timerService().registerEventTimeTimer(second * 1000 + 999);
        } else if (newSecond) {
            context.timerService().registerEventTimeTimer(windowEndTimer(second));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<CrowdingSignal> out)
            throws Exception {
        long second = Math.floorDiv(timestamp, 1000L);
        StationState state = stationState.value();
        if (state == null) {
            state = new StationState();
        }
        Station station = network.station(context.getCurrentKey());
        if (state.processedUntil == Long.MIN_VALUE) {
            // The station's first timer: start at its earliest second waiting.
            long first = second;
            for (Long pendingSecond : pending.keys()) {
                first = Math.min(first, pendingSecond);
            }
            state.processedUntil = first - 1;
            state.lastEventSecond = first;
        }
        emitter.to(context, out);
        for (long t = state.processedUntil + 1; t <= second; t++) {
            PendingSecond bucket = pending.get(t);
            if (bucket == null && t - state.lastEventSecond > maxWalkSeconds) {
                // A gap: jump to the slide of the next second with events (if due now).
                long resume = slideStart(nextPending(t, second));
                if (resume > t) {
                    t = resume - 1;
                    continue;
                }
            }
            StationFlow.SecondEvents events = null;
            if (bucket != null) {
                state.lastEventSecond = t;
                eventsProcessed.inc(bucket.eventCount);
                state.lastIngestMillis = Math.max(state.lastIngestMillis, bucket.maxIngestMillis);
                events = bucket.events();
                pending.remove(t);
            }
            flow.processSecond(station, state.window, state.platforms, t, events, emitter);
        }
        state.processedUntil = Math.max(state.processedUntil, second);
        stationState.update(state);
        double[] waiting = waitingByStation.get(station.id());
        waiting[0] = state.platforms[0].waiting;
        waiting[1] = state.platforms[1].waiting;

        // Keep windows coming every slide while the stream goes on, even with no events here; a
        // station silent for longer than the walk stops until its next event.
        if (context.timerService().currentWatermark() != Long.MAX_VALUE
                && second + 1 - state.lastEventSecond <= maxWalkSeconds) {
            context.timerService().registerEventTimeTimer(windowEndTimer(second + 1));
        }
    }

    /** The earliest second with events waiting after {@code after}, or {@code limit + 1}. */
    private long nextPending(long after, long limit) throws Exception {
        long next = limit + 1;
        for (Long pendingSecond : pending.keys()) {
            if (pendingSecond > after && pendingSecond < next) {
                next = pendingSecond;
            }
        }
        return next;
    }

    /** The first second of the window slide that {@code second} belongs to. */
    private long slideStart(long second) {
        long slide = windows.slideSeconds();
        return Math.floorDiv(second, slide) * slide;
    }

    /** The timer at the end of the window slide that {@code second} belongs to. */
    private long windowEndTimer(long second) {
        long slide = windows.slideSeconds();
        return (Math.floorDiv(second, slide) + 1) * slide * 1000 - 1;
    }

    /** Signals to the main output, station load to its side output; reused from timer to timer. */
    private static final class Emitter implements StationFlow.Output {
        private OnTimerContext context;
        private Collector<CrowdingSignal> out;

        void to(OnTimerContext context, Collector<CrowdingSignal> out) {
            this.context = context;
            this.out = out;
        }

        @Override
        public void signal(CrowdingSignal signal) {
            out.collect(signal);
        }

        @Override
        public void load(StationLoad load) {
            context.output(STATION_LOAD, load);
        }
    }
}
