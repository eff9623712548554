package org.metrodispatch.ops;

import org.metrodispatch.contract.cli.UserError;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code metro-dispatch savepoint}: stop-with-savepoint of the running crowd-dispatch job. */
@Command(
        name = "savepoint",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Stop the running crowd-dispatch job with a savepoint and print its path: the way to"
                    + " upgrade the job, change its parallelism or move it, without losing or"
                    + " repeating a recommendation (redeploy with 'metro-dispatch deploy"
                    + " --from-savepoint PATH').",
            "With --drain the job first flushes everything it holds (final watermark: every"
                    + " window and pending decision fires), for a stream that has ended."
        },
        footer = {
            "",
            "Examples:",
            "  metro-dispatch savepoint",
            "  metro-dispatch savepoint --drain"
        })
public final class SavepointCommand implements Callable<Integer> {

    @Option(
            names = "--drain",
            description = "Emit the final watermark before stopping (end of the stream).")
    boolean drain;

    @Option(
            names = "--job",
            paramLabel = "ID",
            description = "The job to stop (default: the running crowd-dispatch job).")
    String jobId;

    @Option(
            names = "--target-dir",
            paramLabel = "URI",
            description =
                    "Where to write the savepoint (default: the cluster's"
                            + " execution.checkpointing.savepoint-dir; locally .metro-dispatch/flink/savepoints).")
    String targetDir;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "300",
            description = "How long to wait for the savepoint (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @CommandLine.Mixin ClusterTarget target = new ClusterTarget();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {

        PrintWriter out = spec.commandLine().getOut();

        PrintWriter err = spec.commandLine().getErr();
        try (FlinkJobs jobs = target.jobs()) {
            String id = jobId;
            if (id != null) {
                FlinkJobs.id(id);
            } else {
                id =
                        jobs.runningJob()
                                .orElseThrow(
                                        () ->
                                                new UserError(
                                                        "no crowd-dispatch job is running on "
                                                                + jobs.restUrl()));
            }
            err.println(
                    "Stopping job "
                            + id
                            + " with a savepoint"
                            + (drain ? " (draining)" : "")
                            + "...");
            String path;
            try {
                path =
                        jobs.stopWithSavepoint(
                                id, drain, targetDir, Duration.ofSeconds(timeoutSeconds));
            } catch (FlinkJobs.Refused e) {
                throw new UserError(
                        "Flink refused the savepoint: " + FlinkJobs.firstLine(e.getMessage()));
            }
            out.println(path);
            err.println(
                    "Job "
                            + id
                            + " stopped. Resume it with: metro-dispatch deploy --from-savepoint "
                            + path);
        }
        return 0;
    }
}
