package org.metrodispatch.job;

import org.metrodispatch.contract.decision.CrowdingEvidence;
import org.metrodispatch.contract.decision.PlatformEstimate;
import org.metrodispatch.contract.decision.StationLoad;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Station;
import org.metrodispatch.contract.time.DayClock;
import org.metrodispatch.dispatch.CrowdingDetector;
import org.metrodispatch.dispatch.CrowdingSignal;
import org.metrodispatch.dispatch.DetectionSettings;
import org.metrodispatch.dispatch.EstimationSettings;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.dispatch.PlatformEstimator;
import org.metrodispatch.dispatch.PlatformState;
import org.metrodispatch.dispatch.SignalType;
import org.metrodispatch.dispatch.SlidingCounts;

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

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything about one station, in event-time order: drops resent events, counts entries and exits
 * in sliding windows (the station-load stream), estimates the passengers waiting on each side of
 * the platform, and tells the planner when a platform becomes crowded, stays crowded, or clears.
 *
 * <p>Events wait in per-second buckets until the watermark passes their second; then the second is
 * processed as a whole, so the result does not depend on the order the events arrived in. The
 * domain logic lives in plain classes ({@link PlatformEstimator}, {@link CrowdingDetector}, {@link
 * SlidingCounts}); this function only holds their state and the timers.
 */
