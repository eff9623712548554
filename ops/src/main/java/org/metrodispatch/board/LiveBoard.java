package org.metrodispatch.board;

import org.metrodispatch.contract.cli.LoopbackPorts;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.gtfsrt.GtfsRealtimeHandler;

import java.io.IOException;

/**
 * Starts the live line board for the commands that serve one: {@code demo}, {@code job}, {@code
 * board}.
 */
public final class LiveBoard {

    /** The board's port unless told otherwise. */
    public static final int DEFAULT_PORT = 8090;

    /** The flag's help, the same for every command. */
    public static final String PORT_HELP =
            "Port of the live line board, a web page (default: "
                    + DEFAULT_PORT
                    + "; 0 takes a free one, -1 serves none).";

    private LiveBoard() {}

    /** Where a board serves what, for people: its page and its GTFS-Realtime feed. */
    public static String addresses(BoardServer server) {
        return "line board at "
                + server.address()
                + " (GTFS-Realtime at "
                + server.address()
                + GtfsRealtimeHandler.PATH.substring(1)
                + ")";
    }

    /**
     * Serves the board of {@code network} from {@code feed} on {@code port} (0 a free one); null
     * when the port is {@link LoopbackPorts#NONE} (the feed is closed then).
     */
    public static BoardServer start(int port, Network network, BoardFeed feed) throws IOException {
        int chosen =
                LoopbackPorts.optional(port, "the line board", "choose another with --board-port");
        if (chosen == LoopbackPorts.NONE) {
            feed.close();
            return null;
        }
        LineBoard board = new LineBoard(network);
        return BoardServer.start(chosen, board, feed)
                .serve(GtfsRealtimeHandler.PATH, new GtfsRealtimeHandler(board));
    }
}
