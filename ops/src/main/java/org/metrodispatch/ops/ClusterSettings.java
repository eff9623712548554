package org.metrodispatch.ops;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * What a started cluster is: its ports and size, written to {@code cluster.properties} by {@code
 * cluster start} and read by the supervisor and the other commands.
 */
public final class ClusterSettings {

    /** Port of the REST API and web UI. */
    public final int restPort;

    /** Port of the JobManager's RPC endpoint, where TaskManagers register. */
    public final int rpcPort;

    /** TaskManagers to keep running. */
    public final int taskManagers;

    /**
     * A process whose end ends the cluster (tests pass their own JVM, so that nothing outlives
     * them); none for a cluster started from the command line.
     */
    public final OptionalLong ownerPid;

    public ClusterSettings(int restPort, int rpcPort, int taskManagers, OptionalLong ownerPid) {
        this.restPort = restPort;
        this.rpcPort = rpcPort;
        this.taskManagers = taskManagers;
        this.ownerPid = ownerPid;
    }

    /** The REST API's base address, e.g. {@code http://localhost:8081}. */
    public String restUrl() {
        return "http://localhost:" + restPort;
    }

    void save(Path file) throws IOException {
        Properties props = new Properties();
        props.setProperty("rest.port", Integer.toString(restPort));
        props.setProperty("rpc.port", Integer.toString(rpcPort));
        props.setProperty("taskmanagers", Integer.toString(taskManagers));
        ownerPid.ifPresent(pid -> props.setProperty("owner.pid", Long.toString(pid)));
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, "written by 'metro-dispatch cluster start'");
        }
    }

    /** The settings of the cluster last started in that folder, if any. */
    static Optional<ClusterSettings> load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        try {
            String owner = props.getProperty("owner.pid");
            return Optional.of(
                    new ClusterSettings(
                            Integer.parseInt(props.getProperty("rest.port")),
                            Integer.parseInt(props.getProperty("rpc.port")),
                            Integer.parseInt(props.getProperty("taskmanagers")),
                            owner == null
                                    ? OptionalLong.empty()
                                    : OptionalLong.of(Long.parseLong(owner))));
        } catch (NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
