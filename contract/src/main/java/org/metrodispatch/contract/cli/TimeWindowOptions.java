package org.metrodispatch.contract.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code --from HH:MM} and {@code --to HH:MM} options: a part of the day, for commands to mix
 * in with {@code @Mixin}. Each command words the two options its own way (a simulated window, a
 * filter): the help texts are in {@code TimeWindowOptions.properties}, keyed by the command's name.
 */
@Command(resourceBundle = "org.metrodispatch.contract.cli.TimeWindowOptions")
public final class TimeWindowOptions {

    @Option(
            names = "--from",
            paramLabel = "HH:MM",
            converter = TimeOfDay.class,
            descriptionKey = "window.from",
            description = "Start of the time window.")
    Integer from;

    @Option(
            names = "--to",
            paramLabel = "HH:MM",
            converter = TimeOfDay.class,
            descriptionKey = "window.to",
            description = "End of the time window.")
    Integer to;

    /** A part of the day, in seconds of the day: from inclusive, to exclusive. */
    public record Window(int fromSecond, int toSecond) {}

    /** Whether --from or --to was given. */
    public boolean given() {
        return from != null || to != null;
    }

    /** --from, or the default when it was not given. */
    public int fromOr(int defaultSecond) {
        return from != null ? from : defaultSecond;
    }

    /** --to, or the default when it was not given. */
    public int toOr(int defaultSecond) {
        return to != null ? to : defaultSecond;
    }

    /**
     * The window the options ask for, the defaults where one was not given.
     *
     * @throws UserError when --to is not after --from
     */
    public Window window(int defaultFrom, int defaultTo) {
        Window window = new Window(fromOr(defaultFrom), toOr(defaultTo));
        if (window.toSecond() <= window.fromSecond()) {
            throw new UserError("--to must be after --from");
        }
        return window;
    }
}
