package org.metrodispatch.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command lines of a standalone cluster's processes, as flink-dist's scripts would build them:
 * the Flink jars on the class path, the JVM flags Flink needs on Java 17, memory sizes computed by
 * Flink's own BashJavaUtils from config.yaml, a log file per process, and the run's ports and
 * folders as dynamic properties ({@code -D key=value}).
 */
final class FlinkProcesses {

    static final String JOB_MANAGER_MAIN =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER_MAIN =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String BASH_JAVA_UTILS =
            "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    /**
     * What flink-dist's config puts in env.java.opts.all for Java 17; the same list as
     * FLINK_JAVA_OPTS in bin/metro-dispatch.
     */
    static final List<String> FLINK_JAVA_OPTS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final ClusterLayout layout;
    private final ClusterSettings settings;

    FlinkProcesses(ClusterLayout layout, ClusterSettings settings) {
        this.layout = layout;
        this.settings = settings;
    }

    /** JVM flags and dynamic properties for a JobManager or a TaskManager, from BashJavaUtils. */
    static final class Resources {
        final List<String> jvmFlags;
        final List<String> dynamicProperties;

        Resources(List<String> jvmFlags, List<String> dynamicProperties) {
            this.jvmFlags = jvmFlags;
            this.dynamicProperties = dynamicProperties;
        }
    }

    Resources jobManagerResources() throws IOException {
        return resources("GET_JM_RESOURCE_PARAMS");
    }

    Resources taskManagerResources() throws IOException {
        return resources("GET_TM_RESOURCE_PARAMS");
    }

    /**
     * Runs BashJavaUtils as flink-dist's scripts do: the line after the first result marker holds
     * JVM flags, the next one dynamic properties.
     */
    private Resources resources(String which) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(classPath());
        command.add(BASH_JAVA_UTILS);
        command.add(which);
        command.add("--configDir");
        command.add(layout.confDir().toString());
        command.addAll(commonProperties());
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(
                        "Flink's BashJavaUtils " + which + " failed: " + lastLines(output, 10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while sizing Flink's memory", e);
        }
        List<String> results = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(RESULT_PREFIX)) {
                results.add(line.substring(RESULT_PREFIX.length()).trim());
            }
        }
        if (results.size() < 2) {
            throw new IOException(
                    "unexpected output of Flink's BashJavaUtils "
                            + which
                            + ": "
                            + lastLines(output, 10));
        }
        return new Resources(split(results.get(0)), split(results.get(1)));
    }

    List<String> jobManagerCommand(Resources resources) {
        Path logDir = layout.jobManagerLogDir();
        List<String> command = jvm(resources, logDir, "jobmanager.log");
        command.add(JOB_MANAGER_MAIN);
        command.add("--configDir");
        command.add(layout.confDir().toString());
        command.addAll(commonProperties());
        command.addAll(property("web.upload.dir", layout.uploadDir().toString()));
        command.addAll(resources.dynamicProperties);
        return command;
    }

    /**
     * @param incarnation how many times this TaskManager was started before: each start registers
     *     under its own resource id ({@code taskmanager-<index>-<incarnation>})
     */
    List<String> taskManagerCommand(int index, int incarnation, Resources resources) {
        Path logDir = layout.taskManagerLogDir(index);
        List<String> command = jvm(resources, logDir, "taskmanager.log");
        command.add(TASK_MANAGER_MAIN);
        command.add("--configDir");
        command.add(layout.confDir().toString());
        command.addAll(commonProperties());
        command.addAll(property("taskmanager.resource-id", resourceId(index, incarnation)));
        command.addAll(resources.dynamicProperties);
        return command;
    }

    static String resourceId(int index, int incarnation) {
        return ClusterLayout.taskManagerName(index) + "-" + incarnation;
    }

    private List<String> jvm(Resources resources, Path logDir, String logFile) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add(layout.marker());
        command.addAll(resources.jvmFlags);
        command.addAll(FLINK_JAVA_OPTS);
        command.add("-Dlog.file=" + logDir.resolve(logFile));
        command.add("-Dlog.dir=" + logDir);
        command.add("-Dlog4j.configurationFile=" + layout.confDir().resolve("log4j.properties"));
        command.add("-cp");
        command.add(classPath());
        return command;
    }

    /** What depends on this run rather than on config.yaml: ports and folders. */
    private List<String> commonProperties() {
        List<String> props = new ArrayList<>();
        props.addAll(property("jobmanager.rpc.address", "localhost"));
        props.addAll(property("jobmanager.rpc.port", Integer.toString(settings.rpcPort)));
        props.addAll(property("rest.port", Integer.toString(settings.restPort)));
        props.addAll(property("io.tmp.dirs", layout.tmpDir().toString()));
        props.addAll(property("web.tmpdir", layout.tmpDir().toString()));
        props.addAll(
                property("execution.checkpointing.dir", layout.checkpointDir().toUri().toString()));
        props.addAll(
                property(
                        "execution.checkpointing.savepoint-dir",
                        layout.savepointDir().toUri().toString()));
        return props;
    }

    private static List<String> property(String key, String value) {
        return List.of("-D", key + "=" + value);
    }

    private String classPath() {
        return layout.libDir().resolve("*").toString();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> split(String line) {
        List<String> tokens = new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
        tokens.removeIf(String::isEmpty);
        return tokens;
    }

    static String lastLines(String text, int count) {
        String[] lines = text.strip().split("\n");
        int from = Math.max(0, lines.length - count);
        return String.join("\n", Arrays.asList(lines).subList(from, lines.length));
    }
}
