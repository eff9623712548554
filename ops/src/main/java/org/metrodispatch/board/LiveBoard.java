package org.metrodispatch.board;

import org.metrodispatch.contract.cli.LoopbackPorts;
import org.metrodispatch.contract.network.Network;

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
        return BoardServer.start(chosen, new LineBoard(network), feed);
    }
}
