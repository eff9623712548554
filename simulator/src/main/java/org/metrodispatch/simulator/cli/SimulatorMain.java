package org.metrodispatch.simulator.cli;

import org.metrodispatch.contract.cli.CommandLines;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The simulator's commands of {@code metro-dispatch}: {@code simulate} and {@code kafka}. */
@Command(
        name = "metro-dispatch",
        mixinStandardHelpOptions = true,
        subcommands = {SimulateCommand.class, KafkaCommand.class},
        description = "Simulate metro passenger flow and run a local Kafka broker.")
public final class SimulatorMain implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(CommandLines.create(new SimulatorMain()).execute(args));
    }
}
