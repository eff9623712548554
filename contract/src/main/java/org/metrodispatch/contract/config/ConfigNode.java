package org.metrodispatch.contract.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node of a YAML configuration file that knows where it sits, so that every error can name the
 * file, the key path ({@code stations[10].platformAreaM2}) and the problem.
 *
 * <p>Typed getters check ranges; {@link #allowOnly} catches misspelled keys, which YAML would
 * otherwise ignore silently.
 */
public final class ConfigNode {

    private final JsonNode node;
    private final String file;
    private final String path;

    /** For the root of a file: the file that defined each top-level key (after extends). */
    private final Map<String, Path> keyOrigins;

    /** For a node below the root: the file that wrote the top-level key it is under, or null. */
    private final Path origin;

    ConfigNode(JsonNode node, String file, String path) {
        this(node, file, path, Map.of(), null);
    }

    private ConfigNode(
            JsonNode node, String file, String path, Map<String, Path> keyOrigins, Path origin) {
        this.node = node;
        this.file = file;
        this.path = path;
        this.keyOrigins = keyOrigins;
        this.origin = origin;
    }

    /** A node under this one, knowing which file its values came from. */
    private ConfigNode under(JsonNode value, String key) {
        Path from = path.isEmpty() ? keyOrigins.get(key) : origin;
        return new ConfigNode(value, file, childPath(key), Map.of(), from);
    }

    /** Wraps a parsed tree; {@code file} is how errors name its source. */
    public static ConfigNode root(JsonNode node, String file) {
        return new ConfigNode(node, file, "");
    }

    /** Wraps a parsed tree whose top-level keys came from the given files. */
    static ConfigNode root(JsonNode node, String file, Map<String, Path> keyOrigins) {
        return new ConfigNode(node, file, "", Map.copyOf(keyOrigins), null);
    }

    /**
     * A file named by a key, relative to the folder of the file that wrote it (which may be a file
     * this one extends).
     */
    public Path filePath(String key) {
        String value = string(key);
        Path from = path.isEmpty() ? keyOrigins.get(key) : origin;
        if (from == null) {
            return Path.of(value);
        }
        return from.resolveSibling(value).normalize();
    }

    public String file() {
        return file;
    }

    /** The key path of this node, empty for the root. */
    public String path() {
        return path;
    }

    public JsonNode json() {
        return node;
    }

    public boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** An error about this node. */
    public ConfigException error(String problem) {
        return new ConfigException(file + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    /** An error about one key of this node. */
    public ConfigException error(String key, String problem) {
        return new ConfigException(file + ": " + childPath(key) + ": " + problem);
    }

    /** Fails if the node has a key outside {@code known}, naming the closest known key. */
    public ConfigNode allowOnly(Set<String> known) {
        requireObject();
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw error(
                        name,
                        "unknown key; expected one of " + String.join(", ", new TreeSet<>(known)));
            }
        }
        return this;
    }

    public ConfigNode child(String key) {
        JsonNode value = requireObject().get(key);
        if (value == null || value.isNull()) {
            throw error(key, "missing");
        }
        ConfigNode child = under(value, key);
        child.requireObject();
        return child;
    }

    /** The value under {@code key}, whatever its type; it must be present. */
    public ConfigNode value(String key) {
        JsonNode value = requireObject().get(key);
        if (value == null || value.isNull()) {
            throw error(key, "missing");
        }
        return under(value, key);
    }

    /** The mapping under {@code key}, or an empty one when the key is absent. */
    public ConfigNode childOrEmpty(String key) {
        return has(key) ? child(key) : under(JsonNodeFactory.instance.objectNode(), key);
    }

    public Optional<ConfigNode> optionalChild(String key) {
        return has(key) ? Optional.of(child(key)) : Optional.empty();
    }

    /** The entries of a mapping, in file order. */
    public Map<String, ConfigNode> entries() {
        requireObject();
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            entries.put(field.getKey(), under(field.getValue(), field.getKey()));
        }
        return entries;
    }

    public List<ConfigNode> list(String key) {
        JsonNode value = requireObject().get(key);
        if (value == null || value.isNull()) {
            throw error(key, "missing");
        }
        return listOf(value, childPath(key), path.isEmpty() ? keyOrigins.get(key) : origin);
    }

    public List<ConfigNode> optionalList(String key) {
        return has(key) ? list(key) : List.of();
    }

    /** The items of this node when it is itself a list. */
    public List<ConfigNode> items() {
        return listOf(node, path, origin);
    }

    private List<ConfigNode> listOf(JsonNode value, String listPath, Path listOrigin) {
        if (!value.isArray()) {
            throw new ConfigException(file + ": " + listPath + ": must be a list");
        }
        List<ConfigNode> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            items.add(
                    new ConfigNode(
                            value.get(i), file, listPath + "[" + i + "]", Map.of(), listOrigin));
        }
        return items;
    }

    public String string(String key) {
        JsonNode value = requireObject().get(key);
        if (value == null || value.isNull()) {
            throw error(key, "missing");
        }
        if (!value.isValueNode() || value.isBoolean()) {
            throw error(key, "must be text, got " + describe(value));
        }
        String text = value.asText().trim();
        if (text.isEmpty()) {
            throw error(key, "must not be empty");
        }
        return text;
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    /** This node's own text, when it is a scalar. */
    public String text() {
        if (!node.isValueNode() || node.isNull()) {
            throw error("must be text, got " + describe(node));
        }
        return node.asText().trim();
    }

    public List<String> strings(String key) {
        List<String> values = new ArrayList<>();
        for (ConfigNode item : list(key)) {
            values.add(item.text());
        }
        return values;
    }

    public int integer(String key, int min, int max) {
        JsonNode value = requireObject().get(key);
        if (value == null || value.isNull()) {
            throw error(key, "missing");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw error(key, "must be a whole number, got " + describe(value));
        }
        int number = value.intValue();
        if (number < min || number > max) {
            throw error(key, "must be between " + min + " and " + max + ", got " + number);
        }
        return number;
    }

    public int integer(String key, int min, int max, int fallback) {
        return has(key) ? integer(key, min, max) : fallback;
    }

    public long longInteger(String key, long min, long max, long fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw error(key, "must be a whole number, got " + describe(value));
        }
        long number = value.longValue();
        if (number < min || number > max) {
            throw error(key, "must be between " + min + " and " + max + ", got " + number);
        }
        return number;
    }

    public double number(String key, double min, double max) {
        JsonNode value = requireObject().get(key);
        if (value == null || value.isNull()) {
            throw error(key, "missing");
        }
        return checkedNumber(value, childPath(key), min, max);
    }

    public double number(String key, double min, double max, double fallback) {
        return has(key) ? number(key, min, max) : fallback;
    }

    /** This node's own value, when it is a number. */
    public double numberValue(double min, double max) {
        return checkedNumber(node, path, min, max);
    }

    private double checkedNumber(JsonNode value, String where, double min, double max) {
        if (!value.isNumber()) {
            throw new ConfigException(
                    file + ": " + where + ": must be a number, got " + describe(value));
        }
        double number = value.doubleValue();
        if (!Double.isFinite(number) || number < min || number > max) {
            throw new ConfigException(
                    file
                            + ": "
                            + where
                            + ": must be between "
                            + plain(min)
                            + " and "
                            + plain(max)
                            + ", got "
                            + plain(number));
        }
        return number;
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isBoolean()) {
            throw error(key, "must be true or false, got " + describe(value));
        }
        return value.booleanValue();
    }

    /**
     * A time of day written {@code HH:MM} (or {@code HH:MM:SS}); {@code 24:00} is the day's end.
     */
    public int secondOfDay(String key) {
        return parseSecondOfDay(string(key), childPath(key));
    }

    /** This node's own value as a time of day, see {@link #secondOfDay(String)}. */
    public int secondOfDayValue() {
        return parseSecondOfDay(text(), path);
    }

    private int parseSecondOfDay(String text, String where) {
        if ("24:00".equals(text) || "24:00:00".equals(text)) {
            return 86_400;
        }
        try {
            return LocalTime.parse(text).toSecondOfDay();
        } catch (DateTimeParseException e) {
            throw new ConfigException(
                    file + ": " + where + ": must be a time of day HH:MM, got '" + text + "'");
        }
    }

    /** The value of {@code key} as one of {@code allowed}. */
    public String oneOf(String key, Set<String> allowed, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        String value = string(key);
        if (!allowed.contains(value)) {
            throw error(
                    key,
                    "must be one of "
                            + String.join(", ", new TreeSet<>(allowed))
                            + ", got '"
                            + value
                            + "'");
        }
        return value;
    }

    private JsonNode requireObject() {
        if (node.getNodeType() != JsonNodeType.OBJECT) {
            throw error("must be a mapping of keys to values, got " + describe(node));
        }
        return node;
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String describe(JsonNode value) {
        switch (value.getNodeType()) {
            case ARRAY:
                return "a list";
            case OBJECT:
                return "a mapping";
            case STRING:
                String text = value.asText();
                return "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
            case NULL:
            case MISSING:
                return "nothing";
            default:
                return value.toString();
        }
    }

    private static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