public final class StationFlowFunction
        extends KeyedProcessFunction<Integer, StationSecond, StationLoad> {

    private static final long serialVersionUID = 1L;

    /** What the detector tells the planner. */
    public static final OutputTag<CrowdingSignal> SIGNALS =
            new OutputTag<>("crowding-signals", Types.POJO(CrowdingSignal.class));

    private static final Comparator<StationEvent> TRAIN_ORDER =
            Comparator.comparingLong((StationEvent e) -> e.eventTime)
                    .thenComparing(e -> e.type)
                    .thenComparing(e -> e.trainId);

    private final Network network;
    private final FlowShares shares;
    private final SlidingCounts windows;
    private final EstimationSettings estimation;
    private final DetectionSettings detection;

    private transient MapState<Long, PendingSecond> pending;
    private transient ValueState<StationState> stationState;
    private transient CrowdingDetector detector;
    private transient PlatformEstimator[] estimators;
    private transient Map<String, double[]> waitingByStation;
    private transient Counter duplicates;
    private transient Counter lateRecordsDropped;
    private transient Counter eventsProcessed;

    public StationFlowFunction(
            Network network,
            FlowShares shares,
            SlidingCounts windows,
            EstimationSettings estimation,
            DetectionSettings detection) {
        this.network = network;
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
        detector = new CrowdingDetector(detection);
        estimators = new PlatformEstimator[network.stationCount()];
        for (Station station : network.stations()) {
            // Entries reach the platform after the station's mean walk from the gates.
            estimators[station.index()] =
                    new PlatformEstimator(estimation, (int) Math.round(station.walkMeanSeconds()));
        }
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
    public void processElement(StationSecond combined, Context context, Collector<StationLoad> out)
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
        for (long key : combined.entryKeys) {
            bucket.entries += count(bucket, key);
        }
        for (long key : combined.exitKeys) {
            bucket.exits += count(bucket, key);
        }
        for (long key : combined.heartbeatKeys) {
            bucket.heartbeats += count(bucket, key);
        }
        for (StationEvent train : combined.trainEvents) {
            if (count(bucket, train.eventKey) == 1) {
                bucket.addTrainEvent(train);
            }
        }
        bucket.maxIngestMillis = Math.max(bucket.maxIngestMillis, combined.maxIngestMillis);
        pending.put(second, bucket);
        // Trains decide: their second is processed as soon as it is complete. Gate counts only
        // need to be in by the end of the window they belong to; the timer there catches them up.
        if (combined.trainEvents.length > 0) {
            context.timerService().registerEventTimeTimer(second * 1000 + 999);
        } else if (newSecond) {
            context.timerService().registerEventTimeTimer(windowEndTimer(second));
        }
    }

    /** 1 for an event not seen yet in this second, 0 for a resend (counted as a duplicate). */
    private int count(PendingSecond bucket, long eventKey) {
        if (bucket.firstSighting(eventKey)) {
            return 1;
        }
        duplicates.inc();
        return 0;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<StationLoad> out)
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
        }
        for (long t = state.processedUntil + 1; t <= second; t++) {
            for (PlatformState platform : state.platforms) {
                estimatorFor(station).advanceTo(platform, t);
            }
            windows.advanceTo(state.window, t);
            PendingSecond bucket = pending.get(t);
            if (bucket != null) {
                apply(bucket, t, station, state, context);
                pending.remove(t);
            }
            if (windows.windowEndsAfter(t)) {
                endOfWindow(t + 1, station, state, context, out);
            }
        }
        state.processedUntil = Math.max(state.processedUntil, second);
        stationState.update(state);
        double[] waiting = waitingByStation.get(station.id());
        waiting[0] = state.platforms[0].waiting;
        waiting[1] = state.platforms[1].waiting;

        // Keep windows coming every slide while the stream goes on, even with no events here.
        if (context.timerService().currentWatermark() != Long.MAX_VALUE) {
            context.timerService().registerEventTimeTimer(windowEndTimer(second + 1));
        }
    }

    /** The timer at the end of the window slide that {@code second} belongs to. */
    private long windowEndTimer(long second) {
        long slide = windows.slideSeconds();
        return (Math.floorDiv(second, slide) + 1) * slide * 1000 - 1;
    }

    private void apply(
            PendingSecond bucket,
            long second,
            Station station,
            StationState state,
            Context context) {
        eventsProcessed.inc(bucket.eventCount);
        state.lastIngestMillis = Math.max(state.lastIngestMillis, bucket.maxIngestMillis);
        windows.add(state.window, second, bucket.entries, bucket.exits, bucket.heartbeats);
        if (bucket.entries > 0) {
            int secondOfDay = DayClock.secondOfDay(second, network.timeZone().getRules());
            for (Direction direction : Direction.values()) {
                double share = shares.directionShare(station.index(), direction, secondOfDay);
                estimatorFor(station)
                        .addEntries(
                                state.platforms[direction.index()], second, bucket.entries * share);
            }
        }
        StationEvent[] trains = bucket.trainEvents.clone();
        Arrays.sort(trains, TRAIN_ORDER);
        for (StationEvent train : trains) {
            PlatformState platform = state.platforms[train.direction];
            if (train.type == StationEventType.TRAIN_ARRIVAL) {
                estimatorFor(station).onArrival(platform, train.trainId, train.load);
                continue;
            }
            Direction direction = Direction.ofIndex(train.direction);
            int secondOfDay = DayClock.secondOfDay(second, network.timeZone().getRules());
            estimatorFor(station)
                    .onDeparture(
                            platform,
                            train.trainId,
                            train.eventTime,
                            train.load,
                            train.capacity,
                            shares.alightingShare(station.index(), direction, secondOfDay));
            evaluate(station, direction, state, second * 1000, context);
        }
    }

    private void endOfWindow(
            long windowEnd,
            Station station,
            StationState state,
            Context context,
            Collector<StationLoad> out) {
        StationLoad load = new StationLoad();
        load.stationId = station.id();
        load.windowEnd = windowEnd * 1000;
        load.windowStart = load.windowEnd - windows.sizeSeconds() * 1000L;
        load.entries = windows.entries(state.window);
        load.exits = windows.exits(state.window);
        load.heartbeats = windows.heartbeats(state.window);
        load.platforms = new PlatformEstimate[2];
        for (Direction direction : Direction.values()) {
            evaluate(station, direction, state, windowEnd * 1000, context);
            PlatformState platform = state.platforms[direction.index()];
            PlatformEstimate estimate = new PlatformEstimate();
            estimate.direction = network.directionName(direction);
            estimate.waitingEstimate = platform.waiting;
            estimate.densityM2PerPerson =
                    CrowdingDetector.density(platform, station.waitingAreaM2());
            estimate.levelOfService =
                    CrowdingDetector.levelOf(platform, station.waitingAreaM2()).name();
            estimate.leftBehind = platform.leftBehind;
            estimate.consecutiveLeftBehind = platform.consecutiveLeftBehind;
            estimate.crowded = platform.crowded;
            load.platforms[direction.index()] = estimate;
        }
        out.collect(load);
    }

    private void evaluate(
            Station station, Direction direction, StationState state, long time, Context context) {
        PlatformState platform = state.platforms[direction.index()];
        double area = station.waitingAreaM2();
        String raiseReason = platform.crowded ? null : detector.raiseReason(platform, area);
        SignalType type = detector.evaluate(platform, time, area);
        if (type == null) {
            return;
        }
        CrowdingSignal signal = new CrowdingSignal();
        signal.type = type;
        signal.stationId = station.id();
        signal.direction = network.directionName(direction);
        signal.time = time;
        signal.severity = platform.waiting / area;
        signal.reason =
                type == SignalType.RAISED
                        ? raiseReason
                        : type == SignalType.CLEARED
                                ? detector.clearReason(platform, area)
                                : detector.raiseReason(platform, area);
        signal.evidence = evidence(station, state, platform);
        context.output(SIGNALS, signal);
    }

    private CrowdingEvidence evidence(Station station, StationState state, PlatformState platform) {
        CrowdingEvidence e = new CrowdingEvidence();
        long windowEnd = (state.window.currentPane + 1) * windows.slideSeconds() * 1000L;
        e.windowEnd = windowEnd;
        e.windowStart = windowEnd - windows.sizeSeconds() * 1000L;
        e.windowEntries = windows.entries(state.window);
        e.windowExits = windows.exits(state.window);
        e.waitingEstimate = platform.waiting;
        e.leftBehind = platform.leftBehind;
        e.consecutiveLeftBehind = platform.consecutiveLeftBehind;
        e.densityM2PerPerson = CrowdingDetector.density(platform, station.waitingAreaM2());
        e.levelOfService = CrowdingDetector.levelOf(platform, station.waitingAreaM2()).name();
        e.lastTrainId = platform.lastTrainId;
        e.lastDepartureTime = platform.lastDepartureTime;
        e.lastTrainLoad = platform.lastTrainLoad;
        e.lastTrainCapacity = platform.lastTrainCapacity;
        return e;
    }

    private PlatformEstimator estimatorFor(Station station) {
        return estimators[station.index()];
    }
}
