package org.metrodispatch.job;

import org.metrodispatch.contract.decision.RejectedRecord;
import org.metrodispatch.contract.decision.StationLoad;
import org.metrodispatch.contract.network.City;
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

import java.util.List;

/**
 * Runs the {@link StationFlow} of each station: its main output is the crowding signals that drive
 * dispatch, and the station load (sliding windows, platform estimates) leaves by a side output.
 *
 * <p>This function only moves state and time. Events wait in per-second buckets until the watermark
 * passes their second; then each due second is handed to the station flow as a whole, so the result
 * does not depend on the order the events arrived in.
 *
 * <p>Event ids are remembered for a bounded time of event time (the de-duplication window, after
 * the second they were first seen in is processed), with the hash of their content: the same id
 * with the same content again is a resend (dropped, counted as {@code duplicates}); the same id
 * with other content, such as an EXIT reusing an ENTRY's id, is a dead letter ("event id reused
 * with other content"), and the first event keeps its place. An event for a second the station has
 * processed already (which the parser lets through only after a restore, when watermarks start
 * over) goes to the late events with its reason. Nothing is dropped without a trace.
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

    /** Events that reuse an id with other content. */
    public static final OutputTag<RejectedRecord> DEAD_LETTERS =
            new OutputTag<>("station-dead-letters", Types.POJO(RejectedRecord.class));

    /** Events for a second the station had processed already. */
    public static final OutputTag<RejectedRecord> LATE_EVENTS =
            new OutputTag<>("station-late-events", Types.POJO(RejectedRecord.class));

    /** The reason of a dead letter whose event id came before with other content. */
    public static final String REUSED_ID = "event id reused with other content";

    /** The reason of a late event for a second the station had processed already. */
    public static final String SECOND_PROCESSED =
            "its second was processed already (behind the station's clock, as after a restore)";

    private final City city;

    /** Per line of the city, its direction and alighting shares. */
    private final List<FlowShares> shares;

    private final SlidingCounts windows;
    private final EstimationSettings estimation;
    private final DetectionSettings detection;
    private final long deduplicationSeconds;
    private final long maxWalkSeconds;

    private transient MapState<Long, PendingSecond> pending;

    /** Event ids remembered, with the hash of the content each came with. */
    private transient ValueState<EventIdMemory> idMemory;

    private transient ValueState<StationState> stationState;

    /** Per line: the line's flow rules and platform gauges. */
    private transient StationFlow[] flows;

    private transient JobMetrics.Platforms[] platformMetrics;
    private transient Emitter emitter;

    /** Wall-clock milliseconds from the newest record of the last second processed to now. */
    private transient volatile long lagMillis;

    private transient Counter duplicates;
    private transient Counter lateEvents;
    private transient Counter deadLetters;
    private transient Counter eventsProcessed;

    /**
     * @param shares per line of the city, in its order
     */
    public StationFlowFunction(
            City city,
            List<FlowShares> shares,
            SlidingCounts windows,
            EstimationSettings estimation,
            DetectionSettings detection,
            long deduplicationSeconds,
            long maxWalkSeconds) {
        this.city = city;
        this.maxWalkSeconds = maxWalkSeconds;
        this.shares = List.copyOf(shares);
        this.windows = windows;
        this.estimation = estimation;
        this.detection = detection;
        this.deduplicationSeconds = deduplicationSeconds;
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
        idMemory =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "event-id-memory", Types.POJO(EventIdMemory.class)));
        stationState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "station", Types.POJO(StationState.class)));
        emitter = new Emitter();
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        MetricGroup own = JobMetrics.group(metrics);
        duplicates = own.counter("duplicates");
        lateEvents = own.counter("lateEvents");
        deadLetters = JobMetrics.deadLetters(metrics, JobMetrics.REUSED_ID);
        eventsProcessed = own.counter("eventsProcessed");
        own.gauge("lagMillis", () -> lagMillis);
        int lines = city.lineCount();
        flows = new StationFlow[lines];
        platformMetrics = new JobMetrics.Platforms[lines];
        for (int l = 0; l < lines; l++) {
            flows[l] = new StationFlow(city.line(l), shares.get(l), windows, estimation, detection);
            platformMetrics[l] = new JobMetrics.Platforms(metrics, city.line(l));
        }
    }

    @Override
    public void processElement(
            StationSecond combined, Context context, Collector<CrowdingSignal> out)
            throws Exception {
        long second = combined.second;
        StationState state = stationState.value();
        // Its second is done: it would wait in a bucket no timer ever processes. The parser lets
        // such events through only when its watermark is behind this function's clock, after a
        // restore from a checkpoint (watermarks start over, state does not).
        long clock =
                state != null && second <= state.processedUntil
                        ? state.processedUntil * 1000 + 999
                        : Long.MIN_VALUE;
        PendingSecond bucket = null;
        boolean newSecond = false;
        if (clock == Long.MIN_VALUE) {
            bucket = pending.get(second);
            newSecond = bucket == null;
            if (newSecond) {
                bucket = new PendingSecond();
            }
        }
        EventIdMemory memory = idMemory.value();
        if (memory == null) {
            memory = new EventIdMemory();
        }
        int counted = 0;
        int resends = 0;
        for (int i = 0; i < combined.tapKeys.length; i++) {
            long key = combined.tapKeys[i];
            long content = combined.tapContents[i];
            if (memory.remembers(key)) {
                if (memory.contentOf(key) == content) {
                    resends++;
                } else {
                    reject(context, DEAD_LETTERS, REUSED_ID, combined, i, second * 1000, 0);
                }
            } else if (bucket == null) {
                reject(context, LATE_EVENTS, SECOND_PROCESSED, combined, i, second * 1000, clock);
            } else {
                memory.remember(key, content);
                bucket.count(combined.tapTypes[i], key);
                counted++;
            }
        }
        boolean trains = false;
        for (StationEvent train : combined.trainEvents) {
            if (memory.remembers(train.eventKey)) {
                if (memory.contentOf(train.eventKey) == train.contentKey) {
                    resends++;
                } else {
                    reject(context, DEAD_LETTERS, REUSED_ID, train, 0);
                }
            } else if (bucket == null) {
                reject(context, LATE_EVENTS, SECOND_PROCESSED, train, clock);
            } else {
                memory.remember(train.eventKey, train.contentKey);
                bucket.addTrainEvent(train);
                counted++;
                trains = true;
            }
        }
        duplicates.inc(resends);
        if (counted == 0) {
            return;
        }
        idMemory.update(memory);
        bucket.maxIngestMillis = Math.max(bucket.maxIngestMillis, combined.maxIngestMillis);
        pending.put(second, bucket);
        // Trains decide: their second is processed as soon as it is complete. Gate counts only
        // need to be in by the end of the window they belong to; the timer there catches them up.
        if (trains) {
            context.timerService().registerEventTimeTimer(second * 1000 + 999);
        } else if (newSecond) {
            context.timerService().registerEventTimeTimer(windowEndTimer(second));
        }
    }

    private void reject(
            Context context,
            OutputTag<RejectedRecord> tag,
            String reason,
            StationSecond combined,
            int tap,
            long eventTime,
            long clock) {
        RejectedRecord rejected = rejected(reason, eventTime, clock);
        rejected.source = combined.tapOrigin(tap);
        rejected.sourceOrder = combined.tapOrders[tap];
        output(context, tag, rejected);
    }

    private void reject(
            Context context,
            OutputTag<RejectedRecord> tag,
            String reason,
            StationEvent train,
            long clock) {
        RejectedRecord rejected = rejected(reason, train.eventTime, clock);
        rejected.source = train.source + ":" + train.sourceOrder;
        rejected.sourceOrder = train.sourceOrder;
        output(context, tag, rejected);
    }

    private static RejectedRecord rejected(String reason, long eventTime, long clock) {
        RejectedRecord rejected = new RejectedRecord();
        rejected.reason = reason;
        rejected.eventTime = eventTime;
        rejected.watermark = clock == Long.MIN_VALUE ? 0 : clock;
        return rejected;
    }

    private void output(Context context, OutputTag<RejectedRecord> tag, RejectedRecord rejected) {
        (tag == LATE_EVENTS ? lateEvents : deadLetters).inc();
        context.output(tag, rejected);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<CrowdingSignal> out)
            throws Exception {
        long second = Math.floorDiv(timestamp, 1000L);
        StationState state = stationState.value();
        if (state == null) {
            state = new StationState();
        }
        int key = context.getCurrentKey();
        int line = city.lineOf(key);
        Station station = city.station(key);
        if (state.processedUntil == Long.MIN_VALUE) {
            // The station's first timer: start at its earliest second waiting.
            long first = second;
            for (Long pendingSecond : pending.keys()) {
                first = Math.min(first, pendingSecond);
            }
            state.processedUntil = first - 1;
            state.lastEventSecond = first;
        }
        emitter.to(context, out, state, city.line(line).lineId());
        EventIdMemory memory = idMemory.value();
        long newestIngest = 0;
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
                newestIngest = Math.max(newestIngest, bucket.maxIngestMillis);
                events = bucket.events();
                pending.remove(t);
                if (bucket.eventCount > 0 && memory != null) {
                    bucket.firstSeenIn(t, memory);
                }
            }
            flows[line].processSecond(station, state.window, state.platforms, t, events, emitter);
        }
        state.processedUntil = Math.max(state.processedUntil, second);
        if (memory != null) {
            // Ids first seen in seconds more than the de-duplication window behind the station's
            // clock are forgotten: the memory stays bounded by the window's events.
            memory.forgetSecondsUpTo(state.processedUntil - deduplicationSeconds);
            if (memory.count() == 0) {
                idMemory.clear();
            } else {
                idMemory.update(memory);
            }
        }
        stationState.update(state);
        platformMetrics[line].update(station, state.platforms);
        if (newestIngest > 0) {
            lagMillis = Math.max(0, System.currentTimeMillis() - newestIngest);
        }

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
        private StationState station;
        private String lineId;

        void to(
                OnTimerContext context,
                Collector<CrowdingSignal> out,
                StationState station,
                String lineId) {
            this.context = context;
            this.out = out;
            this.station = station;
            this.lineId = lineId;
        }

        @Override
        public void signal(CrowdingSignal signal) {
            signal.lineId = lineId;
            signal.ingestMillis = station.lastIngestMillis;
            out.collect(signal);
        }

        @Override
        public void load(StationLoad load) {
            context.output(STATION_LOAD, load);
        }
    }
}
