package org.metrodispatch.ops;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** config/flink: what the local cluster runs with, read by Flink's own parsers. */
class FlinkClusterConfigTest {

    private static final Path DIR = Path.of("..", "config", "flink").toAbsolutePath();

    @Test
    void configYamlIsFlink2NestedYamlWithTheClustersSettings() {
        Configuration conf = GlobalConfiguration.loadConfiguration(DIR.toString());
        assertThat(conf.getString("rest.port", null)).isEqualTo("8081");
        assertThat(conf.getString("rest.bind-address", null)).isEqualTo("localhost");
        assertThat(conf.getString("taskmanager.numberOfTaskSlots", null)).isEqualTo("2");
        assertThat(conf.getString("state.backend.type", null)).isEqualTo("hashmap");
        assertThat(conf.getString("execution.checkpointing.dir", null)).startsWith("file:");
        assertThat(conf.getString("restart-strategy.type", null)).isEqualTo("exponential-delay");
        assertThat(
                        conf.getString(
                                "restart-strategy.exponential-delay.attempts-before-reset-backoff",
                                null))
                .isEqualTo("1000");
        assertThat(conf.getString("taskmanager.load-balance.mode", null)).isEqualTo("SLOTS");
    }

    @Test
    void webSubmissionIsOffAndEverythingBindsToLoopback() {
        Configuration conf = GlobalConfiguration.loadConfiguration(DIR.toString());
        // deploy submits job graphs (POST /jobs); /jars/upload and /jars/<id>/run stay closed.
        assertThat(conf.get(WebOptions.SUBMIT_ENABLE)).isFalse();
        assertThat(conf.get(RestOptions.BIND_ADDRESS)).isEqualTo("localhost");
        assertThat(conf.get(JobManagerOptions.BIND_HOST)).isEqualTo("localhost");
        assertThat(conf.get(TaskManagerOptions.BIND_HOST)).isEqualTo("localhost");
    }

    @Test
    void memoryFitsASmallMachine() {
        Configuration conf = GlobalConfiguration.loadConfiguration(DIR.toString());
        TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(conf);
        assertThat(tm.getJvmHeapMemorySize().getMebiBytes()).isBetween(512, 1024);
        JobManagerProcessSpec jm = JobManagerProcessUtils.processSpecFromConfig(conf);
        assertThat(jm.getJvmHeapMemorySize().getMebiBytes()).isBetween(256, 1024);
    }

    @Test
    void decisionLogGoesToDecisionsJsonlNextToTheNormalLog() throws IOException {
        Properties log4j = new Properties();
        try (Reader in = Files.newBufferedReader(DIR.resolve("log4j.properties"))) {
            log4j.load(in);
        }
        assertThat(log4j.getProperty("appender.main.fileName")).isEqualTo("${sys:log.file}");
        assertThat(log4j.getProperty("logger.decisions.name"))
                .isEqualTo("org.metrodispatch.decisions");
        assertThat(log4j.getProperty("logger.decisions.additivity")).isEqualTo("false");
        assertThat(log4j.getProperty("logger.decisions.appenderRef.decisions.ref"))
                .isEqualTo(log4j.getProperty("appender.decisions.name"));
        assertThat(log4j.getProperty("appender.decisions.fileName"))
                .contains("${sys:log.dir")
                .endsWith("/decisions.jsonl}");
        assertThat(log4j.getProperty("appender.decisions.layout.pattern")).isEqualTo("%m%n");
        // A decision that cannot be written fails the job instead of vanishing.
        assertThat(log4j.getProperty("appender.decisions.ignoreExceptions")).isEqualTo("false");
    }
}
