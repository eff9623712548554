package org.metrodispatch.ops;

import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.ops.FlinkCluster.ClusterStatus;

import org.apache.flink.runtime.client.JobStatusMessage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/** {@code metro-dispatch cluster start|status|stop}: a local standalone Flink session cluster. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        subcommands = {
            ClusterCommand.Start.class,
            ClusterCommand.Status.class,
            ClusterCommand.Stop.class
        },
        description = {
            "Run a real standalone Flink session cluster on this machine: one JobManager and N"
                    + " TaskManagers as separate background processes, from the Flink jars the"
                    + " build collects (ops/target/flink-lib) and config/flink/.",
            "A supervisor process restarts a TaskManager that dies. Pid files, logs, checkpoints"
                    + " and savepoints live in .metro-dispatch/flink/."
        })
public final class ClusterCommand implements Runnable {

    /** Exit code of {@code status} when no cluster runs (as for LSB init scripts). */
    static final int NOT_RUNNING = 3;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Options every subcommand has. */
    static final class StateOption {
        @Option(
                names = "--state-dir",
                paramLabel = "DIR",
                description =
                        "Folder for pid files, logs, checkpoints and savepoints (default:"
                                + " .metro-dispatch/flink).")
        Path stateDir;

        FlinkCluster cluster() {
            return new FlinkCluster(ClusterLayout.ofProject(stateDir));
        }
    }

    /** {@code cluster start}. */
    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "Start the cluster in the background and wait until its REST API answers and"
                            + " every TaskManager registered.",
            footer = {"", "Example:", "  metro-dispatch cluster start --taskmanagers 2"})
    static final class Start implements Callable<Integer> {

        @Option(
                names = "--taskmanagers",
                paramLabel = "N",
                defaultValue = "2",
                description = "TaskManagers, 2 slots each (default: ${DEFAULT-VALUE}).")
        int taskManagers;

        @Option(
                names = "--port",
                paramLabel = "PORT",
                defaultValue = "8081",
                description = "Port of the web UI and REST API (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                defaultValue = "120",
                description = "How long to wait for the cluster (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @CommandLine.Mixin StateOption state = new StateOption();

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (taskManagers < 1 || taskManagers > 16) {
                throw new UserError("--taskmanagers must be between 1 and 16");
            }
            FlinkCluster cluster = state.cluster();
            ClusterLayout layout = cluster.layout();
            err.println(
                    "Starting a Flink cluster: 1 JobManager, " + taskManagers + " TaskManagers...");
            ClusterSettings settings =
                    cluster.start(
                            taskManagers,
                            port,
                            OptionalLong.empty(),
                            Duration.ofSeconds(timeoutSeconds));
            int slots;
            try (FlinkJobs rest = FlinkJobs.connect(settings.restUrl(), Duration.ofSeconds(60))) {
                slots = rest.overview().getNumSlotsTotal();
            }
            out.println(
                    "Flink cluster running: 1 JobManager, "
                            + settings.taskManagers
                            + " TaskManagers ("
                            + slots
                            + " slots)");
            out.println("  web UI:      " + settings.restUrl());
            out.println("  logs:        " + layout.logDir());
            out.println(
                    "  decisions:   "
                            + layout.logDir().resolve("taskmanager-N").resolve("decisions.jsonl")
                            + " (on the TaskManager that runs the decision log)");
            out.println("  checkpoints: " + layout.checkpointDir());
            out.println("  savepoints:  " + layout.savepointDir());
            out.println(
                    "Deploy the job with 'metro-dispatch deploy'; stop the cluster with"
                            + " 'metro-dispatch cluster stop'.");
            return 0;
        }
    }

    /** {@code cluster status}. */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description =
                    "Tell whether the cluster runs: processes, registered TaskManagers, jobs."
                            + " Exit code 3 when it does not run.")
    static final class Status implements Callable<Integer> {

        @CommandLine.Mixin StateOption state = new StateOption();

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            FlinkCluster cluster = state.cluster();
            ClusterLayout layout = cluster.layout();
            Optional<ClusterStatus> found = cluster.status();
            if (found.isEmpty()) {
                out.println("No Flink cluster running (state in " + layout.stateDir() + ")");
                return NOT_RUNNING;
            }
            ClusterStatus status = found.get();
            out.println("Flink cluster running (state in " + layout.stateDir() + ")");
            out.println("  web UI:       " + status.settings().restUrl());
            out.println(
                    "  supervisor:   "
                            + status.supervisor()
                                    .map(p -> "pid " + p.pid())
                                    .orElse("not running (TaskManagers are not restarted)"));
            out.println(
                    "  JobManager:   "
                            + status.jobManager().map(p -> "pid " + p.pid()).orElse("not running"));
            List<String> tms = new ArrayList<>();
            int alive = 0;
            for (int i = 0; i < status.taskManagers().size(); i++) {
                Optional<ProcessHandle> tm = status.taskManagers().get(i);
                alive += tm.isPresent() ? 1 : 0;
                tms.add(
                        ClusterLayout.taskManagerName(i + 1)
                                + " "
                                + tm.map(p -> "pid " + p.pid()).orElse("down"));
            }
            out.println(
                    "  TaskManagers: "
                            + alive
                            + " of "
                            + status.taskManagers().size()
                            + " running ("
                            + String.join(", ", tms)
                            + ")");
            if (status.overview() == null) {
                out.println("  REST API:     not answering");
            } else {
                out.println(
                        "  registered:   "
                                + status.overview().getNumTaskManagersConnected()
                                + " TaskManagers, "
                                + status.overview().getNumSlotsAvailable()
                                + " of "
                                + status.overview().getNumSlotsTotal()
                                + " slots free");
                for (JobStatusMessage job : status.jobs()) {
                    out.println(
                            "  job:          "
                                    + job.getJobName()
                                    + "  "
                                    + job.getJobState()
                                    + "  "
                                    + job.getJobId());
                }
            }
            out.println("  logs:         " + layout.logDir());
            return 0;
        }
    }

    /** {@code cluster stop}. */
    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description =
                    "Stop the cluster: exactly the processes 'cluster start' started. Running jobs"
                            + " end with it (take a savepoint first to keep their state).")
    static final class Stop implements Callable<Integer> {

        @CommandLine.Mixin StateOption state = new StateOption();

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            FlinkCluster cluster = state.cluster();
            boolean wasRunning = cluster.stop(Duration.ofSeconds(60));
            Path stateDir = cluster.layout().stateDir();
            out.println(
                    wasRunning
                            ? "Flink cluster stopped (logs, checkpoints and savepoints kept in "
                                    + stateDir
                                    + ")"
                            : "No Flink cluster was running (state in " + stateDir + ")");
            return 0;
        }
    }
}
