package org.metrodispatch.contract.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigNodeTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static ConfigNode yaml(String text) {
        try {
            return ConfigNode.root(YAML.readTree(text), "test.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void unknownKeyErrorNamesFileKeyPathAndListsTheExpectedKeysSorted() {
        ConfigNode train = yaml("train: {cras: 6, ratedCapacity: 1460}").child("train");
        assertThatThrownBy(() -> train.allowOnly(Set.of("ratedCapacity", "cars", "crushCapacity")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "test.yaml: train.cras: unknown key; expected one of cars, crushCapacity,"
                                + " ratedCapacity");
    }

    @Test
    void allowOnlyAcceptsKnownKeysAndReturnsTheNode() {
        ConfigNode node = yaml("a: 1\nb: 2");
        assertThat(node.allowOnly(Set.of("a", "b", "c"))).isSameAs(node);
    }

    @Test
    void allowOnlyOnAListSaysItMustBeAMapping() {
        ConfigNode list = yaml("items: [1, 2]").value("items");
        assertThatThrownBy(() -> list.allowOnly(Set.of("a")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml: items: must be a mapping of keys to values, got a list");
    }

    @Test
    void pathsOfNestedMappingsAndListItemsAreInErrors() {
        ConfigNode root = yaml("stations:\n  - {id: a}\n  - {id: b, extra: {depth: x}}\n");
        List<ConfigNode> stations = root.list("stations");
        assertThat(stations).hasSize(2);
        assertThat(stations.get(1).path()).isEqualTo("stations[1]");
        ConfigNode extra = stations.get(1).child("extra");
        assertThat(extra.path()).isEqualTo("stations[1].extra");
        assertThatThrownBy(() -> extra.integer("depth", 0, 5))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml: stations[1].extra.depth: must be a whole number, got 'x'");
        assertThat(extra.file()).isEqualTo("test.yaml");
        assertThat(root.path()).isEmpty();
    }

    @Test
    void missingKeysAreReportedWithTheirPath() {
        ConfigNode root = yaml("train: {cars: 6}");
        assertThatThrownBy(() -> root.child("timetable"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml: timetable: missing");
        assertThatThrownBy(() -> root.child("train").integer("ratedCapacity", 1, 10))
                .hasMessage("test.yaml: train.ratedCapacity: missing");
        assertThatThrownBy(() -> root.child("train").string("name"))
                .hasMessage("test.yaml: train.name: missing");
        assertThatThrownBy(() -> root.list("stations")).hasMessage("test.yaml: stations: missing");
        assertThatThrownBy(() -> root.value("x")).hasMessage("test.yaml: x: missing");
        assertThatThrownBy(() -> root.number("x", 0, 1)).hasMessage("test.yaml: x: missing");
    }

    @Test
    void nullValuesCountAsMissing() {
        ConfigNode root = yaml("a: ~\nb:\n");
        assertThat(root.has("a")).isFalse();
        assertThat(root.has("b")).isFalse();
        assertThat(root.has("c")).isFalse();
        assertThatThrownBy(() -> root.string("a")).hasMessage("test.yaml: a: missing");
        assertThat(root.integer("b", 0, 10, 7)).isEqualTo(7);
    }

    @Test
    void childMustBeAMapping() {
        ConfigNode root = yaml("train: 6\nlist: [1]");
        assertThatThrownBy(() -> root.child("train"))
                .hasMessage("test.yaml: train: must be a mapping of keys to values, got 6");
        assertThatThrownBy(() -> root.child("list"))
                .hasMessage("test.yaml: list: must be a mapping of keys to values, got a list");
    }

    @Test
    void listMustBeAList() {
        ConfigNode root = yaml("stations: {id: a}");
        assertThatThrownBy(() -> root.list("stations"))
                .hasMessage("test.yaml: stations: must be a list");
        assertThatThrownBy(() -> root.strings("stations"))
                .hasMessage("test.yaml: stations: must be a list");
    }

    @Test
    void stringIsTrimmedAndMustBeNonEmptyText() {
        ConfigNode root =
                yaml(
                        "name: '  Line 1  '\nnumber: 12\nempty: '   '\nflag: true\nlist: [a]\nmap: {a: 1}");
        assertThat(root.string("name")).isEqualTo("Line 1");
        assertThat(root.string("number")).isEqualTo("12");
        assertThatThrownBy(() -> root.string("empty"))
                .hasMessage("test.yaml: empty: must not be empty");
        assertThatThrownBy(() -> root.string("flag"))
                .hasMessage("test.yaml: flag: must be text, got true");
        assertThatThrownBy(() -> root.string("list"))
                .hasMessage("test.yaml: list: must be text, got a list");
        assertThatThrownBy(() -> root.string("map"))
                .hasMessage("test.yaml: map: must be text, got a mapping");
        assertThat(root.string("absent", "fallback")).isEqualTo("fallback");
        assertThat(root.string("name", "fallback")).isEqualTo("Line 1");
    }

    @Test
    void longTextIsShortenedInErrors() {
        String text = "z".repeat(100);
        ConfigNode root = yaml("n: " + text);
        assertThatThrownBy(() -> root.integer("n", 0, 1))
                .hasMessage(
                        "test.yaml: n: must be a whole number, got '" + "z".repeat(40) + "...'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "n: 5.5| must be a whole number, got 5.5",
                "n: '5'| must be a whole number, got '5'",
                "n: true| must be a whole number, got true",
                "n: [5]| must be a whole number, got a list",
                "n: 99999999999| must be a whole number, got 99999999999",
                "n: 11| must be between 1 and 10, got 11",
                "n: 0| must be between 1 and 10, got 0",
                "n: -3| must be between 1 and 10, got -3"
            })
    void integerChecksTypeAndRange(String yaml, String problem) {
        assertThatThrownBy(() -> yaml(yaml).integer("n", 1, 10))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml: n: " + problem);
    }

    @Test
    void integerAcceptsTheBoundsAndUsesTheFallbackOnlyWhenAbsent() {
        assertThat(yaml("n: 1").integer("n", 1, 10)).isEqualTo(1);
        assertThat(yaml("n: 10").integer("n", 1, 10)).isEqualTo(10);
        assertThat(yaml("n: 4").integer("n", 1, 10, 7)).isEqualTo(4);
        assertThat(yaml("m: 4").integer("n", 1, 10, 7)).isEqualTo(7);
        assertThatThrownBy(() -> yaml("n: 40").integer("n", 1, 10, 7))
                .hasMessageContaining("must be between 1 and 10, got 40");
    }

    @Test
    void longIntegerChecksTypeAndRange() {
        assertThat(yaml("n: 99999999999").longInteger("n", 0, Long.MAX_VALUE, 1))
                .isEqualTo(99_999_999_999L);
        assertThat(yaml("m: 1").longInteger("n", 0, 10, 3)).isEqualTo(3);
        assertThatThrownBy(() -> yaml("n: 1.5").longInteger("n", 0, 10, 3))
                .hasMessage("test.yaml: n: must be a whole number, got 1.5");
        assertThatThrownBy(() -> yaml("n: 11").longInteger("n", 0, 10, 3))
                .hasMessage("test.yaml: n: must be between 0 and 10, got 11");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "x: abc| must be a number, got 'abc'",
                "x: '1.5'| must be a number, got '1.5'",
                "x: [1]| must be a number, got a list",
                "x: 2.5| must be between 0 and 1, got 2.5",
                "x: -0.5| must be between 0 and 1, got -0.5"
            })
    void numberChecksTypeAndRange(String yaml, String problem) {
        assertThatThrownBy(() -> yaml(yaml).number("x", 0, 1))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml: x: " + problem);
    }

    @Test
    void nonFiniteNumbersAreOutOfAnyRange() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("nan", Double.NaN).put("inf", Double.POSITIVE_INFINITY);
        ConfigNode root = ConfigNode.root(node, "built.yaml");
        assertThatThrownBy(() -> root.number("nan", -1e9, 1e9))
                .hasMessage("built.yaml: nan: must be between -1000000000 and 1000000000, got NaN");
        assertThatThrownBy(() -> root.number("inf", 0, Double.MAX_VALUE))
                .hasMessageContaining("built.yaml: inf: must be between 0 and ")
                .hasMessageEndingWith("got Infinity");
    }

    @Test
    void numberAcceptsIntegersAndDecimalsWithinRange() {
        assertThat(yaml("x: 1").number("x", 0, 1)).isEqualTo(1.0);
        assertThat(yaml("x: 0.25").number("x", 0, 1)).isEqualTo(0.25);
        assertThat(yaml("y: 0.25").number("x", 0, 1, 0.5)).isEqualTo(0.5);
        assertThatThrownBy(() -> yaml("x: 0.001").number("x", 0.01, 0.5))
                .hasMessage("test.yaml: x: must be between 0.01 and 0.5, got 0.001");
    }

    @Test
    void numberValueOfAListItemNamesTheItem() {
        List<ConfigNode> items = yaml("p: [['07:00', 2], ['08:00', -1]]").list("p");
        assertThat(items.get(0).items().get(1).numberValue(0, 10)).isEqualTo(2.0);
        assertThatThrownBy(() -> items.get(1).items().get(1).numberValue(0, 10))
                .hasMessage("test.yaml: p[1][1]: must be between 0 and 10, got -1");
    }

    @Test
    void boolAcceptsOnlyBooleans() {
        assertThat(yaml("b: true").bool("b", false)).isTrue();
        assertThat(yaml("b: false").bool("b", true)).isFalse();
        assertThat(yaml("c: 1").bool("b", true)).isTrue();
        assertThatThrownBy(() -> yaml("b: maybe").bool("b", false))
                .hasMessage("test.yaml: b: must be true or false, got 'maybe'");
        assertThatThrownBy(() -> yaml("b: 1").bool("b", false))
                .hasMessage("test.yaml: b: must be true or false, got 1");
    }

    @ParameterizedTest
    @CsvSource({
        "'00:00', 0",
        "'05:30', 19800",
        "'07:10', 25800",
        "'23:59:59', 86399",
        "'24:00', 86400",
        "'24:00:00', 86400",
        "'12:00:30', 43230"
    })
    void secondOfDayReadsTimesOfDay(String text, int expected) {
        assertThat(yaml("at: '" + text + "'").secondOfDay("at")).isEqualTo(expected);
        assertThat(yaml("at: ['" + text + "']").list("at").get(0).secondOfDayValue())
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"'7:30'", "'24:01'", "'25:00'", "'12:60'", "'noon'", "'0730'"})
    void secondOfDayRejectsOtherTextNamingThePath(String text) {
        assertThatThrownBy(() -> yaml("t: {at: '" + text + "'}").child("t").secondOfDay("at"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml: t.at: must be a time of day HH:MM, got '" + text + "'");
    }

    @Test
    void unquotedTimesOfDayAreReadAsText() {
        // YAML 1.1 would read 10:30 as the base-60 number 630.
        assertThat(yaml("at: 10:30").secondOfDay("at")).isEqualTo(37_800);
        assertThat(yaml("at: 06:00").secondOfDay("at")).isEqualTo(21_600);
    }

    @Test
    void oneOfChecksTheValueAgainstTheAllowedOnes() {
        Set<String> kinds = Set.of("depot", "turnback-siding");
        assertThat(yaml("kind: depot").oneOf("kind", kinds, "x")).isEqualTo("depot");
        assertThat(yaml("other: 1").oneOf("kind", kinds, "depot")).isEqualTo("depot");
        assertThatThrownBy(() -> yaml("kind: yard").oneOf("kind", kinds, "depot"))
                .hasMessage("test.yaml: kind: must be one of depot, turnback-siding, got 'yard'");
    }

    @Test
    void entriesKeepFileOrderAndPaths() {
        ConfigNode roles = yaml("roles: {zeta: 1, alpha: 2, mid: 3}").child("roles");
        assertThat(roles.entries().keySet()).containsExactly("zeta", "alpha", "mid");
        assertThat(roles.entries().get("alpha").path()).isEqualTo("roles.alpha");
        assertThat(roles.entries().get("alpha").json().intValue()).isEqualTo(2);
    }

    @Test
    void optionalAccessorsGiveEmptyValuesWithTheRightPath() {
        ConfigNode root = yaml("present: {a: 1}\nlist: [x, y]");
        assertThat(root.optionalChild("present")).isPresent();
        assertThat(root.optionalChild("absent")).isEmpty();
        assertThat(root.optionalList("absent")).isEmpty();
        assertThat(root.optionalList("list")).hasSize(2);
        ConfigNode empty = root.childOrEmpty("absent");
        assertThat(empty.path()).isEqualTo("absent");
        assertThat(empty.entries()).isEmpty();
        assertThatThrownBy(() -> empty.integer("n", 0, 1))
                .hasMessage("test.yaml: absent.n: missing");
        assertThat(root.childOrEmpty("present").integer("a", 0, 5)).isEqualTo(1);
    }

    @Test
    void stringsAndTextReadListsOfScalars() {
        ConfigNode root = yaml("dirs: [southbound, ' northbound ']\nbad: [a, [b]]\nnulls: [~]");
        assertThat(root.strings("dirs")).containsExactly("southbound", "northbound");
        assertThatThrownBy(() -> root.strings("bad"))
                .hasMessage("test.yaml: bad[1]: must be text, got a list");
        assertThatThrownBy(() -> root.strings("nulls"))
                .hasMessage("test.yaml: nulls[0]: must be text, got nothing");
    }

    @Test
    void errorHelpersFormatFileAndPath() {
        ConfigNode root = yaml("a: {b: 1}");
        assertThat(root.error("whole file problem")).hasMessage("test.yaml: whole file problem");
        assertThat(root.child("a").error("problem")).hasMessage("test.yaml: a: problem");
        assertThat(root.child("a").error("b", "problem")).hasMessage("test.yaml: a.b: problem");
        assertThat(root.error("b", "problem")).hasMessage("test.yaml: b: problem");
    }
}
