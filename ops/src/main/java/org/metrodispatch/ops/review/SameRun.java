package org.metrodispatch.ops.review;

import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.run.RunRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a decision log and a ground truth belong to the same run, by the run records of their
 * folders: the run a replay read (or the run that made both, a demo) against the run that wrote the
 * ground truth. Pairing the decisions of one run with the ground truth of another tells a false
 * story, so that is refused; folders from before run records are only warned about.
 */
final class SameRun {

    private SameRun() {}

    /**
     * Checks the pair.
     *
     * @return warnings: what could not be checked, and why
     * @throws UserError when the two are of different runs
     */
    static List<String> check(Path decisionLog, Path groundTruth) {
        List<String> warnings = new ArrayList<>();
        Optional<RunRecord> decisions = record(folder(decisionLog), "decision log", warnings);
        Optional<RunRecord> truth = record(folder(groundTruth), "ground truth", warnings);
        if (decisions.isEmpty() || truth.isEmpty()) {
            return warnings;
        }
        String decided = decisions.get().eventsRunId();
        if (decided == null) {
            warnings.add(
                    decisions.get().folder().resolve(RunRecord.FILE)
                            + " names no input run (its input "
                            + decisions.get().input().folder()
                            + " had no run.json): cannot check that the decisions and the ground"
                            + " truth are of the same run");
            return warnings;
        }
        String truthRun = truth.get().runId();
        if (!decided.equals(truthRun)) {
            RunRecord.InputRun input = decisions.get().input();
            throw new UserError(
                    "the decisions "
                            + decisionLog
                            + " are of run "
                            + decided
                            + (input != null ? " (replayed from " + input.folder() + ")" : "")
                            + ", but the ground truth "
                            + groundTruth
                            + " is of run "
                            + truthRun
                            + ": not the same run; "
                            + (input != null
                                    ? "replay it again (metro-dispatch job --input "
                                            + truth.get().folder()
                                            + " --out "
                                            + decisions.get().folder()
                                            + "), or "
                                    : "")
                            + "give the ground truth of "
                            + decided
                            + " with --ground-truth FILE");
        }
        return warnings;
    }

    private static Path folder(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    private static Optional<RunRecord> record(Path folder, String what, List<String> warnings) {
        try {
            Optional<RunRecord> record = RunRecord.read(folder);
            if (record.isEmpty()) {
                warnings.add(
                        "no "
                                + RunRecord.FILE
                                + " next to the "
                                + what
                                + " (in "
                                + folder
                                + "; a folder from before run records): cannot check that the"
                                + " decisions and the ground truth are of the same run");
            }
            return record;
        } catch (IOException e) {
            warnings.add(
                    e.getMessage()
                            + ": cannot check that the decisions and the ground truth are of the"
                            + " same run");
            return Optional.empty();
        }
    }
}
