package org.metrodispatch.ops;

import org.metrodispatch.board.BoardServer;
import org.metrodispatch.board.KafkaFeed;
import org.metrodispatch.board.LiveBoard;
import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.job.CrowdDispatchMain;
import org.metrodispatch.job.JobSettings;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;

/**
 * {@code metro-dispatch job}: the job's own command line ({@link CrowdDispatchMain}), run locally
 * with the operations tools beside it: on Kafka, the live line board reads the job's output topics.
 * The board stays out of the job jar; bin/metro-dispatch runs this class.
 */
public final class LocalJobMain {

    private LocalJobMain() {}

    /** The board's flag, added to the job's. */
    static final class BoardOption implements CrowdDispatchMain.LocalCompanion {

        @Option(names = "--board-port", paramLabel = "PORT", description = LiveBoard.PORT_HELP)
        int port = LiveBoard.DEFAULT_PORT;

        private BoardServer server;

        @Override
        public String start(JobSettings settings, KafkaTopics topics, Network network)
                throws IOException {
            server =
                    LiveBoard.start(
                            port, network, new KafkaFeed(settings.bootstrapServers, topics));
            return server == null ? "" : ", line board at " + server.address();
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }

    public static void main(String[] args) {
        CrowdDispatchMain job = new CrowdDispatchMain();
        BoardOption board = new BoardOption();
        CommandLine line = CommandLines.create(job);
        line.addMixin("board", board);
        job.alongside(board);
        System.exit(line.execute(args));
    }
}
