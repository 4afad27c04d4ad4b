package io.nnpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken YAML gets the project's own error, with a position, and never runs code. */
class YamlLoaderTest {

    private static ConfigException refused(String yaml) {
        return assertThrows(ConfigException.class, () -> YamlLoader.parse("t.yaml", yaml));
    }

    private static String only(ConfigException e) {
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0).toString();
    }

    @Test
    void tagsNamingClassesAreRefusedAndNoClassIsEverInitialised() {
        for (String yaml : List.of("a: !!io.nnpipe.config.TagCanary {}", "a: !io.nnpipe.config.TagCanary {}",
                "a: !<tag:yaml.org,2002:io.nnpipe.config.TagCanary> {}",
                "a: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1/\"]]]]")) {
            String msg = only(refused(yaml));
            assertTrue(msg.startsWith("t.yaml:1:4: ") && msg.contains(" is not allowed; only plain YAML data"), msg);
        }
        assertNull(System.getProperty("nnpipe.tagCanary"), "a tag made the loader initialise a class");
    }

    @Test
    void aTagSnakeYamlCannotEvenRepresentIsRefusedAtItsPlaceNotACrash() {
        // found by ConfigFuzzTest: "!%a" decodes to a tag SnakeYAML's Tag class refuses with an
        // IllegalArgumentException, which escaped as exit 70
        assertEquals("t.yaml:1:1: the tag !\\u000a is not allowed (nor valid: Tag must not contain leading or trailing"
                + " spaces.); only plain YAML data (mappings, lists, strings, numbers, booleans, null) is read",
                only(refused("!%a")));
        assertTrue(only(refused("epochs: 3\nlayers: [1, !%a ]\n")).startsWith("t.yaml:2:"), "at its line");
    }

    @Test
    void everyDisallowedLocalTagIsReportedAtItsPlace() {
        ConfigException e = refused("a: !shell ls\nb: !!binary aGk=\nc: !!set {x}\n");
        assertEquals(List.of("t.yaml:1:4: a: the tag !shell is not allowed; only plain YAML data (mappings, lists,"
                + " strings, numbers, booleans, null) is read", "t.yaml:2:4: b: the tag !!binary is not allowed; only plain"
                + " YAML data (mappings, lists, strings, numbers, booleans, null) is read", "t.yaml:3:4: c: the tag !!set"
                + " is not allowed; only plain YAML data (mappings, lists, strings, numbers, booleans, null) is read"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void billionLaughsIsRefusedAtTheExplodingValueBeforeExpansion() {
        StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        String prev = "a";
        for (int i = 0; i < 9; i++) {
            String name = "l" + i;
            y.append(name).append(": &").append(name).append(" [").append(("*" + prev + ", ").repeat(9)).append('*')
                    .append(prev).append("]\n");
            prev = name;
        }
        // l5 is the first value that alone exceeds the limit: 10 values, then 10 copies plus the list at each level
        String msg = only(refused(y.toString()));
        assertTrue(msg.startsWith("t.yaml:7:5: this value expands through aliases to 11111111 values"), msg);
        assertTrue(msg.contains("a config may hold at most 2000000"), msg);
    }

    @Test
    void aFileWithTooManyWrittenValuesIsNotCalledAnAliasAttack() {
        StringBuilder y = new StringBuilder("data:\n  train:\n");
        String row = "    - [" + "1, ".repeat(999) + "1]\n";
        y.append(row.repeat(YamlLoader.MAX_NODES / 1000 + 1));
        assertEquals("t.yaml:3:5: this value holds 2003002 values (the whole file 2003006); a config may hold at most"
                + " 2000000 (put data in data files: CSV or IDX)", only(refused(y.toString())));
    }

    @Test
    void anAnchorUsedInsideItselfIsRefused() {
        assertEquals("t.yaml:1:4: the anchor &a is used inside its own value (a recursive structure); a config must be a"
                + " finite tree", only(refused("a: &a [1, *a]")));
        assertTrue(only(refused("a: &m {b: *m}")).contains("used inside its own value"));
    }

    /**
     * A merge key naming its own mapping: SnakeYAML merges while it composes and looped forever
     * on this (ConfigFuzzTest found it; it hung the test run). Now refused before merging, at once.
     */
    @Test
    void aMergeKeyNamingItsOwnMappingIsRefusedInsteadOfLoopingForever() {
        assertEquals("t.yaml:1:10: the anchor &b is used inside its own value (a recursive structure); a config must"
                + " be a finite tree", only(refused("layers: [&b {<<: *b, type: dense, units: 2}]")));
        assertTrue(only(refused("a: &m {x: 1, <<: [{y: 2}, *m]}")).contains("used inside its own value"));
        assertTrue(only(refused("a: &m {x: {<<: *m}}")).contains("used inside its own value"));
    }

    @Test
    void nestingBeyondTheLimitIsLocated() {
        String flow = "a: " + "[".repeat(200) + "]".repeat(200);
        assertTrue(only(refused(flow)).startsWith("t.yaml:1:"), "flow nesting has a position");
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            block.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        block.append("  ".repeat(70)).append("v: 1\n");
        String msg = only(refused(block.toString()));
        assertTrue(msg.startsWith("t.yaml:") && msg.contains("nested more than 64 deep"), msg);
    }

    @Test
    void emptyFilesAndNullDocumentsAreEmpty() {
        for (String yaml : List.of("", "# only a comment\n", "---\n...\n", "\n\n")) {
            assertTrue(only(refused(yaml)).contains("the file is empty"), yaml);
        }
    }

    @Test
    void aSecondDocumentIsRefusedWhereItStarts() {
        assertEquals("t.yaml:2:1: a second YAML document starts here; a config is one document (remove the '---' line"
                + " and what follows, or put it in its own file)", only(refused("a: 1\n---\nb: 2\n")));
    }

    @Test
    void tabIndentationIsExplained() {
        assertTrue(only(refused("a:\n\tb: 1\n")).startsWith("t.yaml:2:1: a tab character here; YAML indents with spaces"));
    }

    @Test
    void aTabBetweenValuesIsNotCalledIndentation() {
        // "[1,<TAB>2]" was explained as "YAML indents with spaces only" (QA, second pass)
        String expected = "a tab character here; this YAML reader takes tabs only inside quoted text and comments, not"
                + " between values (replace it with a space)";
        assertEquals("t.yaml:1:7: " + expected, only(refused("a: [1,\t2]\n")));
        assertEquals("t.yaml:2:3: " + expected, only(refused("b: 1\na:\t2\n")));
        assertTrue(only(refused("a:\n \tb: 1\n")).startsWith("t.yaml:2:2: a tab character here; YAML indents"));
    }

    @Test
    void everyDuplicateKeyIsReported() {
        ConfigException e = refused("a: 1\nb: 2\na: 3\nb: 4\n");
        assertEquals(List.of("t.yaml:3:1: a: duplicate key 'a' (first given at line 1)",
                "t.yaml:4:1: b: duplicate key 'b' (first given at line 2)"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void mergeKeysMayBeOverriddenWithoutADuplicateError() {
        Node.MapNode root = (Node.MapNode) YamlLoader.parse("t.yaml", "base: &b {x: 1, y: 2}\nc: {<<: *b, y: 3}\n");
        Node.MapNode c = (Node.MapNode) root.get("c");
        assertEquals("1", ((Node.Scalar) c.get("x")).text());
        assertEquals("3", ((Node.Scalar) c.get("y")).text());
    }

    @Test
    void bytesThatAreNotUtf8AreLocated() {
        byte[] latin1 = "a: 1\nb: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("t.yaml:2:7: the file is not valid UTF-8: byte 0xE9 at offset 11 (save the file as UTF-8)",
                only(assertThrows(ConfigException.class, () -> YamlLoader.parse("t.yaml", latin1))));
        byte[] utf16 = "a: 1\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[utf16.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, withBom, 2, utf16.length);
        assertTrue(only(assertThrows(ConfigException.class, () -> YamlLoader.parse("t.yaml", withBom)))
                .contains("it looks like UTF-16"));
    }

    @Test
    void aByteOrderMarkAndWindowsLineEndingsKeepPositions() {
        byte[] bytes = "\uFEFFa: 1\r\nb: 2\r\n".getBytes(StandardCharsets.UTF_8);
        Node.MapNode root = (Node.MapNode) YamlLoader.parse("t.yaml", bytes);
        assertEquals(new Mark("t.yaml", 2, 4), root.get("b").mark());
    }

    @Test
    void controlCharactersAreRefusedAtTheirPosition() {
        assertEquals("t.yaml:2:5: the control character U+0000 is not allowed in a config (is this a text file?)",
                only(refused("a: 1\nb: 2\u0000\n")));
    }

    @Test
    void anOverlongLineIsRefusedWhereItPassesTheLimit() {
        // a 30 MB one-line comment used to keep SnakeYAML busy for over a minute (quadratic reader)
        String comment = "a: 1\n# " + "x".repeat(YamlLoader.MAX_LINE_CHARS) + "\n";
        assertEquals("t.yaml:2:" + (YamlLoader.MAX_LINE_CHARS + 1) + ": this line is longer than 262144 characters,"
                + " the most a config line may be (break it into several lines; put data in data files)",
                only(refused(comment)));
        String word = "a: " + "7".repeat(YamlLoader.MAX_LINE_CHARS) + "\n";
        assertTrue(only(refused(word)).startsWith("t.yaml:1:262145: this line is longer"));
        String longest = "a: [" + "1, ".repeat((YamlLoader.MAX_LINE_CHARS - 6) / 3) + "1]\n";
        assertTrue(longest.indexOf('\n') <= YamlLoader.MAX_LINE_CHARS, "a line at the limit");
        Node.MapNode root = (Node.MapNode) YamlLoader.parse("t.yaml", longest);
        assertEquals((YamlLoader.MAX_LINE_CHARS - 6) / 3 + 1, ((Node.ListNode) root.get("a")).items().size());
    }

    @Test
    void aQuotedValueTaggedAsANumberIsANumber() {
        Node.MapNode root = (Node.MapNode) YamlLoader.parse("t.yaml", "a: !!int \"3\"\nb: \"3\"\n");
        assertEquals(3L, Numbers.toLong(root.get("a")));
        assertNull(Numbers.toLong(root.get("b")), "a quoted string is text");
    }

    @Test
    void filesLargerThanTheLimitAreRefusedWithoutReadingThemWhole(@TempDir Path tmp) throws IOException {
        Path big = tmp.resolve("big.yaml");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(YamlLoader.MAX_FILE_BYTES + 1); // sparse: nothing is written
        }
        assertEquals(big + ": the file is larger than 33554432 bytes, the most a config may be (put data in data files)",
                only(assertThrows(ConfigException.class, () -> YamlLoader.load(big))));
        Path zero = Path.of("/dev/zero");
        if (Files.isReadable(zero)) {
            assertTrue(only(assertThrows(ConfigException.class, () -> YamlLoader.load(zero))).contains("larger than"));
        }
    }

    @Test
    void missingFilesAndFoldersAreNamed(@TempDir Path tmp) {
        assertEquals(tmp.resolve("none.yaml") + ": no such file",
                only(assertThrows(ConfigException.class, () -> YamlLoader.load(tmp.resolve("none.yaml")))));
        assertEquals(tmp + ": this is a folder, not a config file",
                only(assertThrows(ConfigException.class, () -> YamlLoader.load(tmp))));
    }
}
