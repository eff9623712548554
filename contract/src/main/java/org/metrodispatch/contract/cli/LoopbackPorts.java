package org.metrodispatch.contract.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on the loopback interface for the servers the commands start (Kafka, Flink web UI). */
public final class LoopbackPorts {

    private LoopbackPorts() {}

    /** A port nothing listens on now. */
    public static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The value of a port flag that can turn its server off: no port. */
    public static final int NONE = -1;

    /** A port flag's value: 0 takes a free port, any other must be free ({@link #requireFree}). */
    public static int chosen(int port, String what, String hint) throws IOException {
        return port == 0 ? free() : requireFree(port, what, hint);
    }

    /** As {@link #chosen}, for a flag where a negative value means no server: {@link #NONE}. */
    public static int optional(int port, String what, String hint) throws IOException {
        return port < 0 ? NONE : chosen(port, what, hint);
    }

    /**
     * The port, when nothing listens on it; otherwise a {@link UserError} saying that it is taken
     * by something else and what to do.
     *
     * @param what what the port is for, for the message ("the web UI")
     * @param hint what the user can do instead ("choose another with --ui-port")
     */
    public static int requireFree(int port, String what, String hint) {
        if (port < 1 || port > 65_535) {
            throw new UserError("port " + port + " for " + what + " must be between 1 and 65535");
        }
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UserError("port " + port + " for " + what + " is already in use; " + hint);
        }
    }
}
