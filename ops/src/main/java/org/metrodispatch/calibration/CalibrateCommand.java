package org.metrodispatch.calibration;

import org.metrodispatch.contract.cli.ProjectPaths;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.config.YamlFiles;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.dispatch.FlowProfile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code metro-dispatch calibrate}: learns the job's flow profile from past days of the feeds. */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Learn what the job assumes of each station's riders from past days of the feeds: the"
                    + " share of entries riding each way, the share of a train's load getting off,"
                    + " and typical loads, per station and time of day. Writes a profile that"
                    + " config/job.yaml names under 'profile:'.",
            "Learns from card ids (an entry and the next exit of a card is a trip) when most taps"
                    + " carry one, else from train loads and exits. States its accuracy: each day"
                    + " left out in turn. On 2 cores three simulated full days (6.5 million records) take about 30 s."
        })
public final class CalibrateCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "RUN_DIR",
            arity = "1..*",
            description =
                    "Folders of past days (what simulate --out or ingest --out wrote); a folder may"
                            + " hold several days.")
    List<Path> folders;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "The profile to write, e.g. config/profiles/<network>-weekday.yaml.")
    Path out;

    @Option(
            names = "--network",
            paramLabel = "FILE",
            description =
                    "The network the days are from (default: the network of config/job.yaml).")
    Path networkFile;

    @Option(
            names = "--method",
            paramLabel = "auto|card-pairs|train-loads",
            description = "How to learn directions and alighting (default: auto).")
    String method = Calibration.AUTO;

    @Option(
            names = "--slot-minutes",
            paramLabel = "N",
            description = "Length of a time-of-day slot (default: 15).")
    int slotMinutes = 15;

    @Option(
            names = "--max-invalid-share",
            paramLabel = "SHARE",
            description =
                    "Fail when more than this share of the records do not parse (default: 0.5).")
    double maxInvalidShare = 0.5;

    @Option(names = "--force", description = "Replace FILE when it exists.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (slotMinutes < 1 || slotMinutes > 24 * 60) {
            throw new UserError("--slot-minutes must be between 1 and 1440");
        }
        if (!(maxInvalidShare >= 0 && maxInvalidShare <= 1)) {
            throw new UserError("--max-invalid-share must be between 0 and 1");
        }
        if (Files.exists(out) && !force) {
            throw new UserError(out + " exists; --force replaces it");
        }
        Path network =
                networkFile != null
                        ? networkFile
                        : YamlFiles.load(ProjectPaths.config("job.yaml")).filePath("network");
        Network net = NetworkLoader.load(network);
        Calibration.Result result =
                Calibration.learn(net, folders, method, slotMinutes * 60, maxInvalidShare);
        FlowProfile profile = result.profile();
        profile.write(out, header(network, profile));
        System.out.print(summary(result));
        System.out.printf(
                Locale.ROOT, "Profile: %s (name it in config/job.yaml: profile: ...)%n", out);
        return 0;
    }

    private String header(Path network, FlowProfile profile) {
        return String.join(
                "\n",
                "Flow profile of network '"
                        + profile.networkId()
                        + "', learned by metro-dispatch calibrate",
                "from "
                        + profile.learnedFrom().size()
                        + " day(s) of the feeds ("
                        + profile.method()
                        + ").",
                "The job reads it (config/job.yaml, profile:); see docs/calibration.md for every key.",
                "Regenerate: metro-dispatch calibrate --network "
                        + network
                        + " --method "
                        + profile.method()
                        + " --out "
                        + out
                        + " --force "
                        + String.join(" ", folders.stream().map(Path::toString).toList()));
    }

    static String summary(Calibration.Result result) {
        FlowProfile profile = result.profile();
        StringBuilder text = new StringBuilder();
        text.append(
                String.format(
                        Locale.ROOT,
                        "Read %,d records: %,d did not parse, %,d duplicates, %,d of other stations.%n",
                        result.records(),
                        result.invalid(),
                        result.duplicates(),
                        result.otherStations()));
        text.append(
                String.format(
                        Locale.ROOT,
                        "Learned from %d day(s) by %s:%n",
                        profile.learnedFrom().size(),
                        profile.method()));
        for (String day : profile.learnedFrom()) {
            text.append("  ").append(day).append('\n');
        }
        if (!profile.accuracy().containsKey("heldOutDirectionShareError")) {
            text.append(
                    "Accuracy: one day only, so none held out; give more days to measure it.\n");
        }
        for (Map.Entry<String, Double> e : profile.accuracy().entrySet()) {
            text.append(String.format(Locale.ROOT, "  %-34s %.4f%n", e.getKey(), e.getValue()));
        }
        return text.toString();
    }
}
