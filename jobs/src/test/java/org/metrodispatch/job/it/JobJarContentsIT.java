package org.metrodispatch.job.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded job jar holds the job and what it needs at runtime on a cluster, nothing else: no
 * operations tools, no evaluation, no simulator, no broker, and none of what Flink provides.
 */
class JobJarContentsIT {

    /** The project's own packages that belong in the job jar. */
    private static final List<String> JOB_PACKAGES =
            List.of(
                    "org/metrodispatch/job/",
                    "org/metrodispatch/dispatch/",
                    "org/metrodispatch/contract/");

    /** What a cluster provides, or what only the tools and tests use. */
    private static final List<String> FOREIGN_PREFIXES =
            List.of(
                    "org/metrodispatch/ops/",
                    "org/metrodispatch/evaluation/",
                    "org/metrodispatch/simulator/",
                    "kafka/",
                    "scala/",
                    "org/apache/flink/runtime/",
                    "org/apache/flink/client/",
                    "org/apache/flink/api/common/",
                    "org/apache/logging/log4j/",
                    "org/slf4j/",
                    "org/junit/");

    private static List<String> entries;

    @BeforeAll
    static void listTheJar() throws IOException {
        entries = new ArrayList<>();
        try (ZipFile jar = new ZipFile(jobJar().toFile())) {
            Enumeration<? extends ZipEntry> all = jar.entries();
            while (all.hasMoreElements()) {
                entries.add(all.nextElement().getName());
            }
        }
    }

    @Test
    void holdsTheJobAndItsMain() {
        assertThat(entries)
                .contains(
                        "org/metrodispatch/job/CrowdDispatchMain.class",
                        "org/metrodispatch/job/CrowdDispatchJob.class",
                        "org/metrodispatch/dispatch/DispatchPlanner.class",
                        "config/job.yaml");
    }

    @Test
    void ownClassesAreOnlyTheJobsAndTheContracts() {
        assertThat(entries)
                .filteredOn(
                        name -> name.startsWith("org/metrodispatch/") && name.endsWith(".class"))
                .allSatisfy(
                        name ->
                                assertThat(JOB_PACKAGES)
                                        .as("package of %s", name)
                                        .anySatisfy(prefix -> assertThat(name).startsWith(prefix)));
    }

    @Test
    void noToolsNoBrokerNothingTheClusterProvides() {
        List<String> foreign = new ArrayList<>();
        for (String name : entries) {
            for (String prefix : FOREIGN_PREFIXES) {
                if (name.startsWith(prefix) && name.endsWith(".class")) {
                    foreign.add(name);
                }
            }
        }
        assertThat(foreign).isEmpty();
    }

    private static Path jobJar() throws IOException {
        try (DirectoryStream<Path> jars =
                Files.newDirectoryStream(Path.of("target"), "metro-dispatch-jobs-*-job.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IllegalStateException("no job jar in target/: the package phase makes it");
    }
}
