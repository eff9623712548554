package org.metrodispatch.job;

import org.metrodispatch.contract.cli.UserError;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The default configuration inside the job jar: where the job runs without the project folder (a
 * Flink cluster, a Kubernetes pod), it is unpacked to a temporary folder and read from there.
 */
final class BundledConfig {

    private static final String JOB_FILE = "/config/job.yaml";

    private BundledConfig() {}

    /** Unpacks the bundled config folder and returns its job.yaml. */
    static Path extract() throws IOException {
        URL resource = BundledConfig.class.getResource(JOB_FILE);
        if (resource == null) {
            throw new UserError("no config/job.yaml here and none bundled; give one with --config");
        }
        Path target = Files.createTempDirectory("metro-dispatch-config");
        try {
            URI uri = resource.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    copyTree(jar.getPath("/config"), target);
                }
            } else {
                copyTree(Path.of(uri).getParent(), target);
            }
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the bundled configuration", e);
        }
        return target.resolve("job.yaml");
    }

    private static void copyTree(Path source, Path target) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        for (Path file : files) {
            Path destination = target.resolve(source.relativize(file).toString());
            Files.createDirectories(destination.getParent());
            Files.copy(file, destination);
        }
    }
}
