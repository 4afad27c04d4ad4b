package io.nnpipe.config;

import java.io.StringReader;
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
 * used to compose the node graph only (parser, composer and resolver; no constructor object even
 * exists), so a tag such as {@code !!java.io.File} can never load or instantiate a class. SnakeYAML refuses global tags
 * itself and this reader refuses every tag that is not plain data. Limits guard against hostile
 * input: file size, line length, nesting depth, aliases to collections, the size after alias expansion, and
 * recursive anchors ({@link AliasGuard}). Duplicate keys are errors; so are empty files, a second
 * document, bytes that are not UTF-8 and control characters ({@link ConfigText}).
 */
public final class YamlLoader {
    /** Largest config file read, in bytes. Data belongs in data files, not inline. */
    public static final long MAX_FILE_BYTES = 32L << 20;
    /**
     * Longest line, in characters. SnakeYAML reads a token (a comment, a word, a line of a block
     * scalar) in time and garbage that grow with the square of its length (its reader copies the
     * whole unread window for every 1024 characters it adds): a 1 MiB comment took 0.5 s and
     * 500 MB of heap, 8 MiB 14 s, 30 MiB over a minute. A line bounds every such token.
     */
    public static final int MAX_LINE_CHARS = 256 * 1024;
    /** Largest nesting depth of lists and mappings. */
    public static final int MAX_DEPTH = 64;
    /** Most aliases to lists or mappings in one file (the expansion itself is bounded by MAX_NODES). */
    public static final int MAX_COLLECTION_ALIASES = 1000;
    /** Most values (nodes) after alias expansion. */
    public static final int MAX_NODES = 2_000_000;

    /** What a config may contain, for messages. */
    static final String PLAIN_DATA = "only plain YAML data (mappings, lists, strings, numbers, booleans, null) is read";

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
        return parse(file.toString(), ConfigText.read(file));
    }

    /** Parses the bytes of a config that came from {@code source}: UTF-8 checked, then as {@link #parse(String, String)}. */
    public static Node parse(String source, byte[] bytes) {
        if (bytes.length > MAX_FILE_BYTES) {
            throw new ConfigException(Mark.of(source), null, "the file is larger than " + MAX_FILE_BYTES
                    + " bytes, the most a config may be (put data in data files)");
        }
        return parse(source, ConfigText.decode(source, bytes));
    }

    /** Parses YAML text that came from {@code source} (a file name or a description). */
    public static Node parse(String source, String text) {
        String checked = ConfigText.check(source, text);
        Converter c = new Converter(source);
        org.yaml.snakeyaml.nodes.Node root;
        try {
            if (checked.contains("<<")) {
                // Merge keys are checked on the unmerged graph first (they are gone from the merged
                // one), and so is its size and shape: SnakeYAML merges while it composes, and a
                // merge key naming its own mapping ({<<: *b} inside &b) made that loop forever
                // (found by ConfigFuzzTest).
                org.yaml.snakeyaml.nodes.Node unmerged = compose(checked, false);
                if (unmerged != null) {
                    AliasGuard.check(source, unmerged, MAX_NODES);
                    MergeKeys.check(source, unmerged, c.diagnostics);
                }
            }
            root = compose(checked, true);
        } catch (MarkedYAMLException e) {
            throw YamlErrors.marked(source, e);
        } catch (YAMLException e) {
            throw YamlErrors.unmarked(source, checked, e);
        } catch (IllegalArgumentException e) { // SnakeYAML's Tag refusing the text of a tag
            throw YamlErrors.invalidTag(source, checked, e);
        }
        if (root == null || root instanceof ScalarNode s && Tag.NULL.equals(s.getTag()) && s.getValue().isEmpty()) {
            throw new ConfigException(new Mark(source, 1, 1), null,
                    "the file is empty; expected a mapping with 'layers', 'data', 'loss', 'optimizer' and 'epochs'");
        }
        AliasGuard.check(source, root, MAX_NODES);
        Node node = c.convert(root, "", 0);
        c.diagnostics.throwIfErrors();
        return node;
    }

    /**
     * The node graph of the text, as {@code Yaml.compose} builds it. NOTE: the Composer is made
     * directly because constructing a {@code Yaml} also builds a constructor and a representer
     * (java.beans introspection) that composing never uses: ~150 classes of start-up time.
     */
    private static org.yaml.snakeyaml.nodes.Node compose(String text, boolean merge) {
        LoaderOptions options = options();
        options.setMergeOnCompose(merge);
        return new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options)
                .getSingleNode();
    }

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        // SnakeYAML's own depth limit sits above ours: the converter reports MAX_DEPTH with a position
        options.setNestingDepthLimit(MAX_DEPTH + 8);
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        options.setAllowRecursiveKeys(false);
        options.setMergeOnCompose(true);
        options.setTagInspector(tag -> false);
        return options;
    }

    /** Turns SnakeYAML's node graph into ours, checking tags, keys and size. */
    private static final class Converter {
        private final String source;
        private final Diagnostics diagnostics = new Diagnostics();

        Converter(String source) {
            this.source = source;
        }

        private Mark mark(org.yaml.snakeyaml.nodes.Node n) {
            org.yaml.snakeyaml.error.Mark m = n.getStartMark();
            return m == null ? Mark.of(source) : new Mark(source, m.getLine() + 1, m.getColumn() + 1);
        }

        Node convert(org.yaml.snakeyaml.nodes.Node n, String path, int depth) {
            Mark mark = mark(n);
            Tag tag = n.getTag();
            if (!PLAIN_TAGS.contains(tag)) {
                diagnostics.error(mark, path, "the tag " + YamlErrors.shortTag(tag.getValue()) + " is not allowed; "
                        + PLAIN_DATA);
                return new Node.Scalar(mark, path, "", Node.Kind.NULL, true);
            }
            if (depth > MAX_DEPTH && !(n instanceof ScalarNode)) {
                throw new ConfigException(mark, path, "lists and mappings are nested more than " + MAX_DEPTH
                        + " deep here; no config needs that many levels");
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
            // an explicit !!int or !!float on a quoted value says it is meant as a number
            boolean numberTagged = !sc.isPlain() && (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag));
            return new Node.Scalar(mark, path, sc.getValue(), kind(tag), sc.isPlain() || numberTagged);
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
                    diagnostics.error(mark(k), Node.child(path, key), "duplicate key '" + Messages.clip(key)
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
