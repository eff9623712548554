package org.metrodispatch.ops;

import org.metrodispatch.board.BoardCommand;
import org.metrodispatch.calibration.CalibrateCommand;
import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.ingest.IngestCommand;
import org.metrodispatch.ops.review.ReviewCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operations commands of {@code metro-dispatch} that need the job (and the simulator): {@code
 * demo}, {@code cluster}, {@code deploy}, {@code savepoint}, {@code bench} and {@code review}, run
 * by bin/metro-dispatch with the jobs module's class path.
 */
@Command(
        name = "metro-dispatch",
        mixinStandardHelpOptions = true,
        subcommands = {
            ClusterCommand.class,
            DeployCommand.class,
            SavepointCommand.class,
            BenchCommand.class,
            DemoCommand.class,
            EvaluateCommand.class,
            ReviewCommand.class,
            IngestCommand.class,
            CalibrateCommand.class,
            BoardCommand.class
        },
        description =
                "Run the demo or a local Flink cluster, deploy the job, take savepoints, benchmark,"
                        + " review the decisions, ingest real fare-gate data.")
public final class OpsMain implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(CommandLines.create(new OpsMain()).execute(args));
    }
}
