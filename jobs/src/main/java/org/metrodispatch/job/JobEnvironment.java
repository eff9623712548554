package org.metrodispatch.job;

import org.apache.flink.configuration.Configuration;

/** The Flink configuration the job needs, from its settings. */
public final class JobEnvironment {

    private JobEnvironment() {}

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
