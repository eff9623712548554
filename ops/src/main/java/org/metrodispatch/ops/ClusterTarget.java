package org.metrodispatch.ops;

import org.metrodispatch.contract.cli.UserError;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Options shared by the commands that talk to a cluster: the local one (by its state folder), or
 * any Flink 2.x REST API named with --jobmanager.
 */
final class ClusterTarget {

    @Option(
            names = "--jobmanager",
            paramLabel = "HOST:PORT",
            description =
                    "REST address of another Flink 2.x cluster (default: the local cluster of"
                            + " 'metro-dispatch cluster start').")
    String jobManager;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "State folder of the local cluster (default: .metro-dispatch/flink).")
    Path stateDir;

    ClusterLayout layout() {
        return ClusterLayout.ofProject(stateDir);
    }

    /** The local cluster's settings when it is the target and runs. */
    Optional<ClusterSettings> localCluster() throws IOException {
        if (jobManager != null) {
            return Optional.empty();
        }
        return new FlinkCluster(layout()).runningSettings();
    }

    /**
     * A client of the cluster's REST API (the caller closes it); fails with one clear line when
     * none answers.
     */
    FlinkJobs jobs() throws IOException {
        String url;
        if (jobManager != null) {
            url = jobManager.contains("://") ? jobManager : "http://" + jobManager;
        } else {
            url =
                    localCluster()
                            .map(ClusterSettings::restUrl)
                            .orElseThrow(
                                    () ->
                                            new UserError(
                                                    "no Flink cluster running (start one with"
                                                            + " 'metro-dispatch cluster start', or"
                                                            + " name one with --jobmanager"
                                                            + " HOST:PORT)"));
        }
        FlinkJobs jobs = FlinkJobs.connect(url, Duration.ofSeconds(120));
        if (!jobs.answers()) {
            jobs.close();
            throw new UserError(
                    "no Flink REST API answers at "
                            + url
                            + (jobManager == null ? " (see 'metro-dispatch cluster status')" : ""));
        }
        return jobs;
    }
}
