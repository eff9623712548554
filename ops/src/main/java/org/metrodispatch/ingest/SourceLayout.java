package org.metrodispatch.ingest;

import org.metrodispatch.contract.config.ConfigException;
import org.metrodispatch.contract.config.ConfigNode;
import org.metrodispatch.contract.config.YamlFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a source's CSV file is laid out: one tap per row ({@link Kind#TAPS}, a fare-gate export) or
 * counts per station and interval ({@link Kind#COUNTS}, published open data). Read from a YAML file
 * under {@code config/ingest/}; see the README there.
 */
public final class SourceLayout {

    /** What a row of the source is. */
    public enum Kind {
        TAPS,
        COUNTS
    }

    /** The columns a layout of each kind names; {@code card} and {@code end} are optional. */
    static final List<String> TAP_COLUMNS = List.of("time", "station", "gate", "direction");

    static final List<String> COUNT_COLUMNS = List.of("station", "start", "entries", "exits");

    private final Path file;
    private final String name;
    private final String source;
    private final Kind kind;
    private final char delimiter;
    private final boolean header;
    private final Map<String, String> columns;
    private final DateTimeFormatter timeFormat;
    private final String timePattern;
    private final Set<String> entryCodes;
    private final Set<String> exitCodes;
    private final int intervalSeconds;

    private SourceLayout(ConfigNode root, Path file, String name) {
        root.allowOnly(
                Set.of(
                        "source",
                        "kind",
                        "delimiter",
                        "header",
                        "columns",
                        "timeFormat",
                        "entry",
                        "exit",
                        "intervalMinutes"));
        this.file = file;
        this.name = name;
        this.source = root.string("source");
        if (!source.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw root.error(
                    "source", "must be a lowercase slug such as tianchi, got '" + source + "'");
        }
        this.kind =
                Kind.valueOf(
                        root.oneOf("kind", Set.of("taps", "counts"), null)
                                .toUpperCase(Locale.ROOT));
        String delimiterText = root.string("delimiter", ",");
        if ("\\t".equals(delimiterText) || "tab".equals(delimiterText)) {
            delimiterText = "\t";
        }
        if (delimiterText.length() != 1 || delimiterText.charAt(0) == '"') {
            throw root.error("delimiter", "must be one character (or tab), not a quote");
        }
        this.delimiter = delimiterText.charAt(0);
        this.header = root.bool("header", true);
        List<String> required = kind == Kind.TAPS ? TAP_COLUMNS : COUNT_COLUMNS;
        List<String> known = new ArrayList<>(required);
        known.add(kind == Kind.TAPS ? "card" : "end");
        ConfigNode columnNode = root.child("columns").allowOnly(Set.copyOf(known));
        this.columns = new LinkedHashMap<>();
        for (String column : known) {
            if (columnNode.has(column)) {
                String value = columnNode.value(column).text();
                if (!header && !value.matches("\\d{1,4}")) {
                    throw columnNode.error(
                            column,
                            "without a header line, columns are numbered from 0, got '"
                                    + value
                                    + "'");
                }
                columns.put(column, value);
            } else if (required.contains(column)) {
                throw columnNode.error(column, "missing");
            }
        }
        this.timePattern = root.string("timeFormat");
        try {
            this.timeFormat = DateTimeFormatter.ofPattern(timePattern, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw root.error("timeFormat", "is not a date-time pattern: " + e.getMessage());
        }
        if (kind == Kind.TAPS) {
            this.entryCodes = Set.copyOf(root.strings("entry"));
            this.exitCodes = Set.copyOf(root.strings("exit"));
            for (String code : entryCodes) {
                if (exitCodes.contains(code)) {
                    throw root.error("exit", "code '" + code + "' is also an entry code");
                }
            }
            if (root.has("intervalMinutes")) {
                throw root.error("intervalMinutes", "is for counts, not taps");
            }
            this.intervalSeconds = 0;
        } else {
            if (root.has("entry") || root.has("exit")) {
                throw root.error("entry and exit codes are for taps, not counts");
            }
            this.entryCodes = Set.of();
            this.exitCodes = Set.of();
            boolean hasEnd = columns.containsKey("end");
            if (hasEnd == root.has("intervalMinutes")) {
                throw root.error(
                        "give either an end column or intervalMinutes (every interval's length)");
            }
            this.intervalSeconds = hasEnd ? 0 : 60 * root.integer("intervalMinutes", 1, 1_440);
        }
    }

    /**
     * Loads a layout by name (a file {@code NAME.yaml} in {@code presets}) or from a file path.
     *
     * @throws ConfigException when there is no such layout or it is invalid
     */
    public static SourceLayout load(String nameOrFile, Path presets) {
        Path file = Path.of(nameOrFile);
        if (!nameOrFile.endsWith(".yaml") && !nameOrFile.endsWith(".yml")) {
            file = presets.resolve(nameOrFile + ".yaml");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(
                    "no layout '"
                            + nameOrFile
                            + "': give a preset name ("
                            + String.join(", ", presetNames(presets))
                            + ") or a layout file (.yaml)");
        }
        String fileName = file.getFileName().toString();
        return new SourceLayout(YamlFiles.load(file), file, fileName.replaceFirst("\\.ya?ml$", ""));
    }

    /** The preset layouts' names, sorted. */
    public static List<String> presetNames(Path presets) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(presets, "*.yaml")) {
            for (Path f : files) {
                names.add(f.getFileName().toString().replaceFirst("\\.yaml$", ""));
            }
        } catch (IOException e) {
            // No presets folder: the message lists none.
        }
        names.sort(null);
        return names;
    }

    public String name() {
        return name;
    }

    /** The layout's file. */
    public Path file() {
        return file;
    }

    /** The data source's short name, which names its station mapping files. */
    public String source() {
        return source;
    }

    public Kind kind() {
        return kind;
    }

    public char delimiter() {
        return delimiter;
    }

    public boolean header() {
        return header;
    }

    /** The source's column (header name, or index without a header) for a column of the layout. */
    public String column(String column) {
        return columns.get(column);
    }

    /** The layout's columns, in a fixed order. */
    public Map<String, String> columns() {
        return columns;
    }

    public DateTimeFormatter timeFormat() {
        return timeFormat;
    }

    public String timePattern() {
        return timePattern;
    }

    public Set<String> entryCodes() {
        return entryCodes;
    }

    public Set<String> exitCodes() {
        return exitCodes;
    }

    /** Every interval's length when the rows have no end column, else 0. */
    public int intervalSeconds() {
        return intervalSeconds;
    }
}
