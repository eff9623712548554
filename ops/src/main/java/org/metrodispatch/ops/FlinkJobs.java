package org.metrodispatch.ops;

import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.job.CrowdDispatchMain;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The crowd-dispatch job on a Flink cluster, through its REST API: deploy the job jar, watch the
 * job, stop it with a savepoint. Works with any Flink 2.x cluster whose REST API allows jar
 * submission (web.submit.enable), not only the local one.
 */
public final class FlinkJobs {

    /** The name the job runs under (what its main() passes to execute()). */
    public static final String JOB_NAME = CrowdDispatchMain.JOB_NAME;

    /** The job jar's main class. */
    public static final String ENTRY_CLASS = CrowdDispatchMain.class.getName();

    private static final Set<String> TERMINAL = Set.of("FINISHED", "CANCELED", "FAILED");
    private static final Duration POLL = Duration.ofMillis(250);

    private final FlinkRest rest;

    public FlinkJobs(FlinkRest rest) {
        this.rest = rest;
    }

    public FlinkRest rest() {
        return rest;
    }

    /**
     * Uploads the job jar and runs its main class with these arguments; the uploaded copy is
     * deleted once the job was submitted.
     *
     * @param parallelism the job's default parallelism, or null for the job's own setting
     * @param savepointPath a savepoint (or retained checkpoint) to start from, or null
     * @return the job id
     * @throws UserError when a crowd-dispatch job is already running there
     */
    public String deploy(
            Path jar, List<String> programArgs, Integer parallelism, String savepointPath)
            throws IOException {
        Optional<String> running = runningJob();
        if (running.isPresent()) {
            throw new UserError(
                    "the crowd-dispatch job is already running on "
                            + rest.baseUrl()
                            + " (job "
                            + running.get()
                            + "); stop it first with 'metro-dispatch savepoint'");
        }
        String jarId = rest.uploadJar(jar);
        try {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("entryClass", ENTRY_CLASS);
            request.put("programArgsList", programArgs);
            if (parallelism != null) {
                request.put("parallelism", parallelism);
            }
            if (savepointPath != null) {
                request.put("savepointPath", savepointPath);
                request.put("allowNonRestoredState", false);
            }
            JsonNode answer = rest.post("/jars/" + jarId + "/run", request);
            String jobId = answer.path("jobid").asText("");
            if (jobId.isEmpty()) {
                throw new IOException("Flink did not return a job id: " + answer);
            }
            return jobId;
        } finally {
            try {
                rest.delete("/jars/" + jarId);
            } catch (IOException e) {
                // The upload folder is the cluster's; a leftover jar is harmless.
            }
        }
    }

    /** The id of the crowd-dispatch job that is not finished, cancelled or failed, if any. */
    public Optional<String> runningJob() throws IOException {
        for (JsonNode job : rest.get("/jobs/overview").path("jobs")) {
            if (JOB_NAME.equals(job.path("name").asText())
                    && !TERMINAL.contains(job.path("state").asText())) {
                return Optional.of(job.path("jid").asText());
            }
        }
        return Optional.empty();
    }

    /** The job's state, e.g. RUNNING, RESTARTING, FINISHED. */
    public String state(String jobId) throws IOException {
        return rest.get("/jobs/" + jobId).path("state").asText();
    }

    /** Whether the job runs and every one of its tasks runs (not deploying, not restarting). */
    public boolean fullyRunning(String jobId) throws IOException {
        JsonNode job = rest.get("/jobs/" + jobId);
        if (!"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!"RUNNING".equals(vertex.path("status").asText())) {
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
            if (TERMINAL.contains(state)) {
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

    /** How many checkpoints of the job completed so far. */
    public long completedCheckpoints(String jobId) throws IOException {
        return rest.get("/jobs/" + jobId + "/checkpoints")
                .path("counts")
                .path("completed")
                .asLong();
    }

    /**
     * Stops the job with a savepoint (POST /jobs/{id}/stop) and waits until the savepoint completed
     * and the job finished.
     *
     * @param drain emit the final watermark first, so that every window and timer fires (the end of
     *     a stream); without it the job's state, timers included, is kept for a restart
     * @param targetDirectory where to write it, or null for the cluster's
     *     execution.checkpointing.savepoint-dir
     * @return the savepoint's path
     */
    public String stopWithSavepoint(
            String jobId, boolean drain, String targetDirectory, Duration timeout)
            throws IOException, InterruptedException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("drain", drain);
        if (targetDirectory != null) {
            request.put("targetDirectory", targetDirectory);
        }
        String trigger = rest.post("/jobs/" + jobId + "/stop", request).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        String location;
        while (true) {
            JsonNode answer = rest.get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(answer.path("status").path("id").asText())) {
                JsonNode operation = answer.path("operation");
                if (operation.has("location")) {
                    location = operation.path("location").asText();
                    break;
                }
                throw new IllegalStateException(
                        "the savepoint of job "
                                + jobId
                                + " failed: "
                                + firstLine(
                                        operation
                                                .path("failure-cause")
                                                .path("stack-trace")
                                                .asText(operation.toString())));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the savepoint of job "
                                + jobId
                                + " did not complete within "
                                + timeout.toSeconds()
                                + " s");
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
        awaitEnd(jobId, Duration.ofSeconds(Math.max(30, timeout.toSeconds())));
        return location;
    }

    /** Waits until the job reached a terminal state and returns it. */
    public String awaitEnd(String jobId, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String state = state(jobId);
            if (TERMINAL.contains(state)) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "job " + jobId + " did not end within " + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
    }

    /** The root cause of a job's failure, as one line after a colon, or nothing. */
    private String failure(String jobId) {
        try {
            String trace =
                    rest.get("/jobs/" + jobId + "/exceptions").path("root-exception").asText("");
            return trace.isEmpty() ? "" : ": " + firstLine(trace);
        } catch (IOException e) {
            return "";
        }
    }

    static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }
}
