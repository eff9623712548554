package org.metrodispatch.job;

import org.metrodispatch.contract.decision.RejectedRecord;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.dispatch.FeedHealth;
import org.metrodispatch.dispatch.FeedObservation;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job's event time: judges each valid event's time against the healthy feeds ({@link
 * FeedClocks}) and makes the watermarks from the events it accepts. Runs right after the parser, at
 * the source's parallelism (chained), so only records that passed validation feed event time.
 *
 * <ul>
 *   <li>Accepted events go on, stamped with their time (signalling heartbeats too, for the feed
 *       probe, which drops them).
 *   <li>An event from a clock ahead or behind the healthy feeds is a dead letter whose reason names
 *       the gate or station ("clock ahead by ~1 h: gate X"); an event at or behind the watermark is
 *       a late event. When a feed's clock is first found off, or right again, a {@link
 *       FeedProbe#OBSERVATIONS} record says so, for feed health.
 *   <li>The watermark is {@code event time - out-of-orderness - 1}, moved as events are accepted
 *       (never on a wall-clock timer), so a replay classifies the same records as late every time.
 *       Events are judged against it as it moves; it goes downstream only when it reaches the end
 *       or the start of a new second ({@link #forwardable}), so the operators after this one see
 *       one or two watermarks per second of event time instead of one per record, and their timers,
 *       all at those instants, fire where they would have. Event time is the sources' newest
 *       accepted time: the slowest source's on Kafka (per partition, sources silent for the
 *       idleness time left out), the slowest of the replayed files (one split, read in the order of
 *       their clocks; a file that delivered nothing for {@code replayIdleRecords} records left
 *       out). On Kafka, the source announces each partition it is given ({@code AnnouncingSource});
 *       a partition announced but not heard yet holds event time back (until it has been silent for
 *       the idleness time), as does every partition again after all of them were silent: a consumer
 *       reading a backlog fetches a large batch of one partition before the first record of the
 *       next.
 *   <li>At the start, events wait until {@code quorumFeeds} feeds of every source have been heard
 *       (on Kafka at most {@code startWait}, for a partition that carries fewer feeds), so no
 *       single first record sets the clock; a waiting record moves its feed's clock only when it is
 *       judged, so a source whose backlog waits whole is judged record by record. The clocks, the
 *       waiting events and the watermark are checkpointed: after a restore, events behind the
 *       restored watermark are late events.
 * </ul>
 */
public final class EventTimeOperator extends AbstractStreamOperator<StationEvent>
        implements OneInputStreamOperator<StationEvent, StationEvent>,
                BoundedOneInput,
                ProcessingTimeService.ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    /** The reason of a late event. */
    public static final String LATE_REASON = "later than the watermark allows";

    /** How often, at most, a Kafka source's idleness and the start's wait are looked at. */
    private static final long MIN_IDLENESS_CHECK_MILLIS = 100;

    private final String[] stationIds;
    private final EventTimeRules rules;
    private final boolean oneSplit;
    private final long idlenessMillis;
    private final int rejectedPrefixBytes;
    private final long arrivalsPeriodMillis;

    private transient FeedClocks clocks;
    private transient ArrayDeque<StationEvent> waiting;

    /** The watermark events are judged against. */
    private transient long currentWatermark;

    /** The last watermark sent downstream: {@link #forwardable} steps of the one above. */
    private transient long forwarded;

    private transient Map<String, Long> lastHeard;
    private transient Map<String, Long> announced;

    /** The sources that delivered a record here (announced ones may never). */
    private transient Set<String> delivered;

    private transient long lastRecordWall;

    /**
     * The source of the last record marked heard, at {@link #lastRecordWall}: the records of a
     * partition come in runs, hundreds a millisecond, and marking the same source heard at the same
     * instant again changes nothing. Null when something else changed the marks since.
     */
    private transient String lastMarkedSource;

    /**
     * The slowest live partition's time as last computed, at wall-clock {@link #slowestAt}, and the
     * partition that had it. Until a partition turns live or the wall clock moves, only the
     * partition whose record was just judged can have moved, and only forward: unless it is the
     * slowest, the slowest stays. With a reader's many partitions, that spares looking at all of
     * them for nearly every record.
     */
    private transient boolean slowestKnown;

    private transient long slowestAt;
    private transient int slowestAmong;
    private transient long slowest;
    private transient String slowestSource;

    /** Replay: records judged so far, and the count when each source last delivered one. */
    private transient long recordsSeen;

    private transient Map<String, Long> lastDelivered;
    private transient long waitingSinceWall;
    private transient boolean idle;
    private transient StreamRecord<StationEvent> reuse;

    private transient ListState<byte[]> clockState;
    private transient ListState<Long> watermarkState;
    private transient ListState<StationEvent> waitingState;

    /**
     * Per feed (gates, train feed): records judged and late in the current report period, and the
     * most a late one was behind event time; reported to feed health at the period's end.
     */
    private transient long[] periodRecords;

    private transient long[] periodLate;
    private transient long[] periodLateBy;
    private transient long periodEnd;

    private transient Counter lateEvents;
    private transient Counter clockAhead;
    private transient Counter clockBehind;

    /**
     * @param oneSplit whether all sources are one split read in a fixed order (a replay): event
     *     time is then the newest source's, else the slowest's
     * @param idlenessMillis a source silent this long (wall clock) stops holding event time back;
     *     zero to never leave one out (replay)
     * @param rejectedPrefixBytes how much of a record its dead letter or late event keeps
     * @param arrivalsPeriodMillis how often (event time) each feed's share of late records is
     *     reported to feed health
     */
    public EventTimeOperator(
            City city,
            EventTimeRules rules,
            boolean oneSplit,
            long idlenessMillis,
            int rejectedPrefixBytes,
            long arrivalsPeriodMillis) {
        this.stationIds = new String[city.stationCount()];
        for (int i = 0; i < stationIds.length; i++) {
            stationIds[i] = city.station(i).id();
        }
        this.rules = rules;
        this.oneSplit = oneSplit;
        this.idlenessMillis = idlenessMillis;
        this.rejectedPrefixBytes = rejectedPrefixBytes;
        this.arrivalsPeriodMillis = arrivalsPeriodMillis;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        clocks = new FeedClocks(rules, stationIds);
        waiting = new ArrayDeque<>();
        currentWatermark = Long.MIN_VALUE;
        forwarded = Long.MIN_VALUE;
        lastHeard = new HashMap<>();
        announced = new HashMap<>();
        delivered = new HashSet<>();
        lastMarkedSource = null;
        slowestKnown = false;
        lastDelivered = new HashMap<>();
        periodRecords = new long[2];
        periodLate = new long[2];
        periodLateBy = new long[2];
        periodEnd = Long.MIN_VALUE;
        clockState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "feed-clocks",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        watermarkState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("event-time-watermark", Types.LONG));
        waitingState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "events-waiting-for-quorum",
                                        Types.POJO(StationEvent.class)));
        if (context.isRestored()) {
            // Union state: every subtask sees every subtask's clocks and takes them all (the
            // partitions may be read by other subtasks now); the watermark restarts from the
            // lowest, so nothing restored is judged against a clock it never saw.
            for (byte[] bytes : clockState.get()) {
                clocks.read(new DataInputStream(new ByteArrayInputStream(bytes)));
            }
            long lowest = Long.MAX_VALUE;
            boolean any = false;
            for (Long watermark : watermarkState.get()) {
                lowest = Math.min(lowest, watermark);
                any = true;
            }
            currentWatermark = any ? lowest : Long.MIN_VALUE;
            for (StationEvent event : waitingState.get()) {
                waiting.add(event);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        reuse = new StreamRecord<>(null);
        var metrics = getMetricGroup();
        lateEvents = JobMetrics.group(metrics).counter("lateEvents");
        clockAhead = JobMetrics.deadLetters(metrics, JobMetrics.CLOCK_AHEAD);
        clockBehind = JobMetrics.deadLetters(metrics, JobMetrics.CLOCK_BEHIND);
        if (currentWatermark != Long.MIN_VALUE) {
            forwarded = currentWatermark;
            output.emitWatermark(new Watermark(currentWatermark));
        }
        if (idlenessMillis > 0) {
            lastRecordWall = now();
            waitingSinceWall = lastRecordWall;
            scheduleIdlenessCheck();
        }
    }

    @Override
    public void processElement(StreamRecord<StationEvent> element) {
        StationEvent event = element.getValue();
        String source = sourceOf(event);
        if (event.raw != null && event.raw.announcement()) {
            announce(source);
            return;
        }
        if (idlenessMillis > 0) {
            long now = now();
            // Unless marked heard at this instant already (see lastMarkedSource).
            if (idle || now != lastRecordWall || !source.equals(lastMarkedSource)) {
                markHeard(source, now);
            }
        }
        if (!waiting.isEmpty() || !clocks.established(source)) {
            // Heard for the quorum now; its time moves the feed's clock when it is judged.
            clocks.heardWaiting(source, event.station, event.gate, event.eventTime);
            if (waiting.isEmpty() && idlenessMillis > 0) {
                waitingSinceWall = now();
            }
            waiting.add(event);
            if (waiting.size() >= rules.startBufferRecords() || quorumEverywhere()) {
                release();
            }
            return;
        }
        clocks.hear(source, event.station, event.gate, event.eventTime);
        judge(event, source);
    }

    /** Notes that {@code source} delivered a record at wall-clock {@code now}. */
    private void markHeard(String source, long now) {
        lastRecordWall = now;
        if (idle) {
            // Everything was silent (a broker outage, the night): each source is waited for
            // again, so the first one read after the pause does not make the others late. Not
            // one that never delivered a record (an empty partition): it was waited for once,
            // when announced, and waiting for it after every pause would hold event time back
            // each time (a closed loop, whose simulator waits for the job, stalled on it).
            for (Map.Entry<String, Long> heard : lastHeard.entrySet()) {
                if (now - heard.getValue() >= idlenessMillis
                        && delivered.contains(heard.getKey())) {
                    announced.put(heard.getKey(), now);
                }
            }
        }
        delivered.add(source);
        Long before = lastHeard.put(source, now);
        if (before == null || now - before >= idlenessMillis) {
            slowestKnown = false;
        }
        announced.remove(source);
        if (idle) {
            idle = false;
            output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
        }
        lastMarkedSource = source;
    }

    /**
     * The source reads {@code source} from now on (at the start, after a restore, when it was
     * discovered): until its next record (or until it has been silent for the idleness time), event
     * time waits for it, so a partition the consumer fetches from later than the others does not
     * find its first records late.
     */
    private void announce(String source) {
        if (oneSplit || idlenessMillis <= 0) {
            return;
        }
        long now = now();
        announced.put(source, now);
        lastHeard.putIfAbsent(source, now);
        lastMarkedSource = null;
        slowestKnown = false;
    }

    private boolean quorumEverywhere() {
        for (String source : clocks.sources()) {
            if (!clocks.established(source) && !clocks.quorum(source)) {
                return false;
            }
        }
        return true;
    }

    /** Judges the events waiting for the quorum, with whatever has been heard. */
    private void release() {
        for (String source : clocks.sources()) {
            clocks.establish(source);
        }
        while (!waiting.isEmpty()) {
            StationEvent event = waiting.poll();
            String source = sourceOf(event);
            clocks.hear(source, event.station, event.gate, event.eventTime);
            judge(event, source);
        }
    }

    private void judge(StationEvent event, String source) {
        if (oneSplit) {
            lastDelivered.put(source, ++recordsSeen);
        }
        FeedClocks.Verdict verdict =
                clocks.judge(source, event.station, event.gate, event.eventTime, currentWatermark);
        String offReason = null;
        int feed = isTrainFeed(event) ? 1 : 0;
        if (verdict == FeedClocks.Verdict.ACCEPT || verdict == FeedClocks.Verdict.LATE) {
            periodRecords[feed]++;
        }
        switch (verdict) {
            case ACCEPT:
                event.raw = null;
                // Signalling heartbeats too: they tell feed health the train feed is alive.
                output.collect(reuse.replace(event, event.eventTime));
                advance(source);
                break;
            case LATE:
                lateEvents.inc();
                periodLate[feed]++;
                periodLateBy[feed] =
                        Math.max(
                                periodLateBy[feed],
                                currentWatermark
                                        + rules.outOfOrdernessMillis()
                                        + 1
                                        - event.eventTime);
                reject(event, ParseFunction.LATE_EVENTS, LATE_REASON);
                break;
            case AHEAD:
                clockAhead.inc();
                offReason =
                        "clock ahead by ~"
                                + approximately(clocks.offset())
                                + ": "
                                + clocks.culprit();
                reject(event, ParseFunction.DEAD_LETTERS, offReason);
                break;
            default:
                clockBehind.inc();
                offReason =
                        "clock behind by ~"
                                + approximately(-clocks.offset())
                                + ": "
                                + clocks.culprit();
                reject(event, ParseFunction.DEAD_LETTERS, offReason);
        }
        if (clocks.clockChange() != 0) {
            // Stamped with the stream's time, not the record's (which is off).
            long at =
                    Math.max(
                            clocks.newest(source) != FeedClocks.UNKNOWN
                                    ? clocks.newest(source)
                                    : clocks.consensus(source),
                            currentWatermark == Long.MIN_VALUE || currentWatermark == Long.MAX_VALUE
                                    ? Long.MIN_VALUE
                                    : currentWatermark + rules.outOfOrdernessMillis() + 1);
            FeedObservation change =
                    FeedObservation.clock(
                            clocks.clockChange() > 0,
                            clocks.judgedStation(),
                            clocks.judgedFeed(),
                            at,
                            offReason);
            output.collect(FeedProbe.OBSERVATIONS, new StreamRecord<>(change, at));
        }
    }

    private void reject(StationEvent event, OutputTag<RejectedRecord> tag, String reason) {
        RawRecord raw = event.raw != null ? event.raw : new RawRecord();
        RejectedRecord rejected =
                ParseFunction.rejected(
                        raw, reason, event.eventTime, currentWatermark, rejectedPrefixBytes);
        output.collect(tag, new StreamRecord<>(rejected));
    }

    /**
     * Emits the watermark when event time has moved.
     *
     * @param judged the source whose record was just accepted, or null when no record was
     */
    private void advance(String judged) {
        long now = idlenessMillis > 0 ? now() : 0;
        long time = oneSplit ? replayedTime() : slowestLivePartition(now, judged);
        if (time == Long.MIN_VALUE) {
            return;
        }
        for (Map.Entry<String, Long> waitingFor : announced.entrySet()) {
            if (now - waitingFor.getValue() < idlenessMillis) {
                // A source announced but not heard from yet (nor silent for long) holds it back.
                return;
            }
        }
        long watermark = time - rules.outOfOrdernessMillis() - 1;
        if (watermark > currentWatermark) {
            if (idle) {
                // A watermark sent while idle is dropped by Flink's outputs: active again until the
                // next idleness check finds everything still silent.
                idle = false;
                output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
            }
            if (periodEnd == Long.MIN_VALUE) {
                periodEnd =
                        (Math.floorDiv(watermark, arrivalsPeriodMillis) + 1) * arrivalsPeriodMillis;
            } else if (watermark >= periodEnd) {
                reportArrivals();
                periodEnd =
                        (Math.floorDiv(watermark, arrivalsPeriodMillis) + 1) * arrivalsPeriodMillis;
            }
            currentWatermark = watermark;
            long step = forwardable(watermark);
            if (step > forwarded) {
                forwarded = step;
                output.emitWatermark(new Watermark(step));
            }
        }
    }

    /**
     * The latest instant at or before {@code watermark} that ends or starts a second ({@code k *
     * 1000 - 1} or {@code k * 1000}). The job's event-time timers are at such instants: the
     * stations close seconds and windows at their last millisecond, feed health and the planner
     * wake on whole seconds. A watermark between two of them fires nothing, yet costs every
     * operator after this one a call and the network a record. (A timer elsewhere would fire at the
     * next one, at most a second of event time later, the same way every run.)
     */
    static long forwardable(long watermark) {
        long intoSecond = Math.floorMod(watermark, 1000L);
        return intoSecond == 999 ? watermark : watermark - intoSecond;
    }

    /** Tells feed health how many of each feed's records came late in the period that ended. */
    private void reportArrivals() {
        for (int feed = 0; feed < periodRecords.length; feed++) {
            if (periodRecords[feed] > 0) {
                FeedObservation arrivals =
                        FeedObservation.arrivals(
                                feed == 1 ? FeedHealth.TRAIN_FEED : FeedHealth.GATES,
                                periodEnd,
                                periodRecords[feed],
                                periodLate[feed],
                                periodLateBy[feed]);
                output.collect(FeedProbe.OBSERVATIONS, new StreamRecord<>(arrivals, periodEnd));
            }
            periodRecords[feed] = 0;
            periodLate[feed] = 0;
            periodLateBy[feed] = 0;
        }
    }

    private static boolean isTrainFeed(StationEvent event) {
        return event.type == StationEventType.TRAIN_ARRIVAL
                || event.type == StationEventType.TRAIN_DEPARTURE
                || event.type == StationEventType.SIGNALLING_HEARTBEAT;
    }

    /**
     * A replay's event time: the slowest file's, leaving out a file that has delivered nothing for
     * {@code replayIdleRecords} records of the others (a silent train feed, a file that ended) - a
     * replay's idleness, counted in records rather than wall-clock time, so it repeats exactly. The
     * slowest, not the newest: a file read a little ahead of the other (its clock lifted by a
     * drifting gate) cannot make the other's healthy records late.
     */
    private long replayedTime() {
        long time = Long.MIN_VALUE;
        boolean first = true;
        for (String source : clocks.sources()) {
            Long delivered = lastDelivered.get(source);
            if (delivered == null || recordsSeen - delivered > rules.replayIdleRecords()) {
                continue;
            }
            long newest = clocks.newest(source);
            time = first ? newest : Math.min(time, newest);
            first = false;
        }
        return time;
    }

    /**
     * Kafka's event time: the slowest partition's, partitions silent for the idleness left out.
     * When all of them are silent, those that were live when the last record came: everything they
     * sent has been read, so event time held back until now (a partition announced but never heard,
     * whose wait ends about when the others fall silent) still moves to what they said. Else a
     * reader waiting for the job's event time before it sends more (the closed loop) waits forever.
     */
    private long slowestLivePartition(long now, String judged) {
        if (slowestKnown
                && now == slowestAt
                && clocks.sourceCount() == slowestAmong
                && judged != null
                && !judged.equals(slowestSource)) {
            return slowest;
        }
        long time = slowestPartitionHeardSince(now);
        // Known only with idleness, which marks the partitions that turn live.
        slowestKnown = time != Long.MIN_VALUE && idlenessMillis > 0;
        slowestAt = now;
        slowestAmong = clocks.sourceCount();
        slowest = time;
        return time != Long.MIN_VALUE || idlenessMillis <= 0
                ? time
                : slowestPartitionHeardSince(Math.min(now, lastRecordWall));
    }

    /** The slowest partition's time among those heard since {@code now} less the idleness. */
    private long slowestPartitionHeardSince(long now) {
        long time = Long.MIN_VALUE;
        boolean first = true;
        for (String source : clocks.sources()) {
            if (idlenessMillis > 0) {
                Long heard = lastHeard.get(source);
                if (heard == null || now - heard >= idlenessMillis) {
                    // Silent (or restored and not read here): it does not hold event time back.
                    continue;
                }
            }
            long newest = clocks.newest(source);
            if (first || newest < time) {
                time = newest;
                slowestSource = source;
            }
            first = false;
        }
        return time;
    }

    @Override
    public void onProcessingTime(long time) {
        if (!waiting.isEmpty()
                && (time - waitingSinceWall >= rules.startWaitMillis()
                        || time - lastRecordWall >= idlenessMillis)) {
            // A partition with fewer feeds than the quorum, or a stream gone quiet before it:
            // judge with what there is.
            release();
        }
        advance(null);
        if (!idle && time - lastRecordWall >= idlenessMillis) {
            idle = true;
            output.emitWatermarkStatus(WatermarkStatus.IDLE);
        }
        scheduleIdlenessCheck();
    }

    private void scheduleIdlenessCheck() {
        ProcessingTimeService time = getProcessingTimeService();
        time.registerTimer(
                time.getCurrentProcessingTime()
                        + Math.max(
                                MIN_IDLENESS_CHECK_MILLIS,
                                Math.min(idlenessMillis, rules.startWaitMillis()) / 4),
                this);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // The source makes no watermarks; only the end of its input comes through.
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            release();
            if (periodEnd != Long.MIN_VALUE) {
                reportArrivals();
            }
            currentWatermark = Long.MAX_VALUE;
            super.processWatermark(mark);
        }
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        // This operator decides about idleness itself (see onProcessingTime).
    }

    @Override
    public void endInput() {
        release();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            clocks.write(out);
        }
        clockState.update(List.of(bytes.toByteArray()));
        watermarkState.update(List.of(currentWatermark));
        waitingState.update(new ArrayList<>(waiting));
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }

    private static String sourceOf(StationEvent event) {
        return event.raw == null || event.raw.source == null ? "" : event.raw.source;
    }

    /** A time difference as a person would say it: ~40 s, ~30 min, ~3 h, ~5 days, ~73 years. */
    static String approximately(long millis) {
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = Math.round(seconds / 60.0);
        if (minutes < 50) {
            return minutes + " min";
        }
        long hours = Math.round(minutes / 60.0);
        if (hours < 48) {
            return hours + " h";
        }
        long days = Math.round(hours / 24.0);
        return days < 730 ? days + " days" : Math.round(days / 365.25) + " years";
    }
}
