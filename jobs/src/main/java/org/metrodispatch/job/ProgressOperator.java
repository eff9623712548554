package org.metrodispatch.job;

import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.JobProgress;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.List;

/**
 * Passes the recommendations on, and after them, as event time advances, a progress mark: "every
 * decision up to this watermark is made, and this many recommendations are out". A watermark
 * reaches this operator only after every decision before it, so the mark never overtakes a
 * recommendation it counts. Runs at parallelism 1, after the planner.
 */
public final class ProgressOperator extends AbstractStreamOperator<Outgoing>
        implements OneInputStreamOperator<DispatchDecision, Outgoing> {

    private static final long serialVersionUID = 1L;

    private final long intervalMillis;
    private transient ListState<Long> countState;
    private transient long count;
    private transient long lastMark;

    /**
     * @param intervalMillis a mark at most this often, in event time
     */
    public ProgressOperator(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        countState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>("recommendations-published", Types.LONG));
        count = 0;
        for (Long restored : countState.get()) {
            count += restored;
        }
        lastMark = Long.MIN_VALUE;
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        countState.update(List.of(count));
    }

    @Override
    public void processElement(StreamRecord<DispatchDecision> element) {
        count++;
        output.collect(element.replace(Outgoing.of(element.getValue())));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long time = mark.getTimestamp();
        if (time != Long.MAX_VALUE
                && (lastMark == Long.MIN_VALUE || time - lastMark >= intervalMillis)) {
            lastMark = time;
            output.collect(new StreamRecord<>(Outgoing.of(new JobProgress(time, count)), time));
        }
        super.processWatermark(mark);
    }
}
