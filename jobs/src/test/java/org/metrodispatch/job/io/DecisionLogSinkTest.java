package org.metrodispatch.job.io;

import org.metrodispatch.contract.decision.DecisionLevel;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.OutputJson;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decision log through the shipped local log4j configuration, on a disk that can fail. */
class DecisionLogSinkTest {

    private static final Path SHIPPED_CONFIG = Path.of("..", "config", "log4j2-local.xml");

    private LoggerContext logging;
    private URI testConfig;

    @BeforeEach
    void remember() {
        logging = (LoggerContext) LogManager.getContext(false);
        testConfig = logging.getConfigLocation();
    }

    @AfterEach
    void restore() {
        System.clearProperty("metro.decisions.file");
        logging.setConfigLocation(testConfig);
    }

    /**
     * Logging as {@code metro-dispatch job} sets it up, with the decisions going to {@code file}.
     */
    private void logDecisionsTo(String file) {
        System.setProperty("metro.decisions.file", file);
        logging.setConfigLocation(SHIPPED_CONFIG.toAbsolutePath().toUri());
    }

    private static DispatchDecision decision(String id) {
        DispatchDecision d = new DispatchDecision();
        d.decision = DecisionType.RAISED;
        d.decisionId = id + "/1-RAISED-20260304-080000";
        d.level = DecisionLevel.WARN;
        d.recommendationId = id;
        d.lineId = "1";
        d.stationId = "nijiaqiao";
        d.direction = "southbound";
        d.eventTime = 1_772_582_400_000L;
        d.reason = "test";
        return d;
    }

    /** Writes decisions through the sink in a local Flink that does not restart. */
    private static void runJob(String... ids) throws Exception {
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        DispatchDecision[] decisions = new DispatchDecision[ids.length];
        for (int i = 0; i < ids.length; i++) {
            decisions[i] = decision(ids[i]);
        }
        env.fromData(Types.POJO(DispatchDecision.class), decisions)
                .sinkTo(DecisionLogSink.decisions(ZoneId.of("Asia/Shanghai")));
        env.execute("decision log test");
    }

    @Test
    void decisionsAreWrittenOneLineEach(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("decisions.jsonl");
        logDecisionsTo(file.toString());
        long before = System.currentTimeMillis();
        runJob("r-1", "r-2");
        long after = System.currentTimeMillis();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .startsWith(
                        "{\"decision\":\"RAISED\",\"schemaVersion\":3,"
                                + "\"decisionId\":\"r-1/1-RAISED-20260304-080000\",\"level\":\"WARN\","
                                + "\"recommendationId\":\"r-1\"");
        DispatchDecision written = OutputJson.readDecision(lines.get(0));
        assertThat(written).isEqualTo(decision("r-1"));
        // Stamped as the sink wrote it.
        assertThat(written.emittedAt).isBetween(before, after);
    }

    @Test
    void aDecisionLogOnAFullDiskFailsTheJobWithAClearMessage() {
        logDecisionsTo("/dev/full");
        assertThatThrownBy(() -> runJob("r-1"))
                .satisfies(
                        e ->
                                assertThat(
                                                ExceptionUtils.findThrowableWithMessage(
                                                        e, "the decision log cannot be written"))
                                        .hasValueSatisfying(
                                                cause ->
                                                        assertThat(cause.getMessage())
                                                                .contains(
                                                                        "No space left on device",
                                                                        "r-1 would be lost")));
    }

    @Test
    void aDecisionLogThatCannotBeCreatedFailsTheJob(@TempDir Path folder) throws Exception {
        // A file where the log's folder should be: nothing can be created there (even as root).
        Path inTheWay = Files.writeString(folder.resolve("not-a-folder"), "");
        logDecisionsTo(inTheWay.resolve("decisions.jsonl").toString());
        assertThatThrownBy(() -> runJob("r-1"))
                .satisfies(
                        e ->
                                assertThat(
                                                ExceptionUtils.findThrowableWithMessage(
                                                        e, "the decision log cannot be written"))
                                        .isPresent());
    }
}
