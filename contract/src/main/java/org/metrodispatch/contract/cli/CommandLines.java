package org.metrodispatch.contract.cli;

import org.metrodispatch.contract.config.ConfigException;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The conventions of every {@code metro-dispatch} command: a mistake in arguments or configuration
 * prints one clear line and exits with 2, never a stack trace; other failures exit with 1.
 */
public final class CommandLines {

    public static final int USER_ERROR = 2;
    public static final int FAILURE = 1;

    /** The launcher's name, the first word of every command line. */
    public static final String LAUNCHER = "metro-dispatch";

    private CommandLines() {}

    /** A command line with the project's error handling. */
    public static CommandLine create(Object command) {
        CommandLine line = new CommandLine(command);
        line.setParameterExceptionHandler(
                (ex, args) -> {
                    CommandLine failed = ex.getCommandLine();
                    PrintWriter err = failed.getErr();
                    err.println(qualifiedName(failed) + ": " + ex.getMessage());
                    err.println("Try '" + qualifiedName(failed) + " --help' for more information.");
                    return USER_ERROR;
                });
        line.setExecutionExceptionHandler(
                (ex, failed, parseResult) -> {
                    PrintWriter err = failed.getErr();
                    if (ex instanceof ConfigException || ex instanceof UserError) {
                        err.println(qualifiedName(failed) + ": " + ex.getMessage());
                        return USER_ERROR;
                    }
                    err.println(qualifiedName(failed) + ": failed: " + describe(ex));
                    if (System.getenv("METRO_DISPATCH_DEBUG") != null) {
                        ex.printStackTrace(err);
                    } else {
                        err.println("(set METRO_DISPATCH_DEBUG=1 to see the stack trace)");
                    }
                    return FAILURE;
                });
        return line;
    }

    private static String describe(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        if (root != ex && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += " (" + root.getMessage() + ")";
        }
        return message;
    }

    private static String qualifiedName(CommandLine line) {
        return line.getCommandSpec().qualifiedName();
    }

    /** Whether progress may be drawn on standard error: a terminal, as the launcher tells. */
    public static boolean stderrIsTerminal() {
        String flag = System.getenv("METRO_DISPATCH_STDERR_TTY");
        if (flag != null) {
            return flag.equals("1");
        }
        return System.console() != null;
    }

    /**
     * The command line as typed, for run records: {@code metro-dispatch simulate --seed 2 ...}. The
     * job's own main is the command {@code job}, so its name is added after the launcher's.
     */
    public static List<String> typedWords(CommandSpec spec) {
        List<String> words = new ArrayList<>();
        words.add(LAUNCHER);
        String root = spec.root().name();
        if (!root.equals(LAUNCHER)) {
            words.add(root);
        }
        ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed != null) {
            words.addAll(parsed.originalArgs());
        }
        return words;
    }
}
