package org.metrodispatch.ops;

import org.metrodispatch.contract.cli.CommandLines;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The local tools of {@code metro-dispatch} that need the job and the simulator together. */
@Command(
        name = "metro-dispatch",
        mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.class},
        description = "Local tools that run the simulator and the job together.")
public final class ToolsMain implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(CommandLines.create(new ToolsMain()).execute(args));
    }
}
