package org.metrodispatch.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * Pid files of the cluster's processes. A pid is only trusted while the process lives and its
 * command line carries the cluster's marker: a pid reused by another program is never signalled.
 */
final class PidFiles {

    private PidFiles() {}

    static void write(Path file, long pid) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(pid) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The live process of this cluster the pid file names, if any. */
    static Optional<ProcessHandle> alive(Path file, String marker) {
        return read(file).flatMap(pid -> ownProcess(pid, marker));
    }

    static Optional<Long> read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            return Optional.of(
                    Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The process with that pid, if it is alive and one of this cluster's. */
    static Optional<ProcessHandle> ownProcess(long pid, String marker) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> carriesMarker(process.info(), marker));
    }

    /**
     * Java gives no argument list when the command line exceeds a page (a long class path), but
     * still the command line's start: the marker is always among the first arguments.
     */
    private static boolean carriesMarker(ProcessHandle.Info info, String marker) {
        if (info.arguments().isPresent()) {
            return Arrays.asList(info.arguments().get()).contains(marker);
        }
        return info.commandLine().map(line -> line.contains(" " + marker + " ")).orElse(false);
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A stale pid file is harmless: its pid is checked before use.
        }
    }
}
