package org.metrodispatch.job;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.FeedAlert;
import org.metrodispatch.contract.decision.FeedAlertState;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.SparePool;
import org.metrodispatch.dispatch.CrowdingSignal;
import org.metrodispatch.dispatch.DispatchPlanner;
import org.metrodispatch.dispatch.DispatchSettings;
import org.metrodispatch.dispatch.FeedStatus;
import org.metrodispatch.dispatch.PlannerState;
import org.metrodispatch.dispatch.SpareOut;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the {@link DispatchPlanner} for a whole line. Signals wait until the watermark passes their
 * time, so the planner sees every platform's signals of a moment together and in a fixed order:
 * competing platforms are ranked the same way whatever order the signals arrived in. Keyed by line
 * id: one planner per line of the city, each with its line's spare trains, timetable and feed
 * alerts, so the lines spread over the subtasks.
 */
public final class DispatchPlanFunction
        extends KeyedCoProcessFunction<String, CrowdingSignal, FeedAlert, DispatchDecision> {

    private static final long serialVersionUID = 1L;

    private final City city;
    private final DispatchSettings settings;

    private transient MapState<Long, CrowdingSignal[]> pending;

    /** Feed alerts by their time, applied when event time gets there (like the signals). */
    private transient MapState<Long, FeedAlert[]> pendingAlerts;

    /** The feed alerts in force, by {@link FeedAlert#conditionKey()}. */
    private transient MapState<String, FeedAlert> alertsInForce;

    private transient ValueState<PlannerState> plannerState;

    /** Per line of the city: its planner, with the line's spare pools and timetable. */
    private transient DispatchPlanner[] planners;

    private transient Counter[] decisionCounters;

    /**
     * Per line, per spare pool (in the network's order), its trains out now: read by the gauges.
     */
    private transient volatile int[][] sparesOut;

    /** Wall-clock milliseconds from the newest input behind the last decisions to them. */
    private transient volatile long decisionLagMillis;

    public DispatchPlanFunction(City city, DispatchSettings settings) {
        this.city = city;
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending-signals",
                                        Types.LONG,
                                        Types.OBJECT_ARRAY(Types.POJO(CrowdingSignal.class))));
        pendingAlerts =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending-feed-alerts",
                                        Types.LONG,
                                        Types.OBJECT_ARRAY(Types.POJO(FeedAlert.class))));
        alertsInForce =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "feed-alerts-in-force",
                                        Types.STRING,
                                        Types.POJO(FeedAlert.class)));
        plannerState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "planner", Types.POJO(PlannerState.class)));
        planners = new DispatchPlanner[city.lineCount()];
        MetricGroup metrics = JobMetrics.group(getRuntimeContext().getMetricGroup());
        decisionCounters = new Counter[DecisionType.values().length];
        for (DecisionType type : DecisionType.values()) {
            decisionCounters[type.ordinal()] =
                    metrics.addGroup("type", type.name()).counter("decisions");
        }
        sparesOut = new int[city.lineCount()][];
        TaskInfo task = getRuntimeContext().getTaskInfo();
        boolean ownsALine = false;
        for (int l = 0; l < city.lineCount(); l++) {
            Network line = city.line(l);
            planners[l] = new DispatchPlanner(line, settings);
            List<SparePool> pools = line.sparePools();
            sparesOut[l] = new int[pools.size()];
            // Only the subtask that plans a line reports its spares: summed over the subtasks,
            // the gauges then count each pool once.
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            line.lineId(),
                            task.getMaxNumberOfParallelSubtasks(),
                            task.getNumberOfParallelSubtasks())
                    != task.getIndexOfThisSubtask()) {
                continue;
            }
            ownsALine = true;
            // One line keeps the gauges' names of a one-line job; a city names the line.
            MetricGroup lineMetrics =
                    city.lineCount() == 1 ? metrics : metrics.addGroup("line", line.lineId());
            for (int i = 0; i < pools.size(); i++) {
                int lineIndex = l;
                int pool = i;
                MetricGroup group = lineMetrics.addGroup("pool", pools.get(i).id());
                group.gauge("sparesOut", () -> sparesOut[lineIndex][pool]);
                group.gauge(
                        "sparesIdle",
                        () -> pools.get(pool).spareTrains() - sparesOut[lineIndex][pool]);
            }
        }
        if (ownsALine) {
            metrics.gauge("decisionLagMillis", () -> decisionLagMillis);
        }
    }

    @Override
    public void processElement1(
            CrowdingSignal signal, Context context, Collector<DispatchDecision> out)
            throws Exception {
        PendingByTime.add(
                pending,
                context.timerService(),
                context.timestamp(),
                signal,
                CrowdingSignal[]::new);
    }

    @Override
    public void processElement2(FeedAlert alert, Context context, Collector<DispatchDecision> out)
            throws Exception {
        PendingByTime.add(
                pendingAlerts,
                context.timerService(),
                context.timestamp(),
                alert,
                FeedAlert[]::new);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<DispatchDecision> out)
            throws Exception {
        FeedAlert[] alerts = PendingByTime.take(pendingAlerts, timestamp);
        if (alerts != null) {
            for (FeedAlert alert : alerts) {
                if (alert.state == FeedAlertState.RAISED) {
                    alertsInForce.put(alert.conditionKey(), alert);
                } else {
                    alertsInForce.remove(alert.conditionKey());
                }
            }
        }
        CrowdingSignal[] signals = PendingByTime.take(pending, timestamp);
        PlannerState state = plannerState.value();
        if (state == null) {
            state = new PlannerState();
        }
        // Decisions are stamped with the second the evidence is from.
        long now = Math.floorDiv(timestamp, 1000L) * 1000;
        List<CrowdingSignal> list = signals == null ? new ArrayList<>() : Arrays.asList(signals);
        FeedStatus feeds = FeedStatus.of(alertsInForce.values());
        int line = city.lineIndex(context.getCurrentKey());
        DispatchPlanner planner = planners[line];
        List<DispatchDecision> decisions = planner.onTick(state, now, list, feeds);
        for (DispatchDecision decision : decisions) {
            decisionCounters[decision.decision.ordinal()].inc();
            out.collect(decision);
        }
        long newestInput = list.stream().mapToLong(s -> s.ingestMillis).max().orElse(0);
        if (!decisions.isEmpty() && newestInput > 0) {
            decisionLagMillis = Math.max(0, System.currentTimeMillis() - newestInput);
        }
        plannerState.update(state);
        countSparesOut(line, state, now);
        long wakeUp = planner.nextWakeUp(state, now);
        if (wakeUp != Long.MAX_VALUE
                && context.timerService().currentWatermark() != Long.MAX_VALUE) {
            context.timerService().registerEventTimeTimer(wakeUp);
        }
    }

    private void countSparesOut(int line, PlannerState state, long now) {
        List<SparePool> pools = city.line(line).sparePools();
        int[] out = new int[pools.size()];
        for (SpareOut spare : state.sparesOut) {
            for (int i = 0; i < pools.size(); i++) {
                if (spare.returnsAt > now && pools.get(i).id().equals(spare.poolId)) {
                    out[i]++;
                }
            }
        }
        sparesOut[line] = out;
    }
}
