package org.metrodispatch.ops;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The background process behind {@code metro-dispatch cluster start}: starts the JobManager and the
 * TaskManagers as its child processes and keeps them running.
 *
 * <ul>
 *   <li>A TaskManager that exits without being asked to (killed, or halted by Flink's fatal error
 *       handler, as a failing KafkaSink has been seen to do) is started again after a second, under
 *       a new resource id. One that keeps dying within seconds of its start is given up after a few
 *       tries.
 *   <li>If the JobManager exits, the cluster is over: the supervisor stops the TaskManagers and
 *       exits (a session cluster without high availability cannot recover its jobs anyway).
 *   <li>On SIGTERM ({@code cluster stop}) it stops the TaskManagers, then the JobManager,
 *       gracefully and within a deadline, and exits.
 *   <li>If an owner process was named ({@code cluster.properties} owner.pid; tests name their own
 *       JVM), the cluster stops when the owner ends, so that nothing outlives it.
 * </ul>
 *
 * Its output is the supervisor log (log/supervisor.log): one line per start, exit and restart.
 */
public final class ClusterSupervisor {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration RESTART_DELAY = Duration.ofSeconds(1);
    private static final Duration QUICK_DEATH = Duration.ofSeconds(20);
    private static final int MAX_QUICK_DEATHS = 5;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final ClusterLayout layout;
    private final ClusterSettings settings;
    private final FlinkProcesses processes;
    private final List<Supervised> taskManagers = new ArrayList<>();
    private Process jobManager;
    private FlinkProcesses.Resources taskManagerResources;
    private volatile boolean stopping;
    private boolean stopped;

    /** One TaskManager slot of the cluster and the process that fills it. */
    private static final class Supervised {
        final int index;
        Process process;
        int incarnation;
        Instant startedAt;
        int quickDeaths;
        boolean givenUp;

        Supervised(int index) {
            this.index = index;
        }
    }

    ClusterSupervisor(ClusterLayout layout, ClusterSettings settings) {
        this.layout = layout;
        this.settings = settings;
        this.processes = new FlinkProcesses(layout, settings);
    }

