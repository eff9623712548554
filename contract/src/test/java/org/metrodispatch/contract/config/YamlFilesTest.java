package org.metrodispatch.contract.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlFilesTest {

    @TempDir Path dir;

    private Path write(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(item -> values.add(item.intValue()));
        return values;
    }

    @Test
    void loadsAMappingAndNamesTheFileInErrors() {
        Path file = write("plain.yaml", "name: Line 1\ntrain: {cars: 6}\n");
        ConfigNode root = YamlFiles.load(file);
        assertThat(root.string("name")).isEqualTo("Line 1");
        assertThat(root.file()).endsWith("plain.yaml");
        assertThatThrownBy(() -> root.child("train").allowOnly(Set.of("ratedCapacity")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "plain.yaml: train.cars: unknown key; expected one of ratedCapacity");
    }

    @Test
    void displayIsRelativeInsideTheWorkingFolderAndAbsoluteOutside() {
        Path here = Path.of("").toAbsolutePath();
        assertThat(YamlFiles.display(here.resolve("a/b.yaml")))
                .isEqualTo(Path.of("a", "b.yaml").toString());
        assertThat(YamlFiles.display(Path.of("x/../c.yaml"))).isEqualTo("c.yaml");
        Path outside = dir.resolve("far.yaml").toAbsolutePath();
        if (!outside.startsWith(here)) {
            assertThat(YamlFiles.display(outside)).isEqualTo(outside.toString());
        }
    }

    @Test
    void invalidYamlIsReportedWithFileAndLine() {
        Path file = write("broken.yaml", "a: 1\nb: [1, 2\nc: 3\n");
        assertThatThrownBy(() -> YamlFiles.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("broken.yaml: not valid YAML at line ");
    }

    @Test
    void aKeyGivenTwiceInOneMappingIsAnError() {
        Path file =
                write(
                        "dup.yaml",
                        "stations:\n  sihe: {dailyEntries: 1}\n  huayang: {dailyEntries: 2}\n  sihe: {dailyEntries: 3}\n");
        assertThatThrownBy(() -> YamlFiles.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dup.yaml: not valid YAML at line 4")
                .hasMessageContaining("Duplicate field 'sihe'");
        Path sameKeyElsewhere = write("ok.yaml", "a: {x: 1}\nb: {x: 2}\n");
        assertThat(YamlFiles.load(sameKeyElsewhere).child("b").integer("x", 0, 9)).isEqualTo(2);
    }

    @Test
    void tabIndentationIsInvalidYaml() {
        Path file = write("tabs.yaml", "a:\n\tb: 1\n");
        assertThatThrownBy(() -> YamlFiles.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tabs.yaml: not valid YAML");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> YamlFiles.load(dir.resolve("nowhere.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("nowhere.yaml: no such file");
    }

    @Test
    void emptyFileIsReported() {
        Path file = write("empty.yaml", "");
        assertThatThrownBy(() -> YamlFiles.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("empty.yaml: the file is empty");
        Path comments = write("comments.yaml", "# nothing but a comment\n");
        assertThatThrownBy(() -> YamlFiles.load(comments))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("comments.yaml");
    }

    @Test
    void rootMustBeAMapping() {
        Path list = write("list.yaml", "- a\n- b\n");
        assertThatThrownBy(() -> YamlFiles.load(list))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("list.yaml: must be a mapping of keys to values");
        Path scalar = write("scalar.yaml", "just text\n");
        assertThatThrownBy(() -> YamlFiles.load(scalar))
                .hasMessageEndingWith("scalar.yaml: must be a mapping of keys to values");
    }

    @Test
    void extendsMergesMappingsKeyByKeyAndReplacesListsAndValues() {
        write(
                "base.yaml",
                "id: base\n"
                        + "keep: kept\n"
                        + "window: {from: '05:30', to: '23:30'}\n"
                        + "nested: {a: {x: 1, y: 2}, b: 3}\n"
                        + "list: [1, 2, 3]\n"
                        + "listOfMaps: [{a: 1}, {b: 2}]\n"
                        + "mapBecomesValue: {a: 1}\n"
                        + "valueBecomesMap: 5\n");
        Path child =
                write(
                        "child.yaml",
                        "extends: base.yaml\n"
                                + "id: child\n"
                                + "window: {from: '06:00'}\n"
                                + "nested: {a: {y: 20, z: 30}}\n"
                                + "list: [9]\n"
                                + "listOfMaps: [{c: 3}]\n"
                                + "mapBecomesValue: 7\n"
                                + "valueBecomesMap: {v: 1}\n"
                                + "added: new\n");
        ConfigNode root = YamlFiles.load(child);
        JsonNode tree = root.json();
        assertThat(tree.has("extends")).isFalse();
        assertThat(root.string("id")).isEqualTo("child");
        assertThat(root.string("keep")).isEqualTo("kept");
        assertThat(root.string("added")).isEqualTo("new");
        assertThat(root.child("window").secondOfDay("from")).isEqualTo(6 * 3600);
        assertThat(root.child("window").secondOfDay("to")).isEqualTo(23 * 3600 + 1800);
        assertThat(tree.get("nested").get("a").get("x").intValue()).isEqualTo(1);
        assertThat(tree.get("nested").get("a").get("y").intValue()).isEqualTo(20);
        assertThat(tree.get("nested").get("a").get("z").intValue()).isEqualTo(30);
        assertThat(tree.get("nested").get("b").intValue()).isEqualTo(3);
        assertThat(ints(tree.get("list"))).containsExactly(9);
        assertThat(tree.get("listOfMaps").size()).isEqualTo(1);
        assertThat(tree.get("listOfMaps").get(0).get("c").intValue()).isEqualTo(3);
        assertThat(tree.get("mapBecomesValue").intValue()).isEqualTo(7);
        assertThat(tree.get("valueBecomesMap").get("v").intValue()).isEqualTo(1);
        assertThat(root.file()).endsWith("child.yaml");
    }

    @Test
    void extendingDoesNotChangeTheBase() {
        Path base = write("base.yaml", "list: [1, 2]\nmap: {a: 1}\n");
        Path child = write("child.yaml", "extends: base.yaml\nmap: {b: 2}\nlist: [3]\n");
        YamlFiles.load(child);
        ConfigNode again = YamlFiles.load(base);
        assertThat(again.json().get("map").has("b")).isFalse();
        assertThat(ints(again.json().get("list"))).containsExactly(1, 2);
    }

    @Test
    void extendsChainsAndResolvesRelativeToEachFilesFolder() {
        write("common/root.yaml", "a: 1\nb: 1\nc: 1\n");
        write("common/middle.yaml", "extends: root.yaml\nb: 2\nc: 2\n");
        Path leaf = write("scenarios/leaf.yaml", "extends: ../common/middle.yaml\nc: 3\n");
        ConfigNode root = YamlFiles.load(leaf);
        assertThat(root.integer("a", 0, 9)).isEqualTo(1);
        assertThat(root.integer("b", 0, 9)).isEqualTo(2);
        assertThat(root.integer("c", 0, 9)).isEqualTo(3);
        assertThat(root.json().has("extends")).isFalse();
    }

    @Test
    void nullInTheExtendingFileClearsAValue() {
        write("base.yaml", "a: 1\nb: 2\n");
        Path child = write("child.yaml", "extends: base.yaml\nb: ~\n");
        ConfigNode root = YamlFiles.load(child);
        assertThat(root.has("a")).isTrue();
        assertThat(root.has("b")).isFalse();
    }

    @Test
    void extendsCycleIsDetected() {
        write("a.yaml", "extends: b.yaml\nx: 1\n");
        write("b.yaml", "extends: c.yaml\ny: 1\n");
        write("c.yaml", "extends: a.yaml\nz: 1\n");
        assertThatThrownBy(() -> YamlFiles.load(dir.resolve("a.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("a.yaml: extends itself through");
        Path self = write("self.yaml", "extends: self.yaml\n");
        assertThatThrownBy(() -> YamlFiles.load(self))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("self.yaml: extends itself");
    }

    @Test
    void diamondShapedExtendsIsNotACycle() {
        // Two files extending the same base one after the other is fine: only a loop is an error.
        write("base.yaml", "a: 1\n");
        write("mid.yaml", "extends: base.yaml\nb: 2\n");
        Path top = write("top.yaml", "extends: mid.yaml\nc: 3\n");
        assertThat(YamlFiles.load(top).json().size()).isEqualTo(3);
        assertThat(YamlFiles.load(dir.resolve("mid.yaml")).json().size()).isEqualTo(2);
    }

    @Test
    void extendsMustNameAFile() {
        Path file = write("bad.yaml", "extends: [a.yaml]\n");
        assertThatThrownBy(() -> YamlFiles.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("bad.yaml: extends: must be a file name");
    }

    @Test
    void missingBaseIsNamed() {
        Path file = write("child.yaml", "extends: gone.yaml\n");
        assertThatThrownBy(() -> YamlFiles.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("gone.yaml: no such file");
    }

    @Test
    void invalidBaseIsNamed() {
        write("base.yaml", "a: [\n");
        Path file = write("child.yaml", "extends: base.yaml\n");
        assertThatThrownBy(() -> YamlFiles.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("base.yaml: not valid YAML");
    }
}
