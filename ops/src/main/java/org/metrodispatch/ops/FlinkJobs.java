package org.metrodispatch.ops;

import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.job.CrowdDispatchMain;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.ProgramInvocationException;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.rest.handler.legacy.messages.ClusterOverviewWithVersion;
import org.apache.flink.runtime.rest.messages.ConversionException;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.runtime.rest.messages.JobVertexDetailsHeaders;
import org.apache.flink.runtime.rest.messages.JobVertexDetailsInfo;
import org.apache.flink.runtime.rest.messages.JobVertexMessageParameters;
import org.apache.flink.runtime.rest.messages.MessageParameter;
import org.apache.flink.runtime.rest.messages.MessageParameters;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatistics;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatisticsHeaders;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregatedMetric;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregatedSubtaskMetricsHeaders;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregatedSubtaskMetricsParameters;
import org.apache.flink.runtime.rest.util.RestClientException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The crowd-dispatch job on a Flink cluster, through flink-clients' {@link RestClusterClient} (as
 * the Flink Kubernetes Operator's AbstractFlinkService does it): deploy the job jar, list, watch,
 * cancel and stop-with-savepoint. Deploy builds the job graph here and submits it as {@code flink
 * run} does (POST /jobs), so it works with any Flink 2.x cluster, web submission
 * (web.submit.enable) on or off. Close it when done (it owns threads).
 */
public final class FlinkJobs implements AutoCloseable {

    /** The name the job runs under (what its main() passes to execute()). */
    public static final String JOB_NAME = CrowdDispatchMain.JOB_NAME;

    /** The job jar's main class. */
    public static final String ENTRY_CLASS = CrowdDispatchMain.class.getName();

    private static final Duration POLL = Duration.ofMillis(250);

    /** The REST API did not answer at all (nothing listens, or it hangs). */
    public static final class Unreachable extends IOException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The job's main() failed while its graph was built here: the message is main's. */
    public static final class ProgramFailed extends IOException {
        private static final long serialVersionUID = 1L;

        ProgramFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The REST API answered with an error: the message is Flink's own. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String restUrl;
    private final RestClusterClient<StandaloneClusterId> client;
    private final Duration requestTimeout;

    private FlinkJobs(String restUrl, Configuration configuration, Duration requestTimeout)
            throws IOException {
        this.restUrl = restUrl;
        this.requestTimeout = requestTimeout;
        try {
            this.client = new RestClusterClient<>(configuration, StandaloneClusterId.getInstance());
        } catch (Exception e) {
            throw new IOException("cannot make a Flink REST client for " + restUrl, e);
        }
    }