    /** Arguments: the state folder and the folder of Flink jars. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ClusterSupervisor STATE_DIR FLINK_LIB_DIR");
            System.exit(2);
        }
        Path stateDir = Path.of(args[0]);
        ClusterLayout layout =
                new ClusterLayout(stateDir, Path.of(args[1]), stateDir.resolve("conf"));
        ClusterSettings settings =
                ClusterSettings.load(layout.clusterFile())
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "no readable " + layout.clusterFile()));
        System.exit(new ClusterSupervisor(layout, settings).run());
    }

    int run() throws IOException, InterruptedException {
        PidFiles.write(layout.supervisorPidFile(), ProcessHandle.current().pid());
        log(
                "supervisor started (pid "
                        + ProcessHandle.current().pid()
                        + "): 1 JobManager, "
                        + settings.taskManagers
                        + " TaskManagers, REST port "
                        + settings.restPort
                        + settings.ownerPid.stream()
                                .mapToObj(pid -> ", owned by pid " + pid)
                                .findFirst()
                                .orElse(""));
        Runtime.getRuntime()
                .addShutdownHook(new Thread(this::stopAll, "metro-dispatch-cluster-stop"));
        FlinkProcesses.Resources jobManagerResources = processes.jobManagerResources();
        taskManagerResources = processes.taskManagerResources();
        synchronized (this) {
            if (stopping) {
                return 0;
            }
            jobManager =
                    start(
                            processes.jobManagerCommand(jobManagerResources),
                            layout.jobManagerLogDir().resolve("jobmanager.out"));
            PidFiles.write(layout.jobManagerPidFile(), jobManager.pid());
            log("JobManager started (pid " + jobManager.pid() + ")");
            for (int i = 1; i <= settings.taskManagers; i++) {
                Supervised tm = new Supervised(i);
                taskManagers.add(tm);
                startTaskManager(tm);
            }
        }
        int code = watch();
        stopAll();
        return code;
    }

    /** Watches the processes until the cluster should end; returns the exit code. */
    private int watch() throws InterruptedException, IOException {
        while (!stopping) {
            if (settings.ownerPid.isPresent()
                    && ProcessHandle.of(settings.ownerPid.getAsLong())
                            .map(ProcessHandle::isAlive)
                            .map(alive -> !alive)
                            .orElse(true)) {
                log(
                        "owner process "
                                + settings.ownerPid.getAsLong()
                                + " ended: stopping the cluster");
                return 0;
            }
            if (!jobManager.isAlive()) {
                if (stopping) {
                    return 0;
                }
                log(
                        "JobManager exited with code "
                                + jobManager.exitValue()
                                + ": stopping the cluster (see "
                                + layout.jobManagerLogDir()
                                + ")");
                return 1;
            }
            for (Supervised tm : taskManagers) {
                synchronized (this) {
                    if (stopping) {
                        return 0;
                    }
                    if (!tm.givenUp && !tm.process.isAlive()) {
                        restart(tm);
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
        return 0;
    }

    private void restart(Supervised tm) throws IOException, InterruptedException {
        Duration lived = Duration.between(tm.startedAt, Instant.now());
        log(
                ClusterLayout.taskManagerName(tm.index)
                        + " (pid "
                        + tm.process.pid()
                        + ") exited unexpectedly with code "
                        + tm.process.exitValue()
                        + " after "
                        + lived.toSeconds()
                        + " s");
        tm.quickDeaths = lived.compareTo(QUICK_DEATH) < 0 ? tm.quickDeaths + 1 : 0;
        if (tm.quickDeaths >= MAX_QUICK_DEATHS) {
            tm.givenUp = true;
            PidFiles.delete(layout.taskManagerPidFile(tm.index));
            log(
                    ClusterLayout.taskManagerName(tm.index)
                            + " died "
                            + MAX_QUICK_DEATHS
                            + " times in a row within "
                            + QUICK_DEATH.toSeconds()
                            + " s of its start: not restarting it; see "
                            + layout.taskManagerLogDir(tm.index));
            return;
        }
        TimeUnit.MILLISECONDS.sleep(RESTART_DELAY.toMillis());
        if (!stopping) {
            tm.incarnation++;
            startTaskManager(tm);
        }
    }

    private void startTaskManager(Supervised tm) throws IOException {
        Path logDir = layout.taskManagerLogDir(tm.index);
        tm.process =
                start(
                        processes.taskManagerCommand(
                                tm.index, tm.incarnation, taskManagerResources),
                        logDir.resolve("taskmanager.out"));
        tm.startedAt = Instant.now();
        PidFiles.write(layout.taskManagerPidFile(tm.index), tm.process.pid());
        log(
                ClusterLayout.taskManagerName(tm.index)
                        + " started (pid "
                        + tm.process.pid()
                        + ", resource id "
                        + FlinkProcesses.resourceId(tm.index, tm.incarnation)
                        + ")");
    }

    private Process start(List<String> command, Path out) throws IOException {
        Files.createDirectories(out.getParent());
        return new ProcessBuilder(command)
                .directory(layout.stateDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    /** Stops the TaskManagers, then the JobManager; idempotent (also the shutdown hook). */
    private synchronized void stopAll() {
        stopping = true;
        if (stopped) {
            return;
        }
        stopped = true;
        List<Process> tms = new ArrayList<>();
        for (Supervised tm : taskManagers) {
            if (tm.process != null && tm.process.isAlive()) {
                tms.add(tm.process);
            }
        }
        stop(tms, "TaskManagers");
        for (Supervised tm : taskManagers) {
            PidFiles.delete(layout.taskManagerPidFile(tm.index));
        }
        if (jobManager != null && jobManager.isAlive()) {
            stop(List.of(jobManager), "JobManager");
        }
        PidFiles.delete(layout.jobManagerPidFile());
        log("cluster stopped");
        PidFiles.delete(layout.supervisorPidFile());
    }

    private void stop(List<Process> targets, String what) {
        if (targets.isEmpty()) {
            return;
        }
        log("stopping the " + what);
        for (Process p : targets) {
            p.destroy();
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (Process p : targets) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
                    log(
                            "pid "
                                    + p.pid()
                                    + " did not stop within "
                                    + STOP_TIMEOUT.toSeconds()
                                    + " s: killing it");
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    private static void log(String message) {
        System.out.println(Instant.now() + " " + message);
        System.out.flush();
    }
}
