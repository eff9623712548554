package org.metrodispatch.calibration;

import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.dispatch.FlowProfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Learns a flow profile from run folders of past days: reads them, chooses how to learn directions
 * (card pairs when most taps carry a card id, else train loads), and fails with a clear message
 * when the history cannot support a profile.
 */
public final class Calibration {

    public static final String AUTO = "auto";
    public static final Set<String> METHODS =
            Set.of(AUTO, FlowProfile.CARD_PAIRS, FlowProfile.TRAIN_LOADS);

    /** What a calibration read and learned. */
    public record Result(
            FlowProfile profile,
            long records,
            long invalid,
            long duplicates,
            long otherStations,
            String firstProblem) {}

    private Calibration() {}

    /**
     * Learns from the folders.
     *
     * @param maxInvalidShare above this share of records that do not parse, nothing is learned
     */
    public static Result learn(
            Network network,
            List<Path> folders,
            String method,
            int slotSeconds,
            double maxInvalidShare)
            throws IOException {
        if (!METHODS.contains(method)) {
            throw new UserError("--method must be one of auto, card-pairs, train-loads");
        }
        FeedHistory history = new FeedHistory(network, slotSeconds);
        for (Path folder : folders) {
            history.readFolder(folder);
        }
        if (history.records > 0 && history.invalid > maxInvalidShare * history.records) {
            throw new UserError(
                    String.format(
                            Locale.ROOT,
                            "%d of %d records do not parse (more than %.0f %%); first: %s",
                            history.invalid,
                            history.records,
                            100 * maxInvalidShare,
                            history.firstProblem));
        }
        List<DayFlows> days = history.days();
        if (days.isEmpty() || history.accepted() == 0) {
            throw new UserError(
                    "no record of network '"
                            + network.id()
                            + "' in "
                            + folders
                            + " ("
                            + history.otherStations
                            + " of other stations): is it the right network?");
        }
        String chosen = choose(method, days);
        FlowProfile profile =
                new ProfileLearner(network, slotSeconds)
                        .learn(days, chosen, days.stream().map(DayFlows::describe).toList());
        return new Result(
                profile,
                history.records,
                history.invalid,
                history.duplicates,
                history.otherStations,
                history.firstProblem);
    }

    private static String choose(String method, List<DayFlows> days) {
        boolean cards = ProfileLearner.cardsCover(days);
        boolean trains = ProfileLearner.trainsCover(days);
        return switch (method) {
            case FlowProfile.CARD_PAIRS -> {
                if (!cards) {
                    throw new UserError(
                            "--method card-pairs: fewer than half of the taps carry a card id");
                }
                yield method;
            }
            case FlowProfile.TRAIN_LOADS -> {
                if (!trains) {
                    throw new UserError(
                            "--method train-loads: the history holds no train arriving and leaving"
                                    + " a station");
                }
                yield method;
            }
            default -> {
                if (cards) {
                    yield FlowProfile.CARD_PAIRS;
                }
                if (trains) {
                    yield FlowProfile.TRAIN_LOADS;
                }
                throw new UserError(
                        "the history has neither card ids on its taps nor train loads: nothing"
                                + " says which way riders go (the job's network-only shares are"
                                + " all there is)");
            }
        };
    }
}
