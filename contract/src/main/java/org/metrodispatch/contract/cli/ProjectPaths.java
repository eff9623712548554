package org.metrodispatch.contract.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's own files are. The launcher {@code bin/metro-dispatch} sets {@code
 * METRO_DISPATCH_HOME}; paths a user types stay relative to the folder they work in.
 */
public final class ProjectPaths {

    private ProjectPaths() {}

    /** The project folder: as the launcher says, else the nearest folder up that has config/. */
    public static Path home() {
        String home = System.getenv("METRO_DISPATCH_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config").resolve("kafka.yaml"))) {
                return dir;
            }
        }
        return here;
    }

    public static Path config(String relative) {
        return home().resolve("config").resolve(relative);
    }
}
