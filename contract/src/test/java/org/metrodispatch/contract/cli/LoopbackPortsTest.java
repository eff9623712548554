package org.metrodispatch.contract.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoopbackPortsTest {

    @Test
    void aFreePortCanBeListenedOn() throws IOException {
        int port = LoopbackPorts.free();
        assertThat(LoopbackPorts.requireFree(port, "the web UI", "choose another")).isEqualTo(port);
    }

    @Test
    void aTakenPortIsAUserErrorWithTheHint() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(
                            () ->
                                    LoopbackPorts.requireFree(
                                            port, "the web UI", "choose another with --ui-port"))
                    .isInstanceOf(UserError.class)
                    .hasMessage(
                            "port "
                                    + port
                                    + " for the web UI is already in use; choose another with"
                                    + " --ui-port");
        }
    }

    @Test
    void zeroChoosesAFreePortAndAnyOtherMustBeFree() throws IOException {
        assertThat(LoopbackPorts.chosen(0, "the metrics", "x")).isPositive();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> LoopbackPorts.chosen(port, "the metrics", "x"))
                    .isInstanceOf(UserError.class);
        }
    }

    @Test
    void aNegativeOptionalPortIsNoPort() throws IOException {
        assertThat(LoopbackPorts.optional(-1, "the metrics", "x")).isEqualTo(LoopbackPorts.NONE);
        assertThat(LoopbackPorts.optional(0, "the metrics", "x")).isPositive();
    }

    @Test
    void aPortOutOfRangeIsAUserError() {
        assertThatThrownBy(() -> LoopbackPorts.requireFree(70_000, "the broker", "x"))
                .isInstanceOf(UserError.class)
                .hasMessage("port 70000 for the broker must be between 1 and 65535");
    }
}
