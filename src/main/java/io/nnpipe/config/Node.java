package io.nnpipe.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration as plain YAML data with source positions: mappings, sequences and scalars,
 * each knowing its {@link Mark} and its path from the root (e.g. {@code layers[2].kernel}).
 * Immutable.
 */
public sealed interface Node permits Node.MapNode, Node.ListNode, Node.Scalar {

    Mark mark();

    /** The YAML path of this node, e.g. {@code optimizer.learning_rate}; empty for the root. */
    String path();

    /** What this node is, for messages: {@code a mapping}, {@code a list}, {@code the number 3}. */
    String describe();

    /** The path as shown to users: {@code (top level)} for the root. */
    static String display(String path) {
        return path.isEmpty() ? "(top level)" : path;
    }

    /** The path of a child under key {@code key} of a mapping at {@code parent}. */
    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** The path of element {@code i} of a list at {@code parent}. */
    static String element(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** One key of a mapping: the key's own position and the value. */
    record Entry(String key, Mark keyMark, Node value) {
    }

    /** A mapping with string keys, in file order. */
    record MapNode(Mark mark, String path, Map<String, Entry> entries) implements Node {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public Node get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        @Override
        public String describe() {
            return entries.isEmpty() ? "an empty mapping" : "a mapping";
        }
    }

    /** A sequence. */
    record ListNode(Mark mark, String path, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return items.isEmpty() ? "an empty list" : "a list of " + items.size();
        }
    }

    /** What a scalar was resolved to by YAML's implicit typing (or its explicit standard tag). */
    enum Kind { STRING, INT, FLOAT, BOOL, NULL }

    /**
     * A scalar: its text as written, its resolved kind, and whether it was written plain
     * (unquoted), which decides whether text such as {@code 1e-3} may be read as a number.
     */
    record Scalar(Mark mark, String path, String text, Kind kind, boolean plain) implements Node {
        @Override
        public String describe() {
            return switch (kind) {
                case NULL -> "nothing (null)";
                case BOOL -> "the boolean " + text;
                case INT, FLOAT -> "the number " + text;
                case STRING -> "the string \"" + Messages.clip(text) + "\"";
            };
        }
    }
}
