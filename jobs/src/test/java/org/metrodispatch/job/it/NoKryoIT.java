package org.metrodispatch.job.it;

import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.RejectedRecord;
import org.metrodispatch.contract.decision.StationLoad;
import org.metrodispatch.dispatch.CrowdingSignal;
import org.metrodispatch.dispatch.PlannerState;
import org.metrodispatch.job.EventIdMemory;
import org.metrodispatch.job.JobEnvironment;
import org.metrodispatch.job.PendingSecond;
import org.metrodispatch.job.RawRecord;
import org.metrodispatch.job.StationEvent;
import org.metrodispatch.job.StationSecond;
import org.metrodispatch.job.StationState;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No type of the job falls back to Kryo: every type is a Flink POJO all the way down, and the job's
 * configuration (pipeline.generic-types: false) makes any fallback fail, which the negative case
 * shows. The integration tests all run with that configuration.
 */
class NoKryoIT {

    @RegisterExtension static final MiniClusterExtension FLINK = JobTestSupport.miniCluster();

    private static final List<Class<?>> JOB_TYPES =
            List.of(
                    RawRecord.class,
                    StationEvent.class,
                    PendingSecond.class,
                    StationSecond.class,
                    StationState.class,
                    EventIdMemory.class,
                    CrowdingSignal.class,
                    PlannerState.class,
                    DispatchDecision.class,
                    StationLoad.class,
                    RejectedRecord.class);

    @Test
    void everyTypeTheJobSerializesIsAPojoAllTheWayDown() {
        for (Class<?> type : JOB_TYPES) {
            assertNoGenericType(TypeInformation.of(type), type.getSimpleName());
        }
    }

    @Test
    void theJobsConfigurationRejectsAKryoFallback() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        JobEnvironment.configuration(JobTestSupport.settings(), false));
        assertThatThrownBy(
                        () -> {
                            env.fromData(new NotAPojo(1), new NotAPojo(2))
                                    .uid("not-a-pojo-source")
                                    .sinkTo(new DiscardingSink<>())
                                    .uid("not-a-pojo-sink");
                            env.execute("kryo fallback");
                        })
                .hasStackTraceContaining("Generic types have been disabled");
    }

    private static void assertNoGenericType(TypeInformation<?> info, String path) {
        assertThat(info).as(path).isNotInstanceOf(GenericTypeInfo.class);
        if (info instanceof PojoTypeInfo) {
            PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
            for (int i = 0; i < pojo.getArity(); i++) {
                assertNoGenericType(
                        pojo.getPojoFieldAt(i).getTypeInformation(),
                        path + "." + pojo.getPojoFieldAt(i).getField().getName());
            }
        } else if (info instanceof ObjectArrayTypeInfo) {
            assertNoGenericType(((ObjectArrayTypeInfo<?, ?>) info).getComponentInfo(), path + "[]");
        }
    }

    /** Final field, no default constructor: Flink can only serialize it with Kryo. */
    static final class NotAPojo {
        private final int value;

        NotAPojo(int value) {
            this.value = value;
        }

        int value() {
            return value;
        }
    }
}
