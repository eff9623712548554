package org.metrodispatch.ops.review;

import org.metrodispatch.contract.cli.ProjectPaths;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.truth.EpisodeRules;
import org.metrodispatch.contract.truth.GroundTruth;
import org.metrodispatch.contract.truth.Platform;
import org.metrodispatch.job.JobSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code metro-dispatch review explain ID}: the full story of one episode. */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "The full story of one crowding episode (a recommendation id, or the start of one): the"
                    + " evidence that raised it and the job's windows before it, what followed"
                    + " (updates, more empty trains, clearing) and, with the simulator's ground truth"
                    + " of the same run, what really happened on that platform from 10 minutes"
                    + " before to 10 minutes after: when it was crowded by the evaluation's definition, peak"
                    + " waiting, worst density and level of service, every departure and whom it"
                    + " left behind.",
            "The ground truth and the station load are found next to the decision log (its folder"
                    + " or the one above: a run folder), or given.",
            "The decisions and the ground truth must be of the same run: the run.json of their"
                    + " folders say which run each is (without one, a warning)."
        },
        footer = {
            "",
            "Examples:",
            "  metro-dispatch review explain nijiaqiao-southbound --decisions runs/peak",
            "  metro-dispatch review explain nijiaqiao-southbound-20260304-080530 \\",
            "      --kafka localhost:9092 --ground-truth runs/peak/ground-truth.jsonl"
        })
public final class ExplainCommand implements Callable<Integer> {

    static final String GROUND_TRUTH_FILE = "ground-truth.jsonl";
    static final String STATION_LOAD_FILE = "station-load.jsonl";

    @Parameters(
            index = "0",
            paramLabel = "ID",
            description = "The recommendation id, or its start when that is unique.")
    String id;

    @Mixin DecisionSource source = new DecisionSource();

    @Option(
            names = "--ground-truth",
            paramLabel = "FILE",
            description =
                    "The simulator's ground-truth file of the same run (default: ground-truth.jsonl"
                            + " next to the decision log or in the folder above).")
    Path groundTruth;

    @Option(
            names = "--station-load",
            paramLabel = "FILE",
            description = "The job's station load (default: station-load.jsonl next to the log).")
    Path stationLoad;

    @Option(
            names = "--job-config",
            paramLabel = "FILE",
            description =
                    "The job configuration, for how long the job waits for calm before it clears"
                            + " (default: config/job.yaml).")
    Path jobConfig;

    @Option(
            names = "--evaluation-config",
            paramLabel = "FILE",
            description =
                    "The evaluation settings whose episode definition judges the ground truth, as"
                            + " evaluate does (default: config/evaluation.yaml).")
    Path evaluationConfig;

    @ParentCommand ReviewCommand parent;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DecisionSource from = DecisionSource.either(source, parent == null ? null : parent.source);
        DecisionLogReader.Batch batch = from.read();
        for (String note : batch.notes()) {
            err.println(spec.qualifiedName() + ": " + from.describe() + ": " + note);
        }
        for (LogProblem problem : batch.problems()) {
            err.println(
                    spec.qualifiedName() + ": " + from.describe() + ": " + problem + " (skipped)");
        }
        Timeline timeline = Timeline.of(batch.decisions());
        Timeline.Episode episode = find(timeline, from);
        Explainer.Windows windows = null;
        Path loadFile = stationLoad != null ? stationLoad : near(from, STATION_LOAD_FILE, false);
        if (loadFile != null) {
            requireFile(loadFile, "--station-load");
            windows =
                    new Explainer.Windows(
                            loadFile.toString(),
                            PlatformWindows.read(
                                    loadFile, episode.stationId(), episode.direction()));
        }
        Explainer.Truth truth = null;
        Path truthFile = groundTruth != null ? groundTruth : near(from, GROUND_TRUTH_FILE, true);
        if (truthFile != null) {
            requireFile(truthFile, "--ground-truth");
            if (!from.isKafka()) {
                // The topic has no run record; a decision log's folder has one since run records.
                for (String warning : SameRun.check(from.file(), truthFile)) {
                    err.println(spec.qualifiedName() + ": warning: " + warning);
                }
            }
            JobSettings settings =
                    JobSettings.load(
                            jobConfig != null ? jobConfig : ProjectPaths.config("job.yaml"));
            EpisodeRules rules =
                    EpisodeRules.load(
                            evaluationConfig != null
                                    ? evaluationConfig
                                    : ProjectPaths.config("evaluation.yaml"));
            truth =
                    new Explainer.Truth(
                            truthFile.toString(),
                            GroundTruth.readPlatform(
                                    truthFile,
                                    new Platform(episode.stationId(), episode.direction())),
                            rules,
                            settings.detection.clearHoldMillis());
        }
        Explainer.explain(episode, timeline.logEnd(), windows, truth, out);
        if (truth == null) {
            out.println();
            out.println(
                    "No ground truth to compare with: give the simulator's ground-truth.jsonl of"
                            + " the same run with --ground-truth FILE.");
        }
        out.flush();
        return 0;
    }

    private Timeline.Episode find(Timeline timeline, DecisionSource from) {
        Optional<Timeline.Episode> exact = timeline.episode(id);
        if (exact.isPresent()) {
            return exact.get();
        }
        List<String> ids = timeline.episodeIdsStartingWith(id);
        if (ids.size() == 1) {
            return timeline.episode(ids.get(0)).orElseThrow();
        }
        if (ids.isEmpty()) {
            List<String> all = new ArrayList<>();
            for (Timeline.Episode e : timeline.episodes()) {
                all.add(e.id());
            }
            throw new UserError(
                    "no episode '"
                            + id
                            + "' in "
                            + from.describe()
                            + (all.isEmpty()
                                    ? " (it has no decisions)"
                                    : "; its episodes: " + abbreviated(all)));
        }
        throw new UserError("'" + id + "' is the start of several episodes: " + abbreviated(ids));
    }

    private static String abbreviated(List<String> ids) {
        int shown = Math.min(ids.size(), 8);
        String list = String.join(", ", ids.subList(0, shown));
        return ids.size() > shown ? list + " and " + (ids.size() - shown) + " more" : list;
    }

    /** A run file next to the decision log, or (when allowed) in the folder above. */
    private static Path near(DecisionSource from, String name, boolean alsoAbove) {
        Optional<Path> folder = from.folder();
        if (folder.isEmpty()) {
            return null;
        }
        Path here = folder.get().resolve(name);
        if (Files.isRegularFile(here)) {
            return here;
        }
        Path parent = folder.get().getParent();
        if (parent == null) {
            parent = Path.of("..");
        }
        if (alsoAbove && parent != null && Files.isRegularFile(parent.resolve(name))) {
            return parent.resolve(name);
        }
        return null;
    }

    private static void requireFile(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(option + ": no file " + file);
        }
    }
}
