package org.metrodispatch.ops;

import org.metrodispatch.board.BoardServer;
import org.metrodispatch.board.KafkaFeed;
import org.metrodispatch.board.LiveBoard;
import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.gtfsrt.GtfsRealtimeFiles;
import org.metrodispatch.job.CrowdDispatchMain;
import org.metrodispatch.job.JobSettings;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code metro-dispatch job}: the job's own command line ({@link CrowdDispatchMain}), run locally
 * with the operations tools beside it: on Kafka, the live line board reads the job's output topics;
 * a replay also gets its GTFS-Realtime files. They stay out of the job jar; bin/metro-dispatch runs
 * this class.
 */
public final class LocalJobMain {

    private LocalJobMain() {}

    /**
     * The operations tools beside a local run: on Kafka the line board (its flag added to the
     * job's), after a replay the GTFS-Realtime files.
     */
    static final class BesideTheJob implements CrowdDispatchMain.LocalCompanion {

        @Option(names = "--board-port", paramLabel = "PORT", description = LiveBoard.PORT_HELP)
        int port = LiveBoard.DEFAULT_PORT;

        private BoardServer server;

        @Override
        public String start(JobSettings settings, KafkaTopics topics, Network network)
                throws IOException {
            server =
                    LiveBoard.start(
                            port, network, new KafkaFeed(settings.bootstrapServers, topics));
            return server == null ? "" : ", " + LiveBoard.addresses(server);
        }

        @Override
        public String replayed(Network network, Path input, Path out) throws IOException {
            int feeds = GtfsRealtimeFiles.write(network, input, out);
            return "GTFS-Realtime feeds after each decision that sent or stood down an empty train: "
                    + feeds
                    + " in "
                    + out.resolve(GtfsRealtimeFiles.FOLDER);
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }

    /** The job's command line with the tools beside it. */
    public static CommandLine commandLine() {
        CrowdDispatchMain job = new CrowdDispatchMain();
        BesideTheJob tools = new BesideTheJob();
        CommandLine line = CommandLines.create(job);
        line.addMixin("board", tools);
        job.alongside(tools);
        return line;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
