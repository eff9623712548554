package org.metrodispatch.simulator.kafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link LocalKafkaBroker} in the foreground until the process is told to stop: the process
 * that {@code metro-dispatch kafka start} launches in the background.
 *
 * <p>Arguments: {@code DATA_DIR PORT CONTROLLER_PORT}.
 */
public final class LocalKafkaBrokerMain {

    private LocalKafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LocalKafkaBrokerMain DATA_DIR PORT CONTROLLER_PORT");
            System.exit(2);
        }
        LocalKafkaBroker broker =
                LocalKafkaBroker.start(
                        Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    broker.close();
                                    stopped.countDown();
                                },
                                "kafka-broker-shutdown"));
        System.out.println("broker listening on " + broker.bootstrapServers());
        stopped.await();
    }
}
