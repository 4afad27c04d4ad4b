package io.nnpipe.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML text into a {@link Node} tree with positions, accepting only plain data. SnakeYAML is
 * used to compose the node graph only (no object construction), so tags such as {@code !!java...}
 * can never instantiate anything; they are reported as errors. Limits guard against hostile input:
 * file size, nesting depth, aliases to collections, and the total size after alias expansion.
 * Duplicate keys are errors.
 */
public final class YamlLoader {
    /** Largest config file read, in bytes. Data belongs in data files, not inline. */
    public static final long MAX_FILE_BYTES = 32L << 20;
    /** Largest nesting depth of collections. */
    public static final int MAX_DEPTH = 64;
    /** Most aliases to collections in one file (billion-laughs guard). */
    public static final int MAX_COLLECTION_ALIASES = 64;
    /** Most nodes after alias expansion. */
    public static final int MAX_NODES = 2_000_000;

    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.MAP, Tag.SEQ, Tag.STR, Tag.INT, Tag.FLOAT,
            Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

    private YamlLoader() {
    }

    /**
     * Reads and parses a config file.
     *
     * @throws ConfigException if the file cannot be read, is not UTF-8, is not YAML, is empty or
     *     breaks a limit; the message names the file and, where known, line and column
     */
    public static Node load(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(Mark.of(source), null, "the file is " + size
                        + " bytes; a config may be at most " + MAX_FILE_BYTES + " bytes (put data in data files)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(Mark.of(source), null, "no such file");
        } catch (IOException e) {
            throw new ConfigException(Mark.of(source), null, "cannot read the file: " + e.getMessage());
        }
        return parse(source, decodeUtf8(source, bytes));
    }

    /** Parses YAML text that came from {@code source} (a file name or a description). */
    public static Node parse(String source, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        org.yaml.snakeyaml.nodes.Node root;
        try {
            root = compose(text);
        } catch (MarkedYAMLException e) {
            org.yaml.snakeyaml.error.Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? e.getContext() + ": " : "";
            Mark mark = m == null ? Mark.of(source) : new Mark(source, m.getLine() + 1, m.getColumn() + 1);
            throw new ConfigException(mark, null, "invalid YAML: " + context + what);
        } catch (YAMLException e) {
            throw new ConfigException(Mark.of(source), null, "cannot read the YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigException(new Mark(source, 1, 1), null,
                    "the file is empty; expected a mapping with 'layers', 'data', 'loss', 'optimizer' and 'epochs'");
        }
        Converter c = new Converter(source);
        Node node = c.convert(root, "", 0);
        c.diagnostics.throwIfErrors();
        return node;
    }

    /**
     * The node graph of the text, as {@code Yaml.compose} builds it. NOTE: the Composer is made
     * directly because constructing a {@code Yaml} also builds a constructor and a representer
     * (java.beans introspection) that composing never uses: ~150 classes of start-up time.
     */
    private static org.yaml.snakeyaml.nodes.Node compose(String text) {
        LoaderOptions options = options();
        return new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options)
                .getSingleNode();
    }

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        options.setAllowRecursiveKeys(false);
        options.setMergeOnCompose(true);
        options.setTagInspector(tag -> false);
        return options;
    }

    private static String decodeUtf8(String source, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int bad = firstInvalidUtf8(bytes);
            int line = 1;
            int col = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    col = 1;
                } else if ((bytes[i] & 0xC0) != 0x80) {
                    col++;
                }
            }
            throw new ConfigException(new Mark(source, line, col), null, String.format(java.util.Locale.ROOT,
                    "the file is not valid UTF-8: byte 0x%02X at offset %d", bytes[bad] & 0xFF, bad));
        }
    }

    private static int firstInvalidUtf8(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            int n = c < 0x80 ? 0 : c >= 0xC2 && c < 0xE0 ? 1 : c >= 0xE0 && c < 0xF0 ? 2 : c >= 0xF0 && c < 0xF5 ? 3 : -1;
            if (n < 0) {
                return i;
            }
            for (int k = 1; k <= n; k++) {
                if (i + k >= b.length || (b[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += n + 1;
        }
        return Math.max(0, b.length - 1);
    }

    /** Turns SnakeYAML's node graph into ours, checking tags, keys and size. */
    private static final class Converter {
        private final String source;
        private final Diagnostics diagnostics = new Diagnostics();
        private int nodes;

        Converter(String source) {
            this.source = source;
        }

        private Mark mark(org.yaml.snakeyaml.nodes.Node n) {
            org.yaml.snakeyaml.error.Mark m = n.getStartMark();
            return m == null ? Mark.of(source) : new Mark(source, m.getLine() + 1, m.getColumn() + 1);
        }

        Node convert(org.yaml.snakeyaml.nodes.Node n, String path, int depth) {
            if (++nodes > MAX_NODES) {
                throw new ConfigException(mark(n), path, "the config expands to more than " + MAX_NODES
                        + " values (through aliases?); that is more than any config needs");
            }
            Mark mark = mark(n);
            Tag tag = n.getTag();
            if (!PLAIN_TAGS.contains(tag)) {
                diagnostics.error(mark, path, "the tag " + tag.getValue() + " is not allowed; only plain YAML data"
                        + " (mappings, lists, strings, numbers, booleans, null) is read");
                return new Node.Scalar(mark, path, "", Node.Kind.NULL, true);
            }
            if (n instanceof MappingNode m) {
                return mapping(m, mark, path, depth);
            }
            if (n instanceof SequenceNode s) {
                List<Node> items = new ArrayList<>(s.getValue().size());
                for (org.yaml.snakeyaml.nodes.Node item : s.getValue()) {
                    items.add(convert(item, Node.element(path, items.size()), depth + 1));
                }
                return new Node.ListNode(mark, path, items);
            }
            ScalarNode sc = (ScalarNode) n;
            return new Node.Scalar(mark, path, sc.getValue(), kind(tag), sc.isPlain());
        }

        private Node mapping(MappingNode m, Mark mark, String path, int depth) {
            Map<String, Node.Entry> entries = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                org.yaml.snakeyaml.nodes.Node k = t.getKeyNode();
                if (!(k instanceof ScalarNode ks) || kind(k.getTag()) == Node.Kind.NULL) {
                    diagnostics.error(mark(k), path, "a key must be a plain name, found "
                            + (k instanceof ScalarNode ? "null" : "a " + k.getNodeId().name().toLowerCase(java.util.Locale.ROOT)));
                    continue;
                }
                String key = ks.getValue();
                Node.Entry previous = entries.get(key);
                if (previous != null) {
                    diagnostics.error(mark(k), Node.child(path, key), "duplicate key '" + key
                            + "' (first given at line " + previous.keyMark().line() + ")");
                    continue;
                }
                Node value = convert(t.getValueNode(), Node.child(path, key), depth + 1);
                entries.put(key, new Node.Entry(key, mark(k), value));
            }
            return new Node.MapNode(mark, path, entries);
        }

        private static Node.Kind kind(Tag tag) {
            if (Tag.INT.equals(tag)) {
                return Node.Kind.INT;
            }
            if (Tag.FLOAT.equals(tag)) {
                return Node.Kind.FLOAT;
            }
            if (Tag.BOOL.equals(tag)) {
                return Node.Kind.BOOL;
            }
            if (Tag.NULL.equals(tag)) {
                return Node.Kind.NULL;
            }
            return Node.Kind.STRING;
        }
    }
}
