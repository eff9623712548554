package org.metrodispatch.board;

import org.metrodispatch.contract.cli.KafkaPropertiesOption;
import org.metrodispatch.contract.cli.ProjectPaths;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.job.JobSettings;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code metro-dispatch board}: serves the live line board on its own, from a job's Kafka topics or
 * from a run folder (a replay's outputs, a demo's), until stopped.
 */
@Command(
        name = "board",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serve the live line board, a web page: the line's platforms by level of service, the"
                    + " decisions, the empty trains on their way, the spares left and the feeds'"
                    + " health, live from the job's outputs. 'demo' and 'job --kafka' serve it"
                    + " too.",
            "Ctrl-C stops it."
        },
        footer = {
            "",
            "Examples:",
            "  metro-dispatch board --kafka localhost:9092",
            "  metro-dispatch board --run runs/peak/job --run runs/peak"
        })
public final class BoardCommand implements Callable<Integer> {

    @Mixin KafkaPropertiesOption kafkaProperties = new KafkaPropertiesOption();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Kafka or files. */
    static final class Source {
        @Option(
                names = "--kafka",
                paramLabel = "HOST:PORT",
                description = "Read the job's output topics (and the train reports) from Kafka.")
        String kafka;

        @Option(
                names = "--run",
                paramLabel = "DIR",
                description =
                        "Follow the output files of a run folder (repeatable: a replay's outputs"
                                + " and, for the trains' loads, its input).")
        List<Path> runs;
    }

    @Option(
            names = "--network",
            paramLabel = "FILE",
            description = "Network file (default: the job config's).")
    Path networkFile;

    @Option(names = "--port", paramLabel = "PORT", description = LiveBoard.PORT_HELP)
    int port = LiveBoard.DEFAULT_PORT;

    @Override
    public Integer call() throws Exception {
        JobSettings settings = JobSettings.load(ProjectPaths.config("job.yaml"));
        Network network =
                NetworkLoader.load(networkFile != null ? networkFile : settings.networkFile);
        BoardFeed feed;
        if (source.kafka != null) {
            feed = new KafkaFeed(source.kafka, KafkaTopics.load(settings.topicsFile));
        } else {
            List<Path> folders = new ArrayList<>();
            for (Path run : source.runs) {
                if (!Files.isDirectory(run)) {
                    throw new UserError("no folder " + run);
                }
                folders.add(run);
            }
            feed = new FolderFeed(folders);
        }
        try (BoardServer server = LiveBoard.start(port, network, feed)) {
            if (server == null) {
                throw new UserError("--port -1 serves no board: give a port, or 0 for a free one");
            }
            System.err.println(
                    network.name()
                            + ": "
                            + LiveBoard.addresses(server)
                            + ", reading "
                            + feed.describe()
                            + " (Ctrl-C stops it)");
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