    /**
     * A client of the REST API at this address; it does not connect yet.
     *
     * @param restUrl e.g. {@code http://localhost:8081} or {@code localhost:8081}
     * @param requestTimeout how long one request may take
     */
    public static FlinkJobs connect(String restUrl, Duration requestTimeout) throws IOException {
        URI uri = URI.create(restUrl.contains("://") ? restUrl : "http://" + restUrl);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new UserError("not an http://HOST:PORT address of a Flink REST API: " + restUrl);
        }
        int port = uri.getPort() < 0 ? RestOptions.PORT.defaultValue() : uri.getPort();
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, uri.getHost());
        conf.set(RestOptions.PORT, port);
        // Callers poll and report themselves: no silent retries that turn "nothing listens" into
        // a minute of waiting.
        conf.set(RestOptions.RETRY_MAX_ATTEMPTS, 0);
        conf.set(RestOptions.CONNECTION_TIMEOUT, Duration.ofSeconds(3));
        conf.set(RestOptions.IDLENESS_TIMEOUT, requestTimeout);
        return new FlinkJobs("http://" + uri.getHost() + ":" + port, conf, requestTimeout);
    }

    public String restUrl() {
        return restUrl;
    }

    /** Whether a Flink REST API answers at the address now. */
    public boolean answers() {
        try {
            overview();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** TaskManagers, slots and jobs of the cluster (GET /overview). */
    public ClusterOverviewWithVersion overview() throws IOException {
        return await(client.getClusterOverview(), "the cluster overview");
    }

    /** Every job the cluster knows, running or ended, in the cluster's order. */
    public List<JobStatusMessage> jobs() throws IOException {
        return new ArrayList<>(await(client.listJobs(), "the list of jobs"));
    }

    /**
     * The id of the crowd-dispatch job that has not ended (finished, cancelled, failed), if any.
     */
    public Optional<String> runningJob() throws IOException {
        for (JobStatusMessage job : jobs()) {
            if (JOB_NAME.equals(job.getJobName()) && !job.getJobState().isGloballyTerminalState()) {
                return Optional.of(job.getJobId().toHexString());
            }
        }
        return Optional.empty();
    }

    /**
     * Builds the job's graph here from the job jar, as {@code flink run} does, and submits it with
     * the jar attached (POST /jobs). The job's main() runs in this JVM, so it reads its {@code
     * --config} file and reaches Kafka from here.
     *
     * @param parallelism the job's default parallelism, or null for the job's own setting
     * @param savepointPath a savepoint (or retained checkpoint) to start from, or null
     * @return the job id
     * @throws UserError when a crowd-dispatch job is already running there
     * @throws ProgramFailed when the job's main() refuses its arguments or fails
     */
    public String deploy(
            Path jar, List<String> programArgs, Integer parallelism, String savepointPath)
            throws IOException {
        Optional<String> running = runningJob();
        if (running.isPresent()) {
            throw new UserError(
                    "the crowd-dispatch job is already running on "
                            + restUrl
                            + " (job "
                            + running.get()
                            + "); stop it first with 'metro-dispatch savepoint'");
        }
        JobGraph graph = jobGraph(jar, programArgs, parallelism, savepointPath);
        return await(client.submitJob(graph), "the job's submission").toHexString();
    }

    /**
     * The job graph of the jar's main class with these arguments: its main() runs here and Flink
     * captures the graph at env.execute(). The jar and its manifest classpath travel with the
     * graph; the savepoint, if any, must map all its state (no --allowNonRestoredState).
     *
     * @throws ProgramFailed when main() fails (the message is main's)
     */
    static JobGraph jobGraph(
            Path jar, List<String> programArgs, Integer parallelism, String savepointPath)
            throws IOException {
        Configuration conf = new Configuration();
        // The connector classes come parent-first (org.apache.flink.) from this JVM's classpath,
        // so the Kafka client they link against must too, or the job's classes would see two.
        conf.set(
                CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL,
                List.of("org.apache.kafka."));
        SavepointRestoreSettings restore =
                savepointPath == null
                        ? SavepointRestoreSettings.none()
                        : SavepointRestoreSettings.forPath(savepointPath, false);
        ClassLoader caller = Thread.currentThread().getContextClassLoader();
        try (PackagedProgram program =
                PackagedProgram.newBuilder()
                        .setJarFile(jar.toFile())
                        .setEntryPointClassName(ENTRY_CLASS)
                        .setArguments(programArgs.toArray(new String[0]))
                        .setConfiguration(conf)
                        .setSavepointRestoreSettings(restore)
                        .build()) {
            // suppressOutput: main()'s own messages arrive in the exception, not twice on stderr.
            return PackagedProgramUtils.createJobGraph(
                    program,
                    conf,
                    parallelism != null ? parallelism : ExecutionConfig.PARALLELISM_DEFAULT,
                    true);
        } catch (ProgramInvocationException e) {
            throw new ProgramFailed(String.valueOf(e.getMessage()), e);
        } finally {
            // createJobGraph leaves the job's class loader as this thread's context loader.
            Thread.currentThread().setContextClassLoader(caller);
        }
    }

    /** The job's state, e.g. RUNNING, RESTARTING, FINISHED. */
    public String state(String jobId) throws IOException {
        return await(client.getJobStatus(id(jobId)), "the job's state").name();
    }

    /** The job's details: its state, and each vertex with its name, parallelism and state. */
    public JobDetailsInfo details(String jobId) throws IOException {
        return await(client.getJobDetails(id(jobId)), "the job's details");
    }

    /** One vertex of the job, with each subtask's state and TaskManager. */
    public JobVertexDetailsInfo vertex(String jobId, JobVertexID vertexId) throws IOException {
        JobVertexMessageParameters parameters =
                JobVertexDetailsHeaders.getInstance().getUnresolvedMessageParameters();
        parameters.jobPathParameter.resolve(id(jobId));
        parameters.jobVertexIdPathParameter.resolve(vertexId);
        return await(
                client.sendRequest(
                        JobVertexDetailsHeaders.getInstance(),
                        parameters,
                        EmptyRequestBody.getInstance()),
                "the vertex's details");
    }

    /** Whether the job runs and every one of its tasks runs (not deploying, not restarting). */
    public boolean fullyRunning(String jobId) throws IOException {
        JobDetailsInfo job = details(jobId);
        if (job.getJobStatus() != JobStatus.RUNNING) {
            return false;
        }
        for (JobDetailsInfo.JobVertexDetailsInfo vertex : job.getJobVertexInfos()) {
            if (vertex.getExecutionState() != ExecutionState.RUNNING) {
                return false;
            }
        }
        return true;
    }

    /** Waits until {@link #fullyRunning}; fails at once if the job ends. */
    public void awaitRunning(String jobId, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!fullyRunning(jobId)) {
            String state = state(jobId);
            if (JobStatus.valueOf(state).isGloballyTerminalState()) {
                throw new IllegalStateException(
                        "job "
                                + jobId
                                + " ended ("
                                + state
                                + ") instead of running"
                                + failure(jobId));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "job "
                                + jobId
                                + " was not running within "
                                + timeout.toSeconds()
                                + " s (state "
                                + state
                                + ")");
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
    }

    /** The job's checkpoint counts and its latest completed and restored checkpoints. */
    public CheckpointingStatistics checkpoints(String jobId) throws IOException {
        JobMessageParameters parameters =
                CheckpointingStatisticsHeaders.getInstance().getUnresolvedMessageParameters();
        parameters.jobPathParameter.resolve(id(jobId));
        return await(
                client.sendRequest(
                        CheckpointingStatisticsHeaders.getInstance(),
                        parameters,
                        EmptyRequestBody.getInstance()),
                "the job's checkpoints");
    }

    /** How many checkpoints of the job completed so far. */
    public long completedCheckpoints(String jobId) throws IOException {
        return checkpoints(jobId).getCounts().getNumberCompletedCheckpoints();
    }

    /**
     * The subtask metrics of one vertex, summed over its subtasks: those named, or with no names
     * the ids of all it has (without values).
     */
    public Collection<AggregatedMetric> summedMetrics(
            String jobId, JobVertexID vertexId, String... metricIds) throws IOException {
        AggregatedSubtaskMetricsParameters parameters =
                AggregatedSubtaskMetricsHeaders.getInstance().getUnresolvedMessageParameters();
        resolve(parameters, "jobid", jobId);
        resolve(parameters, "vertexid", vertexId.toString());
        if (metricIds.length > 0) {
            resolve(parameters, "get", String.join(",", metricIds));
            resolve(parameters, "agg", "sum");
        }
        return await(
                        client.sendRequest(
                                AggregatedSubtaskMetricsHeaders.getInstance(),
                                parameters,
                                EmptyRequestBody.getInstance()),
                        "the vertex's metrics")
                .getMetrics();
    }

    /** The metrics parameters keep their fields private: they are resolved by their URL keys. */
    private static void resolve(MessageParameters parameters, String key, String value)
            throws IOException {
        List<MessageParameter<?>> all = new ArrayList<>(parameters.getPathParameters());
        all.addAll(parameters.getQueryParameters());
        for (MessageParameter<?> parameter : all) {
            if (parameter.getKey().equals(key)) {
                try {
                    parameter.resolveFromString(value);
                    return;
                } catch (ConversionException e) {
                    throw new IOException("not a value of " + key + ": " + value, e);
                }
            }
        }
        throw new IllegalArgumentException("no REST parameter " + key);
    }

    /**
     * Stops the job with a savepoint and waits until the savepoint completed and the job finished.
     *
     * @param drain emit the final watermark first, so that every window and timer fires (the end of
     *     a stream); without it the job's state, timers included, is kept for a restart
     * @param targetDirectory where to write it, or null for the cluster's
     *     execution.checkpointing.savepoint-dir
     * @return the savepoint's path
     * @throws Refused when Flink refuses or fails the savepoint (its message)
     */
    public String stopWithSavepoint(
            String jobId, boolean drain, String targetDirectory, Duration timeout)
            throws IOException, InterruptedException {
        CompletableFuture<String> savepoint =
                client.stopWithSavepoint(
                        id(jobId), drain, targetDirectory, SavepointFormatType.CANONICAL);
        String location;
        try {
            location = savepoint.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            savepoint.cancel(true);
            throw new IllegalStateException(
                    "the savepoint of job "
                            + jobId
                            + " did not complete within "
                            + timeout.toSeconds()
                            + " s");
        } catch (ExecutionException e) {
            IOException answer = translate(e.getCause(), "the savepoint");
            if (answer instanceof Refused || answer instanceof Unreachable) {
                throw answer;
            }
            // Accepted, then failed on the cluster (e.g. a task failed to snapshot).
            throw new IllegalStateException(
                    "the savepoint of job " + jobId + " failed: " + cause(e.getCause()),
                    e.getCause());
        }
        awaitEnd(jobId, Duration.ofSeconds(Math.max(30, timeout.toSeconds())));
        return location;
    }

    /** Cancels the job without a savepoint and waits until it ended. */
    public void cancel(String jobId, Duration timeout) throws IOException, InterruptedException {
        await(client.cancel(id(jobId)), "the job's cancellation");
        awaitEnd(jobId, timeout);
    }

    /** Waits until the job reached a terminal state and returns it. */
    public String awaitEnd(String jobId, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String state = state(jobId);
            if (JobStatus.valueOf(state).isGloballyTerminalState()) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "job " + jobId + " did not end within " + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
    }

    /** The root cause of an ended job's failure, as one line after a colon, or nothing. */
    private String failure(String jobId) {
        try {
            JobResult result = await(client.requestJobResult(id(jobId)), "the job's result");
            return result.getSerializedThrowable()
                    .map(t -> ": " + firstLine(t.getFullStringifiedStackTrace()))
                    .orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The job id as Flink knows it.
     *
     * @throws UserError when it is not one (32 hex digits)
     */
    static JobID id(String jobId) {
        try {
            return JobID.fromHexString(jobId);
        } catch (IllegalArgumentException e) {
            throw new UserError("not a Flink job id: " + jobId);
        }
    }

    private <T> T await(CompletableFuture<T> answer, String what) throws IOException {
        try {
            return answer.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new Unreachable(
                    "the Flink REST API at " + restUrl + " did not answer in time for " + what, e);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what, e);
        }
    }

    /**
     * Flink's answer to an error (a {@link RestClientException} somewhere in the chain) becomes
     * {@link Refused} with Flink's message; a refused connection {@link Unreachable}.
     */
    private IOException translate(Throwable failure, String what) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RestClientException) {
                return new Refused(errorText(t.getMessage()), failure);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedChannelException) {
                return new Unreachable("no Flink REST API answers at " + restUrl, failure);
            }
        }
        return new IOException(
                what + " failed: " + firstLine(String.valueOf(failure.getMessage())), failure);
    }

    /** Flink's errors arrive as "[first, second]": the text without the brackets. */
    private static String errorText(String message) {
        String text = message == null ? "" : message.trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        return text;
    }

    /** The first line of a failure's message, without the future's wrapper around it. */
    private static String cause(Throwable failure) {
        String line = firstLine(String.valueOf(failure.getMessage()));
        String wrapper = CompletionException.class.getName() + ": ";
        return line.startsWith(wrapper) ? line.substring(wrapper.length()) : line;
    }

    static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }

    @Override
    public void close() {
        client.close();
    }
}
