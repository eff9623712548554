package org.metrodispatch.ops;

import org.metrodispatch.contract.cli.ProjectPaths;

import java.nio.file.Path;

/**
 * Where a local standalone Flink cluster keeps its files. Everything lives under one state folder
 * ({@code .metro-dispatch/flink} by default):
 *
 * <pre>
 * conf/                       config.yaml and log4j.properties copied from config/flink/
 * cluster.properties          ports and sizes of the running cluster (written by start)
 * pids/                       supervisor.pid, jobmanager.pid, taskmanager-N.pid
 * log/supervisor.log          what the supervisor did (starts, restarts, stops)
 * log/jobmanager/             jobmanager.log, jobmanager.out
 * log/taskmanager-N/          taskmanager.log, taskmanager.out, decisions.jsonl
 * checkpoints/ savepoints/    the job's state
 * tmp/ web-upload/            Flink's temporary files and uploaded job jars
 * </pre>
 *
 * The Flink jars come from {@code ops/target/flink-lib} (collected by the build), the configuration
 * from {@code config/flink}.
 */
public final class ClusterLayout {

    private final Path stateDir;
    private final Path libDir;
    private final Path configSource;

    public ClusterLayout(Path stateDir, Path libDir, Path configSource) {
        this.stateDir = stateDir.toAbsolutePath().normalize();
        this.libDir = libDir.toAbsolutePath().normalize();
        this.configSource = configSource.toAbsolutePath().normalize();
    }

    /** The project's cluster: state in .metro-dispatch/flink, jars and config of the project. */
    public static ClusterLayout ofProject() {
        return ofProject(null);
    }

    /** The project's jars and config with another state folder (null: the default one). */
    public static ClusterLayout ofProject(Path stateDir) {
        Path home = ProjectPaths.home();
        return new ClusterLayout(
                stateDir != null ? stateDir : defaultStateDir(),
                home.resolve("ops").resolve("target").resolve("flink-lib"),
                home.resolve("config").resolve("flink"));
    }

    public static Path defaultStateDir() {
        return ProjectPaths.home().resolve(".metro-dispatch").resolve("flink");
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path libDir() {
        return libDir;
    }

    public Path configSource() {
        return configSource;
    }

    public Path confDir() {
        return stateDir.resolve("conf");
    }

    public Path clusterFile() {
        return stateDir.resolve("cluster.properties");
    }

    public Path pidDir() {
        return stateDir.resolve("pids");
    }

    public Path supervisorPidFile() {
        return pidDir().resolve("supervisor.pid");
    }

    public Path jobManagerPidFile() {
        return pidDir().resolve("jobmanager.pid");
    }

    /** Pid file of TaskManager {@code index} (1-based). */
    public Path taskManagerPidFile(int index) {
        return pidDir().resolve(taskManagerName(index) + ".pid");
    }

    public Path logDir() {
        return stateDir.resolve("log");
    }

    public Path supervisorLog() {
        return logDir().resolve("supervisor.log");
    }

    public Path jobManagerLogDir() {
        return logDir().resolve("jobmanager");
    }

    public Path taskManagerLogDir(int index) {
        return logDir().resolve(taskManagerName(index));
    }

    public Path checkpointDir() {
        return stateDir.resolve("checkpoints");
    }

    public Path savepointDir() {
        return stateDir.resolve("savepoints");
    }

    public Path tmpDir() {
        return stateDir.resolve("tmp");
    }

    public Path uploadDir() {
        return stateDir.resolve("web-upload");
    }

    static String taskManagerName(int index) {
        return "taskmanager-" + index;
    }

    /**
     * The system property every process of this cluster carries on its command line, so that a pid
     * from a pid file is only ever signalled when it is still one of ours.
     */
    String marker() {
        return "-Dmetro.dispatch.cluster=" + stateDir;
    }
}
