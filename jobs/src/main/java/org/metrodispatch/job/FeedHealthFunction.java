package org.metrodispatch.job;

import org.metrodispatch.contract.decision.FeedAlert;
import org.metrodispatch.contract.decision.FeedAlertKind;
import org.metrodispatch.contract.decision.FeedAlertState;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.dispatch.FeedHealth;
import org.metrodispatch.dispatch.FeedHealthSettings;
import org.metrodispatch.dispatch.FeedHealthState;
import org.metrodispatch.dispatch.FeedObservation;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Arrays;
import java.util.List;

/**
 * Feed health per line ({@link FeedHealth}), keyed by line id: the observations of each report
 * period wait until event time has passed its end, then are judged together, so the alerts do not
 * depend on the order the observations came in. Metrics: alerts raised and cleared, and those in
 * force.
 */
public final class FeedHealthFunction
        extends KeyedProcessFunction<String, FeedObservation, FeedAlert> {

    private static final long serialVersionUID = 1L;

    private final City city;
    private final FeedHealthSettings settings;

    private transient MapState<Long, FeedObservation[]> pending;
    private transient ValueState<FeedHealthState> healthState;

    /** Per line of the city. */
    private transient FeedHealth[] health;

    private transient Counter raised;
    private transient Counter cleared;

    /** Alerts in force by {@link FeedAlertKind}, for one gauge per kind. */
    private transient int[] inForceByKind;

    private transient long inForce;

    public FeedHealthFunction(City city, FeedHealthSettings settings) {
        this.city = city;
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending-feed-observations",
                                        Types.LONG,
                                        Types.OBJECT_ARRAY(Types.POJO(FeedObservation.class))));
        healthState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "feed-health", Types.POJO(FeedHealthState.class)));
        health = new FeedHealth[city.lineCount()];
        for (int l = 0; l < health.length; l++) {
            health[l] = new FeedHealth(city.line(l), settings);
        }
        var metrics = JobMetrics.group(getRuntimeContext().getMetricGroup());
        raised = metrics.counter("feedAlertsRaised");
        cleared = metrics.counter("feedAlertsCleared");
        metrics.gauge("feedAlertsInForce", () -> inForce);
        inForceByKind = new int[FeedAlertKind.values().length];
        for (FeedAlertKind kind : FeedAlertKind.values()) {
            metrics.addGroup("kind", kind.name())
                    .gauge("feedAlertsInForce", () -> inForceByKind[kind.ordinal()]);
        }
    }

    @Override
    public void processElement(
            FeedObservation observation, Context context, Collector<FeedAlert> out)
            throws Exception {
        long report = settings.reportMillis();
        long periodEnd = -Math.floorDiv(-observation.time, report) * report;
        long watermark = context.timerService().currentWatermark();
        if (periodEnd <= watermark && watermark != Long.MAX_VALUE) {
            // Judged already (a clock change stamped with a lagging feed's time): the next one.
            periodEnd = (Math.floorDiv(watermark, report) + 1) * report;
        }
        PendingByTime.add(
                pending, context.timerService(), periodEnd, observation, FeedObservation[]::new);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<FeedAlert> out)
            throws Exception {
        FeedObservation[] observations = PendingByTime.take(pending, timestamp);
        FeedHealthState state = healthState.value();
        if (state == null) {
            state = new FeedHealthState();
        }
        List<FeedAlert> alerts =
                health[city.lineIndex(context.getCurrentKey())].onPeriod(
                        state,
                        timestamp,
                        observations == null ? List.of() : Arrays.asList(observations));
        for (FeedAlert alert : alerts) {
            int change = alert.state == FeedAlertState.RAISED ? 1 : -1;
            (change > 0 ? raised : cleared).inc();
            inForce += change;
            inForceByKind[alert.kind.ordinal()] += change;
            out.collect(alert);
        }
        healthState.update(state);
    }
}
