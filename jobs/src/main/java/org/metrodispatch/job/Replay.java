package org.metrodispatch.job;

import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.run.RunRecord;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.job.io.PartFiles;
import org.metrodispatch.job.io.ReplayIterator;
import org.metrodispatch.job.io.ReplaySource;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Replays a simulator output folder through the job graph into files, and waits for the end: the
 * same input always gives the same output files, byte for byte but for the emittedAt of each
 * decision (the wall-clock time it was written).
 */
public final class Replay {

    private Replay() {}

    /** Runs the replay on the current execution environment (local, or a test's MiniCluster). */
    public static void run(
            JobSettings settings, Network network, FlowShares shares, Path input, Path out)
            throws Exception {
        run(settings, City.of(network), List.of(shares), input, out);
    }

    /** Runs the replay of a city's lines (flow shares per line, in the city's order). */
    public static void run(
            JobSettings settings, City city, List<FlowShares> shares, Path input, Path out)
            throws Exception {
        check(input, out);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        JobEnvironment.local(JobEnvironment.replay(settings), 0));
        define(env, settings, city, shares, input, out);
        env.execute("metro-dispatch replay of " + input.getFileName());
        mergeOutputs(out);
    }

    /**
     * Fails with one clear line, before anything runs, when the input is not a simulator output
     * folder or the output folder cannot be written.
     */
    public static void check(Path input, Path out) {
        if (!Files.isRegularFile(input.resolve(ReplayIterator.GATE_FILE))) {
            throw new UserError(
                    input
                            + " has no "
                            + ReplayIterator.GATE_FILE
                            + " (is it a simulator output folder?)");
        }
        checkWritable(out);
    }

    /**
     * What a replay puts in its run record: the input run (its run.json's id and hash), the job
     * configuration, the network and the flow profile, each with the files it extends.
     */
    public static RunRecord describe(
            RunRecord record, JobSettings settings, Network network, Path input) {
        return describe(record, settings, City.of(network), input);
    }

    /** What a replay of a city's lines puts in its run record (see above). */
    public static RunRecord describe(
            RunRecord record, JobSettings settings, City city, Path input) {
        record.input(input);
        if (settings.configFile != null) {
            record.config("job config", settings.configFile);
        }
        record.network(city.id(), settings.networkFile);
        if (settings.profileFile != null) {
            record.config("flow profile", settings.profileFile);
        }
        return record.parameter("parallelism", settings.parallelism);
    }

    /**
     * Fails with one clear line, before anything runs, when the output folder cannot be created or
     * written.
     */
    static void checkWritable(Path out) {
        try {
            Files.createDirectories(out);
            Path probe = Files.createTempFile(out, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new UserError("cannot write the output folder " + out + " (" + why(e) + ")");
        }
    }

    private static String why(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "it cannot be created there";
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return "a file of that name is in the way";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Adds a replay of {@code input} into files in {@code out} to an environment. */
    public static void define(
            StreamExecutionEnvironment env,
            JobSettings settings,
            City city,
            List<FlowShares> shares,
            Path input,
            Path out)
            throws IOException {
        Files.createDirectories(out);
        new CrowdDispatchJob(settings, city, shares)
                .define(
                        env,
                        new ReplaySource(input),
                        1,
                        // One split, its files read in the order of their clocks, without pause.
                        true,
                        JobSinkSets.files(out, city.timeZone()));
    }

    /** Turns the part files of a replay into one sorted file per output. */
    public static void mergeOutputs(Path out) throws IOException {
        // A line's decisions come from one subtask in a fixed order: keep it, lines interleaved
        // by time.
        PartFiles.merge(out, JobSinkSets.RECOMMENDATIONS, PartFiles.BY_TIME_THEN_LINE);
        PartFiles.merge(out, JobSinkSets.DECISIONS, PartFiles.BY_TIME_THEN_LINE);
        PartFiles.merge(out, JobSinkSets.STATION_LOAD, Comparator.naturalOrder());
        PartFiles.merge(out, JobSinkSets.DEAD_LETTERS, PartFiles.BY_SOURCE);
        PartFiles.merge(out, JobSinkSets.LATE_EVENTS, PartFiles.BY_SOURCE);
        PartFiles.merge(out, JobSinkSets.FEED_HEALTH, PartFiles.BY_TIME_THEN_LINE);
    }
}
