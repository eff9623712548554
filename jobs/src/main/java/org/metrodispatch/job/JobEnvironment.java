package org.metrodispatch.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;

/** The Flink configuration the job needs, from its settings. */
public final class JobEnvironment {

    /** Where a Flink this project starts on this machine listens: loopback only. */
    public static final String LOOPBACK = "127.0.0.1";

    /** Flink's Prometheus reporter's port unless told otherwise (Flink's default). */
    public static final int DEFAULT_METRICS_PORT = 9249;

    private static final String PROMETHEUS = "metrics.reporter.prometheus.";

    private JobEnvironment() {}

    /**
     * A Flink started in this process (a MiniCluster: replays, {@code job --kafka}, the demo, the
     * closed loop, the benchmark) that only this machine reaches: REST, web UI, RPC and blob server
     * bind to loopback, and the web UI cannot upload or run jars, since whoever could reach it
     * could run code here. The settings of a real cluster come from its own configuration.
     *
     * @param webUiPort the REST and web UI port; 0 for any free one
     */
    public static Configuration local(Configuration jobConfiguration, int webUiPort) {
        Configuration conf = new Configuration(jobConfiguration);
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(RestOptions.PORT, webUiPort);
        conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.HOST, LOOPBACK);
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(WebOptions.SUBMIT_ENABLE, false);
        return conf;
    }

    /**
     * Adds Flink's Prometheus reporter: the job's metrics (docs/metrics.md) and Flink's own at
     * {@code http://localhost:PORT/metrics}. A MiniCluster has one reporter for its JobManager and
     * TaskManagers. Flink's reporter has no bind address: it listens on every interface of the
     * host, so keep the port behind the host's firewall.
     */
    public static Configuration withPrometheus(Configuration conf, int port) {
        Configuration with = new Configuration(conf);
        with.setString(
                PROMETHEUS + "factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        with.setString(PROMETHEUS + "port", Integer.toString(port));
        // Label values as they are: station and pool ids keep their hyphens.
        with.setString(PROMETHEUS + "filterLabelValueCharacters", "false");
        return with;
    }

    /**
     * A replay of files: bounded, without checkpoints, and without restarts. A failure of a replay
     * (an output it cannot write, a bug) does not go away by trying again, so the replay fails at
     * once instead of retrying for hours.
     */
    public static Configuration replay(JobSettings settings) {
        Configuration conf = configuration(settings, false);
        conf.setString("restart-strategy.type", "none");
        return conf;
    }

    /**
     * @param checkpointing whether to checkpoint (production and Kafka runs); a replay of files
     *     does not need it
     */
    public static Configuration configuration(JobSettings settings, boolean checkpointing) {
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", Integer.toString(settings.parallelism));
        conf.setString("pipeline.max-parallelism", Integer.toString(settings.maxParallelism));
        // Every type must have a Flink serializer: a Kryo fallback fails at once.
        conf.setString("pipeline.generic-types", "false");
        // Every operator has a uid, so savepoints stay compatible: enforce it.
        conf.setString("pipeline.auto-generate-uids", "false");
        conf.setString("state.backend.type", "hashmap");
        // The functions never hold on to an input record (train events are copied when buffered),
        // so chained operators may pass records without copying them.
        conf.setString("pipeline.object-reuse", "true");
        // The source's watermarks only pace the partitions (PartitionPace); this is how often.
        conf.setString(
                "pipeline.auto-watermark-interval", settings.partitionPace.toMillis() + " ms");
        if (checkpointing) {
            conf.setString(
                    "execution.checkpointing.interval",
                    settings.checkpointInterval.toMillis() + " ms");
            conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
            conf.setString(
                    "execution.checkpointing.timeout",
                    settings.checkpointTimeout.toMillis() + " ms");
            conf.setString(
                    "execution.checkpointing.min-pause",
                    settings.checkpointMinPause.toMillis() + " ms");
            conf.setString("execution.checkpointing.dir", settings.checkpointDirectory);
            conf.setString(
                    "execution.checkpointing.externalized-checkpoint-retention",
                    "RETAIN_ON_CANCELLATION");
        }
        conf.setString("restart-strategy.type", "exponential-delay");
        conf.setString(
                "restart-strategy.exponential-delay.initial-backoff",
                settings.restartInitialBackoff.toMillis() + " ms");
        conf.setString(
                "restart-strategy.exponential-delay.max-backoff",
                settings.restartMaxBackoff.toMillis() + " ms");
        conf.setString(
                "restart-strategy.exponential-delay.attempts-before-reset-backoff",
                Integer.toString(settings.restartAttempts));
        return conf;
    }
}
