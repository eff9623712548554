package org.metrodispatch.ops;

import org.metrodispatch.contract.cli.LoopbackPorts;
import org.metrodispatch.contract.cli.UserError;

import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.rest.handler.legacy.messages.ClusterOverviewWithVersion;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A local standalone Flink session cluster, one JobManager and N TaskManagers as separate
 * background processes, started from the Flink jars that the build collects (flink-dist is not on
 * Maven Central). A supervisor process ({@link ClusterSupervisor}) owns them and restarts
 * TaskManagers that die; this class starts it, reports on it and stops it.
 */
public final class FlinkCluster {

    private static final Duration POLL = Duration.ofMillis(250);

    private final ClusterLayout layout;

    public FlinkCluster(ClusterLayout layout) {
        this.layout = layout;
    }

    public ClusterLayout layout() {
        return layout;
    }

    /**
     * Starts the cluster and waits until its REST API answers and all TaskManagers registered.
     *
     * @param restPort port of the REST API and web UI; 0 takes a free one
     * @param owner a process whose end stops the cluster (tests pass their JVM), or none
     * @throws UserError when the jars are missing, the port is taken or a cluster already runs
     */
    public ClusterSettings start(
            int taskManagers, int restPort, OptionalLong owner, Duration timeout)
            throws IOException, InterruptedException {
        if (taskManagers < 1) {
            throw new UserError("--taskmanagers must be at least 1");
        }
        Path configYaml = layout.configSource().resolve("config.yaml");
        if (!Files.isRegularFile(configYaml)) {
            throw new UserError("no Flink configuration at " + configYaml);
        }
        Optional<ClusterSettings> running = runningSettings();
        if (running.isPresent()) {
            throw new UserError(
                    "a Flink cluster is already running from "
                            + layout.stateDir()
                            + " (web UI "
                            + running.get().restUrl()
                            + "); stop it with 'metro-dispatch cluster stop'");
        }
        stopLeftovers();
        int port =
                restPort == 0
                        ? LoopbackPorts.free()
                        : LoopbackPorts.requireFree(
                                restPort,
                                "the Flink web UI",
                                "another Flink, or 'metro-dispatch job'? Choose another with --port");
        checkJars();
        ClusterSettings settings =
                new ClusterSettings(port, LoopbackPorts.free(), taskManagers, owner);
        prepareFolders();
        settings.save(layout.clusterFile());

        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            // Its own session: Ctrl-C in the terminal that ran 'cluster start' does not reach it.
            command.add("/usr/bin/setsid");
        }
        command.add(FlinkProcesses.java());
        command.add("-Xmx64m");
        command.add(layout.marker());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClusterSupervisor.class.getName());
        command.add(layout.stateDir().toString());
        command.add(layout.libDir().toString());
        Process supervisor =
                new ProcessBuilder(command)
                        .directory(layout.stateDir().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(layout.supervisorLog().toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
        PidFiles.write(layout.supervisorPidFile(), supervisor.pid());
        try {
            awaitReady(settings, supervisor, timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(Duration.ofSeconds(30));
            throw e;
        }
        return settings;
    }

    private void awaitReady(ClusterSettings settings, Process supervisor, Duration timeout)
            throws IOException, InterruptedException {
        try (FlinkJobs rest = FlinkJobs.connect(settings.restUrl(), Duration.ofSeconds(5))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (!supervisor.isAlive()) {
                    throw new IllegalStateException(
                            "the Flink cluster did not start; see "
                                    + layout.supervisorLog()
                                    + " and "
                                    + layout.logDir()
                                    + tail(layout.supervisorLog()));
                }
                try {
                    if (rest.overview().getNumTaskManagersConnected() >= settings.taskManagers) {
                        return;
                    }
                } catch (IOException e) {
                    // Not up yet.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the Flink cluster was not ready within "
                                    + timeout.toSeconds()
                                    + " s; see the logs in "
                                    + layout.logDir());
                }
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            }
        }
    }

    /** What runs now, or empty when no process of this cluster is alive. */
    public Optional<ClusterStatus> status() throws IOException {
        Optional<ProcessHandle> supervisor =
                PidFiles.alive(layout.supervisorPidFile(), layout.marker());
        Optional<ProcessHandle> jobManager =
                PidFiles.alive(layout.jobManagerPidFile(), layout.marker());
        Optional<ClusterSettings> settings = ClusterSettings.load(layout.clusterFile());
        if (supervisor.isEmpty() && jobManager.isEmpty() || settings.isEmpty()) {
            return Optional.empty();
        }
        List<Optional<ProcessHandle>> taskManagers = new ArrayList<>();
        for (int i = 1; i <= settings.get().taskManagers; i++) {
            taskManagers.add(PidFiles.alive(layout.taskManagerPidFile(i), layout.marker()));
        }
        ClusterOverviewWithVersion overview = null;
        List<JobStatusMessage> jobs = null;
        try (FlinkJobs rest = FlinkJobs.connect(settings.get().restUrl(), Duration.ofSeconds(5))) {
            overview = rest.overview();
            jobs = rest.jobs();
        } catch (IOException e) {
            // Reported as "REST API not answering".
        }
        return Optional.of(
                new ClusterStatus(
                        settings.get(), supervisor, jobManager, taskManagers, overview, jobs));
    }

    /** The settings of the running cluster, if one runs. */
    public Optional<ClusterSettings> runningSettings() throws IOException {
        return status().map(ClusterStatus::settings);
    }

    /** The live process of TaskManager {@code index} (1-based), if any. */
    public Optional<ProcessHandle> taskManager(int index) {
        return PidFiles.alive(layout.taskManagerPidFile(index), layout.marker());
    }

    /**
     * Stops exactly the processes this cluster started (those of its pid files that still carry its
     * marker): the supervisor first, which stops its children gracefully; then whatever is left.
     *
     * @return whether anything was running
     */
    public boolean stop(Duration timeout) throws IOException, InterruptedException {
        boolean any = false;
        Optional<ProcessHandle> supervisor =
                PidFiles.alive(layout.supervisorPidFile(), layout.marker());
        if (supervisor.isPresent()) {
            any = true;
            supervisor.get().destroy();
            awaitExit(List.of(supervisor.get()), timeout);
        }
        any |= stopLeftovers();
        PidFiles.delete(layout.supervisorPidFile());
        Files.deleteIfExists(layout.clusterFile());
        return any;
    }

    /**
     * Stops processes of this cluster that outlived their supervisor (it was killed, or is gone):
     * SIGTERM, then SIGKILL after a grace period.
     */
    private boolean stopLeftovers() throws IOException, InterruptedException {
        List<ProcessHandle> left = new ArrayList<>();
        List<Path> pidFiles = new ArrayList<>();
        if (Files.isDirectory(layout.pidDir())) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.pidDir(), "*.pid")) {
                for (Path file : files) {
                    pidFiles.add(file);
                    PidFiles.alive(file, layout.marker()).ifPresent(left::add);
                }
            }
        }
        for (ProcessHandle p : left) {
            p.destroy();
        }
        awaitExit(left, Duration.ofSeconds(30));
        for (Path file : pidFiles) {
            PidFiles.delete(file);
        }
        return !left.isEmpty();
    }

    private static void awaitExit(List<ProcessHandle> processes, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                p.destroyForcibly();
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (TimeoutException | java.util.concurrent.ExecutionException again) {
                    // Reported by the next status.
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // onExit does not fail.
            }
        }
    }

    private void checkJars() throws IOException {
        boolean found = false;
        if (Files.isDirectory(layout.libDir())) {
            try (DirectoryStream<Path> jars =
                    Files.newDirectoryStream(layout.libDir(), "flink-runtime-*.jar")) {
                found = jars.iterator().hasNext();
            }
        }
        if (!found) {
            throw new UserError(
                    "the Flink jars are missing in "
                            + layout.libDir()
                            + "; build them with 'metro-dispatch build' (or mvn package)");
        }
    }

    private void prepareFolders() throws IOException {
        for (Path dir :
                List.of(
                        layout.confDir(),
                        layout.pidDir(),
                        layout.logDir(),
                        layout.jobManagerLogDir(),
                        layout.checkpointDir(),
                        layout.savepointDir(),
                        layout.tmpDir(),
                        layout.uploadDir())) {
            Files.createDirectories(dir);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.configSource())) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    Files.copy(
                            file,
                            layout.confDir().resolve(file.getFileName()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return "";
            }
            return "\n"
                    + FlinkProcesses.lastLines(Files.readString(file, StandardCharsets.UTF_8), 8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * A running cluster as its pid files and REST API show it.
     *
     * @param taskManagers index i holds TaskManager i + 1
     * @param overview TaskManagers and slots, or null when the REST API did not answer
     * @param jobs every job the cluster knows, or null when the REST API did not answer
     */
    public record ClusterStatus(
            ClusterSettings settings,
            Optional<ProcessHandle> supervisor,
            Optional<ProcessHandle> jobManager,
            List<Optional<ProcessHandle>> taskManagers,
            ClusterOverviewWithVersion overview,
            List<JobStatusMessage> jobs) {}
}
