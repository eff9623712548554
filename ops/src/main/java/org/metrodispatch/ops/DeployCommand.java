package org.metrodispatch.ops;

import org.metrodispatch.contract.cli.KafkaPropertiesOption;
import org.metrodispatch.contract.cli.ProjectPaths;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.job.JobSettings;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code metro-dispatch deploy}: builds the job graph from the shaded job jar here and submits it,
 * jar attached, to a Flink cluster's REST API (as {@code flink run} does; no web submission).
 */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Deploy the crowd-dispatch job to a Flink cluster: build its job graph from the job jar"
                    + " here and submit it with the jar through the REST API, reading gate and train events from Kafka and writing"
                    + " recommendations to Kafka exactly once.",
            "By default to the local cluster of 'metro-dispatch cluster start', with its"
                    + " checkpoint folder. Arguments after -- go to the job as they are."
        },
        footer = {
            "",
            "Examples:",
            "  metro-dispatch deploy --kafka localhost:9092",
            "  metro-dispatch deploy --parallelism 1 --from-savepoint"
                    + " .metro-dispatch/flink/savepoints/savepoint-1a2b3c-0123456789ab",
            "  metro-dispatch deploy -- --group-id replay-1 --start-from earliest"
        })
public final class DeployCommand implements Callable<Integer> {

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Parallelism of the job (default: parallelism of config/job.yaml).")
    Integer parallelism;

    @Option(
            names = "--from-savepoint",
            paramLabel = "PATH",
            description =
                    "Start from this savepoint (or retained checkpoint), e.g. after"
                            + " 'metro-dispatch savepoint'.")
    String savepoint;

    @Option(
            names = "--kafka",
            paramLabel = "HOST:PORT",
            description =
                    "Kafka bootstrap servers as the cluster sees them (default:"
                            + " kafka.bootstrapServers of config/job.yaml).")
    String kafka;

