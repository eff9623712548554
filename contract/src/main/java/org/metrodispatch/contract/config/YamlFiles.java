package org.metrodispatch.contract.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML configuration files. A file may start with {@code extends: other.yaml} (relative to
 * its own folder): it then holds only what differs from the file it extends; mappings are merged
 * key by key, lists and values are replaced.
 */
public final class YamlFiles {

    /** Rejects a key given twice in one mapping, which YAML would otherwise resolve silently. */
    private static final ObjectMapper YAML =
            new ObjectMapper(
                    YAMLFactory.builder()
                            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                            .build());

    private YamlFiles() {}

    /** Loads a file, following {@code extends}, and returns its root node. */
    public static ConfigNode load(Path file) {
        Deque<Path> chain = new ArrayDeque<>();
        Map<String, Path> origins = new HashMap<>();
        JsonNode tree = loadMerged(file.toAbsolutePath().normalize(), chain, origins);
        return ConfigNode.root(tree, display(file), origins);
    }

    /**
     * The files that {@link #load} reads for {@code file}: the file itself, then the one it
     * extends, and so on (absolute paths). A run record hashes them all, since each can change the
     * result.
     */
    public static List<Path> chain(Path file) {
        List<Path> files = new ArrayList<>();
        Path next = file.toAbsolutePath().normalize();
        while (next != null && !files.contains(next)) {
            files.add(next);
            JsonNode base = parse(next).get("extends");
            next =
                    base != null && base.isTextual()
                            ? next.resolveSibling(base.asText()).normalize()
                            : null;
        }
        return files;
    }

    private static JsonNode loadMerged(Path file, Deque<Path> chain, Map<String, Path> origins) {
        if (chain.contains(file)) {
            throw new ConfigException(display(file) + ": extends itself through " + chain);
        }
        chain.push(file);
        JsonNode tree = parse(file);
        if (!tree.isObject()) {
            throw new ConfigException(display(file) + ": must be a mapping of keys to values");
        }
        List<String> ownKeys = new ArrayList<>();
        tree.fieldNames().forEachRemaining(ownKeys::add);
        JsonNode base = tree.get("extends");
        if (base != null && !base.isNull()) {
            if (!base.isTextual()) {
                throw new ConfigException(display(file) + ": extends: must be a file name");
            }
            Path basePath = file.resolveSibling(base.asText()).normalize();
            JsonNode merged = loadMerged(basePath, chain, origins).deepCopy();
            ((ObjectNode) tree).remove("extends");
            tree = merge((ObjectNode) merged, (ObjectNode) tree);
        }
        for (String key : ownKeys) {
            origins.put(key, file);
        }
        chain.pop();
        return tree;
    }

    private static ObjectNode merge(ObjectNode base, ObjectNode override) {
        Iterator<Map.Entry<String, JsonNode>> fields = override.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = base.get(field.getKey());
            if (existing != null && existing.isObject() && field.getValue().isObject()) {
                merge((ObjectNode) existing, (ObjectNode) field.getValue());
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
        return base;
    }

    private static JsonNode parse(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            JsonNode tree = YAML.readTree(bytes);
            if (tree == null || tree.isMissingNode()) {
                throw new ConfigException(display(file) + ": the file is empty");
            }
            return tree;
        } catch (NoSuchFileException e) {
            throw new ConfigException(display(file) + ": no such file");
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null
                            ? ""
                            : " at line "
                                    + e.getLocation().getLineNr()
                                    + ", column "
                                    + e.getLocation().getColumnNr();
            throw new ConfigException(
                    display(file) + ": not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(display(file) + ": cannot be read: " + e.getMessage());
        }
    }

    /** A path as a user would recognise it: relative to the working folder when inside it. */
    public static String display(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return absolute.startsWith(here)
                ? here.relativize(absolute).toString()
                : absolute.toString();
    }
}
