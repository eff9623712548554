package org.metrodispatch.contract.run;

import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.config.YamlFiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The record of one run, {@code run.json} in its run folder: what ran (command line, scenario and
 * seed or source, network, the SHA-256 of every file it read, the project version), when (start and
 * end, wall clock, ISO-8601) and how it ended (status, exit code, summary counts).
 *
 * <p>A command writes it with status {@code running} when it starts and again when it ends ({@code
 * done} or {@code failed}), so a run that crashed shows as still running. A run that reads another
 * run's outputs (a replay) names that run ({@link InputRun}), so that tools can tell whether two
 * folders belong together ({@link #eventsRunId()}).
 *
 * <p>Typical use: {@code RunRecord.begin(folder, "ingest", words).source(...).config("network",
 * file).track(() -> { ...; record.outcome("records", n); return 0; })}.
 */
public final class RunRecord {

    /** The record's file name in a run folder. */
    public static final String FILE = "run.json";

    /** Hex digits of a hash shown to people; the file holds all 64. */
    public static final int SHORT_HASH_LENGTH = 12;

    /**
     * Hex digits of the random part of a run id: unique enough for runs started the same second.
     */
    private static final int RUN_ID_RANDOM_HEX = 8;

    private static final String VERSION_RESOURCE = "version.properties";
    private static final String UNKNOWN_VERSION = "unknown";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT);

    /** Words a shell takes as they are; anything else is quoted in the command line. */
    private static final Pattern SHELL_PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Where a run is. */
    public enum Status {
        RUNNING,
        DONE,
        FAILED;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status parse(String text) {
            for (Status status : values()) {
                if (status.json().equals(text)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("unknown status '" + text + "'");
        }
    }

    /**
     * A file the run read.
     *
     * @param role what it is to the run ("scenario", "network", "job config", ...)
     * @param path its absolute path
     * @param sha256 its content's SHA-256, 64 hex digits
     */
    public record FileHash(String role, String path, String sha256) {
        public String shortHash() {
            return shortHash(sha256);
        }

        static String shortHash(String sha256) {
            return sha256 == null ? "?" : sha256.substring(0, SHORT_HASH_LENGTH);
        }
    }

    /**
     * The network the run used.
     *
     * @param id the network's id
     * @param path its file, absolute
     * @param sha256 the file's SHA-256
     */
    public record NetworkFile(String id, String path, String sha256) {
        public String shortHash() {
            return FileHash.shortHash(sha256);
        }
    }

    /**
     * The run whose outputs this run read (a replay's input folder).
     *
     * @param folder the input folder, absolute
     * @param runId its run id; null when it has no run record (a folder from before run records)
     * @param runJsonSha256 the SHA-256 of its run record when this run read it; null without one
     * @param status its status then; null without one
     */
    public record InputRun(String folder, String runId, String runJsonSha256, String status) {}

    private final Path folder;
    private final Clock clock;
    private String runId;
    private String command;
    private String commandLine;
    private String workingDirectory;
    private String version;
    private Status status = Status.RUNNING;
    private String startedAt;
    private String endedAt;
    private Integer exitCode;
    private String error;
    private String scenario;
    private Long seed;
    private String source;
    private InputRun input;
    private NetworkFile network;
    private final List<FileHash> files = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Object> outcome = new LinkedHashMap<>();

    private RunRecord(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    /**
     * A new run of {@code command} in {@code folder}, started now, with a new run id.
     *
     * @param words the command line as typed, e.g. {@code metro-dispatch simulate --seed 2 ...}
     */
    public static RunRecord begin(Path folder, String command, List<String> words) {
        return begin(folder, command, words, Clock.systemDefaultZone());
    }

    /** As {@link #begin(Path, String, List)}, on a given clock (tests). */
    public static RunRecord begin(Path folder, String command, List<String> words, Clock clock) {
        RunRecord record = new RunRecord(folder, clock);
        OffsetDateTime now = OffsetDateTime.now(clock);
        record.runId =
                command
                        + "-"
                        + now.withOffsetSameInstant(ZoneOffset.UTC).format(ID_TIME)
                        + "-"
                        + UUID.randomUUID().toString().substring(0, RUN_ID_RANDOM_HEX);
        record.command = command;
        record.commandLine = shellWords(words);
        record.workingDirectory = Path.of("").toAbsolutePath().toString();
        record.version = projectVersion();
        record.startedAt = now.format(TIME);
        return record;
    }

    // ---- what the run is ----

    /** The scenario file that drove the run; its file (and what it extends) is hashed. */
    public RunRecord scenario(Path file) {
        scenario = absolute(file);
        return config("scenario", file);
    }

    public RunRecord seed(long value) {
        seed = value;
        return this;
    }

    /** Where the run's events came from when not from a scenario: Kafka, a feed, a folder. */
    public RunRecord source(String description) {
        source = description;
        return this;
    }

    /** The network the run used; its file (and what it extends) is hashed. */
    public RunRecord network(String id, Path file) {
        network = new NetworkFile(id, absolute(file), sha256(file));
        return config("network", file);
    }

    /**
     * The run folder whose outputs this run reads: its run record's id and hash when it has one.
     * The folder is also the {@link #source}.
     */
    public RunRecord input(Path inputFolder) {
        source = absolute(inputFolder);
        Optional<RunRecord> read;
        try {
            read = read(inputFolder);
        } catch (IOException e) {
            // An unreadable record identifies nothing: as for a folder without one.
            read = Optional.empty();
        }
        input =
                read.map(
                                r ->
                                        new InputRun(
                                                source,
                                                r.runId(),
                                                sha256(inputFolder.resolve(FILE)),
                                                r.status().json()))
                        .orElse(new InputRun(source, null, null, null));
        return this;
    }

    /** A file the run read, hashed. The same file is listed once. */
    public RunRecord file(String role, Path file) {
        String path = absolute(file);
        for (FileHash known : files) {
            if (known.path().equals(path)) {
                return this;
            }
        }
        files.add(new FileHash(role, path, sha256(file)));
        return this;
    }

    /** A configuration file the run read, and every file it extends, hashed. */
    public RunRecord config(String role, Path file) {
        List<Path> chain = YamlFiles.chain(file);
        file(role, chain.get(0));
        for (Path base : chain.subList(1, chain.size())) {
            file(role + " (extended)", base);
        }
        return this;
    }

    /** A setting of the run worth finding again (date, window, speed...): string, number, flag. */
    public RunRecord parameter(String name, Object value) {
        parameters.put(name, plain(value));
        return this;
    }

    /** A summary count (or a map of them) of what the run did. */
    public RunRecord outcome(String name, Object value) {
        outcome.put(name, plain(value));
        return this;
    }

    // ---- the run's life ----

    /**
     * Runs {@code body} between a record with status {@code running} and one with its end: {@code
     * done} for exit code 0, else {@code failed}; {@code failed} with the message when it throws
     * (the exception goes on).
     */
    public int track(Callable<Integer> body) throws Exception {
        write();
        int code;
        try {
            code = body.call();
        } catch (Exception | Error e) {
            failed(describe(e));
            throw e;
        }
        finish(code);
        return code;
    }

    /** Records the end with this exit code: {@code done} for 0, else {@code failed}. */
    public synchronized void finish(int code) {
        status = code == 0 ? Status.DONE : Status.FAILED;
        exitCode = code;
        endedAt = OffsetDateTime.now(clock).format(TIME);
        write();
    }

    /** Why the run failed, for a run that ends with a non-zero exit code. */
    public RunRecord error(String why) {
        error = why;
        return this;
    }

    /** Records a failure (exit code 1) and why. */
    public synchronized void failed(String why) {
        error(why);
        finish(1);
    }

    /** Writes the record into its folder, replacing the file whole (never half a record). */
    public synchronized void write() {
        try {
            Files.createDirectories(folder);
            Path target = folder.resolve(FILE);
            // A temporary file of its own: a shutdown hook may write while the run ends.
            Path temporary = folder.resolve("." + FILE + "-" + UUID.randomUUID() + ".tmp");
            Files.write(temporary, toJson().getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(
                        temporary,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(FILE), e);
        }
    }

    // ---- reading ----

    /**
     * The record in a run folder; empty when there is none (a folder from before run records).
     *
     * @throws IOException when there is one but it cannot be read or is not a run record
     */
    public static Optional<RunRecord> read(Path runFolder) throws IOException {
        Path file = runFolder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("runId").isTextual()) {
            throw new IOException(file + " is not a run record (no runId)");
        }
        try {
            return Optional.of(fromJson(runFolder, root));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a run record: " + e.getMessage(), e);
        }
    }

    private static RunRecord fromJson(Path folder, JsonNode root) {
        RunRecord r = new RunRecord(folder, Clock.systemDefaultZone());
        r.runId = text(root, "runId");
        r.command = text(root, "command");
        r.commandLine = text(root, "commandLine");
        r.workingDirectory = text(root, "workingDirectory");
        r.version = text(root, "version");
        r.status = Status.parse(text(root, "status"));
        r.startedAt = text(root, "startedAt");
        r.endedAt = text(root, "endedAt");
        r.exitCode = root.path("exitCode").isInt() ? root.path("exitCode").asInt() : null;
        r.error = text(root, "error");
        r.scenario = text(root, "scenario");
        r.seed = root.path("seed").isIntegralNumber() ? root.path("seed").asLong() : null;
        r.source = text(root, "source");
        JsonNode input = root.path("input");
        if (input.isObject()) {
            r.input =
                    new InputRun(
                            text(input, "folder"),
                            text(input, "runId"),
                            text(input, "runJsonSha256"),
                            text(input, "status"));
        }
        JsonNode network = root.path("network");
        if (network.isObject()) {
            r.network =
                    new NetworkFile(
                            text(network, "id"), text(network, "path"), text(network, "sha256"));
        }
        for (JsonNode file : root.path("files")) {
            r.files.add(new FileHash(text(file, "role"), text(file, "path"), text(file, "sha256")));
        }
        r.parameters.putAll(plainMap(root.path("parameters")));
        r.outcome.putAll(plainMap(root.path("outcome")));
        return r;
    }

    /** The record as JSON, fields in a fixed order, absent values left out. */
    public synchronized String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("runId", runId);
        root.put("command", command);
        root.put("commandLine", commandLine);
        root.put("workingDirectory", workingDirectory);
        root.put("version", version);
        root.put("status", status.json());
        root.put("startedAt", startedAt);
        putIfSet(root, "endedAt", endedAt);
        if (exitCode != null) {
            root.put("exitCode", exitCode);
        }
        putIfSet(root, "error", error);
        putIfSet(root, "scenario", scenario);
        if (seed != null) {
            root.put("seed", seed);
        }
        putIfSet(root, "source", source);
        if (input != null) {
            ObjectNode node = root.putObject("input");
            node.put("folder", input.folder());
            putIfSet(node, "runId", input.runId());
            putIfSet(node, "runJsonSha256", input.runJsonSha256());
            putIfSet(node, "status", input.status());
        }
        if (network != null) {
            ObjectNode node = root.putObject("network");
            node.put("id", network.id());
            node.put("path", network.path());
            node.put("sha256", network.sha256());
        }
        ArrayNode list = root.putArray("files");
        for (FileHash file : files) {
            list.addObject()
                    .put("role", file.role())
                    .put("path", file.path())
                    .put("sha256", file.sha256());
        }
        if (!parameters.isEmpty()) {
            root.set("parameters", JSON.valueToTree(parameters));
        }
        if (!outcome.isEmpty()) {
            root.set("outcome", JSON.valueToTree(outcome));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run record that cannot be written as JSON", e);
        }
    }

    // ---- refusing to write over a run ----

    /**
     * Refuses, with one clear line, to write a new run into a folder that already holds one (a
     * {@code run.json} or any of {@code outputs}) unless {@code force}.
     *
     * @param flag the option that overrides the refusal, named in the message
     */
    public static void refuseExistingRun(
            Path runFolder, boolean force, String flag, List<String> outputs) {
        if (force) {
            return;
        }
        List<String> found = existingRunFiles(runFolder, outputs);
        if (!found.isEmpty()) {
            throw new UserError(
                    runFolder
                            + " already holds a run ("
                            + String.join(", ", found)
                            + "): choose another folder, or give "
                            + flag
                            + " to write over it");
        }
    }

    /** The run files ({@code run.json} and {@code outputs}) that a folder holds already. */
    public static List<String> existingRunFiles(Path runFolder, List<String> outputs) {
        List<String> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        names.add(FILE);
        names.addAll(outputs);
        for (String name : names) {
            if (Files.exists(runFolder.resolve(name))) {
                found.add(name);
            }
        }
        return found;
    }

    // ---- hashing and the version ----

    /** The SHA-256 of a file's content, 64 lower-case hex digits. */
    public static String sha256(Path file) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to hash it", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The project's Maven version: from a resource the build fills in, so it is the same from
     * target/classes (the launcher) and from the job jar on a cluster.
     */
    public static String projectVersion() {
        try (InputStream in = RunRecord.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "").trim();
                // Unfiltered (an IDE's copy of the resource) when the placeholder is still there.
                if (!version.isEmpty() && !version.startsWith("${")) {
                    return version;
                }
            }
        } catch (IOException e) {
            // Fall back to the manifest.
        }
        String manifest = RunRecord.class.getPackage().getImplementationVersion();
        return manifest != null ? manifest : UNKNOWN_VERSION;
    }

    // ---- accessors ----

    public Path folder() {
        return folder;
    }

    public String runId() {
        return runId;
    }

    public String command() {
        return command;
    }

    public String commandLine() {
        return commandLine;
    }

    public String workingDirectory() {
        return workingDirectory;
    }

    public String version() {
        return version;
    }

    public Status status() {
        return status;
    }

    public String startedAt() {
        return startedAt;
    }

    public String endedAt() {
        return endedAt;
    }

    public Integer exitCode() {
        return exitCode;
    }

    public String error() {
        return error;
    }

    public String scenario() {
        return scenario;
    }

    public Long seed() {
        return seed;
    }

    public String source() {
        return source;
    }

    public InputRun input() {
        return input;
    }

    public NetworkFile network() {
        return network;
    }

    public List<FileHash> files() {
        return Collections.unmodifiableList(files);
    }

    public Map<String, Object> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    public Map<String, Object> outcome() {
        return Collections.unmodifiableMap(outcome);
    }

    /**
     * The run whose events (and ground truth) this run's outputs are about: the input run of a
     * replay, else this run itself (a simulation, a demo). Null when a replay's input had no
     * record.
     */
    public String eventsRunId() {
        return input != null ? input.runId() : runId;
    }

    // ---- helpers ----

    private static String absolute(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** A command line a shell reads back as the same words. */
    static String shellWords(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            if (SHELL_PLAIN.matcher(word).matches()) {
                line.append(word);
            } else {
                line.append('\'').append(word.replace("'", "'\\''")).append('\'');
            }
        }
        return line.toString();
    }

    /** Numbers as Long or Double, maps with string keys, the rest as strings: reads back equal. */
    private static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Number) {
            return ((Number) value).longValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(String.valueOf(entry.getKey()), plain(entry.getValue()));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object element : list) {
                copy.add(plain(element));
            }
            return copy;
        }
        return value.toString();
    }

    private static Map<String, Object> plainMap(JsonNode node) {
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), plainValue(field.getValue()));
        }
        return map;
    }

    private static Object plainValue(JsonNode node) {
        if (node.isObject()) {
            return plainMap(node);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode element : node) {
                list.add(plainValue(element));
            }
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.isNull() ? null : node.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    @Override
    public String toString() {
        return runId + " (" + command + ", " + status.json() + ")";
    }
}