    @Option(
            names = "--jar",
            paramLabel = "FILE",
            description = "The job jar (default: jobs/target/metro-dispatch-jobs-*-job.jar).")
    Path jar;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "URI",
            description =
                    "Checkpoint folder of the job (default: the local cluster's"
                            + " checkpoints/ folder; on another cluster, the job config's).")
    String checkpointDir;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "120",
            description = "How long to wait for the job to run (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @CommandLine.Mixin ClusterTarget target = new ClusterTarget();

    /** Passed on to the job, which reads it where its graph is built. */
    @CommandLine.Mixin KafkaPropertiesOption kafkaProperties = new KafkaPropertiesOption();

    @Parameters(
            paramLabel = "JOB_ARG",
            arity = "0..*",
            description =
                    "More arguments for the job (after --), e.g. --group-id ID,"
                            + " --start-from committed|earliest|latest, --config FILE.")
    List<String> jobArgs = new ArrayList<>();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {

        PrintWriter out = spec.commandLine().getOut();

        PrintWriter err = spec.commandLine().getErr();
        if (parallelism != null && (parallelism < 1 || parallelism > 128)) {
            throw new UserError("--parallelism must be between 1 and 128");
        }
        Path jarFile = jar != null ? jar : defaultJar();
        if (!Files.isRegularFile(jarFile)) {
            throw new UserError(
                    "no job jar at "
                            + jarFile
                            + (jar != null
                                    ? ""
                                    : "; build it with 'metro-dispatch build' (or mvn package)"));
        }
        String savepointPath = savepoint == null ? null : savepointPath(savepoint);
        Optional<ClusterSettings> local = target.localCluster();
        try (FlinkJobs jobs = target.jobs()) {
            String checkpoints = checkpointDir;
            if (checkpoints == null && local.isPresent()) {
                checkpoints = target.layout().checkpointDir().toUri().toString();
            }
            String servers = kafka != null ? kafka : defaultKafka();
            List<String> more = new ArrayList<>(jobArgs);
            if (kafkaProperties.file() != null) {
                more.add("--kafka-properties");
                more.add(kafkaProperties.file().toString());
            }
            List<String> args = programArgs(servers, parallelism, checkpoints, more);
            err.println("Uploading " + jarFile + " to " + jobs.restUrl() + "...");
            String jobId;
            try {
                jobId = jobs.deploy(jarFile, args, parallelism, savepointPath);
            } catch (FlinkJobs.Refused | FlinkJobs.ProgramFailed e) {
                throw new UserError("Flink refused the job: " + mainError(e.getMessage()));
            }
            out.println(
                    "Deployed the crowd-dispatch job "
                            + jobId
                            + " (Kafka at "
                            + servers
                            + (parallelism != null ? ", parallelism " + parallelism : "")
                            + (savepointPath != null ? ", from " + savepointPath : "")
                            + ")");
            out.println("  web UI:    " + jobs.restUrl() + "/#/job/running/" + jobId + "/overview");
            if (local.isPresent()) {
                out.println(
                        "  decisions: "
                                + target.layout()
                                        .logDir()
                                        .resolve("taskmanager-N")
                                        .resolve("decisions.jsonl"));
            }
            try {
                jobs.awaitRunning(jobId, Duration.ofSeconds(timeoutSeconds));
                out.println("  state:     RUNNING");
            } catch (IllegalStateException e) {
                out.println("  state:     not running yet (" + e.getMessage() + ")");
                return 1;
            }
            return 0;
        }
    }

    /** The job's arguments: Kafka, parallelism and checkpoint folder first, then the user's. */
    public static List<String> programArgs(
            String kafka, Integer parallelism, String checkpointDir, List<String> more) {
        List<String> args = new ArrayList<>();
        args.add("--kafka");
        args.add(kafka);
        if (parallelism != null) {
            args.add("--parallelism");
            args.add(Integer.toString(parallelism));
        }
        if (checkpointDir != null) {
            args.add("--checkpoint-dir");
            args.add(checkpointDir);
        }
        args.addAll(more);
        return args;
    }

    /** The shaded job jar of the build, the newest if there are several versions. */
    static Path defaultJar() throws IOException {
        Path target = ProjectPaths.home().resolve("jobs").resolve("target");
        Path newest = target.resolve("metro-dispatch-jobs-<version>-job.jar");
        if (Files.isDirectory(target)) {
            long newestTime = Long.MIN_VALUE;
            try (DirectoryStream<Path> jars =
                    Files.newDirectoryStream(target, "metro-dispatch-jobs-*-job.jar")) {
                for (Path candidate : jars) {
                    long time = Files.getLastModifiedTime(candidate).toMillis();
                    if (time > newestTime) {
                        newestTime = time;
                        newest = candidate;
                    }
                }
            }
        }
        return newest;
    }

    private static String defaultKafka() {
        Path file = ProjectPaths.config("job.yaml");
        if (Files.isRegularFile(file)) {
            try {
                return JobSettings.load(file).bootstrapServers;
            } catch (RuntimeException e) {
                // The job reports a broken config itself.
            }
        }
        return "localhost:9092";
    }

    /**
     * A savepoint on this machine as an absolute URI (the JobManager does not share our working
     * folder); one that does not exist is a typo: say so before Flink does. Other file systems'
     * URIs go to Flink as they are.
     */
    static String savepointPath(String path) {
        Path local;
        if (path.startsWith("file:")) {
            local = Path.of(URI.create(path));
        } else if (!path.contains("://")) {
            local = Path.of(path);
        } else {
            return path;
        }
        if (!Files.exists(local)) {
            throw new UserError("no savepoint at " + path);
        }
        return local.toAbsolutePath().normalize().toUri().toString();
    }

    /** The line of Flink's message that says what went wrong in the job's main(). */
    static String mainError(String message) {
        for (String line : message.split("\n")) {
            String trimmed = line.trim();
            int at = trimmed.indexOf("The main method caused an error: ");
            if (at >= 0) {
                return trimmed.substring(at + "The main method caused an error: ".length());
            }
        }
        return FlinkJobs.firstLine(message);
    }
}
