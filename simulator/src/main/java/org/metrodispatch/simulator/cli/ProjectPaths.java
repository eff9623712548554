package org.metrodispatch.simulator.cli;

import java.nio.file.Path;

/**
 * Where the project's own files are. The launcher {@code bin/metro-dispatch} sets {@code
 * METRO_DISPATCH_HOME}; paths a user types stay relative to the folder they work in.
 */
public final class ProjectPaths {

    private ProjectPaths() {}

    public static Path home() {
        String home = System.getenv("METRO_DISPATCH_HOME");
        return home == null || home.isBlank() ? Path.of("").toAbsolutePath() : Path.of(home);
    }

    public static Path config(String relative) {
        return home().resolve("config").resolve(relative);
    }
}
