package org.metrodispatch.ops.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real standalone Flink cluster (1 JobManager and 2 TaskManagers as processes) and a Kafka broker
 * for one test class: the {@link ClusterScenario} is prepared and started once before the class's
 * tests and stopped after them, in a folder of its own. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final StandaloneClusterExtension CLUSTER = new StandaloneClusterExtension();
 * }</pre>
 */
final class StandaloneClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private Path dir;
    private ClusterScenario scenario;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory(context.getRequiredTestClass().getSimpleName() + "-");
        scenario = ClusterScenario.start(dir);
        scenario.startBrokerAndCluster();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (scenario != null) {
                scenario.close();
            }
        } finally {
            scenario = null;
            if (dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    /** The running scenario: broker, cluster and the reference replay's recommendations. */
    ClusterScenario scenario() {
        if (scenario == null) {
            throw new IllegalStateException("the cluster runs only while a test class runs");
        }
        return scenario;
    }

    private static void deleteQuietly(Path root) {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            return;
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // A leftover file in the temp folder is harmless.
            }
        }
    }
}
