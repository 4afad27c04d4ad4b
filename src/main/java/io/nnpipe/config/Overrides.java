package io.nnpipe.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies {@code --set path=value} overrides to a config tree before it is read, so an override
 * is checked exactly like the same value written in the file. The path uses dots for keys and
 * {@code [i]} for list elements ({@code layers[0].kernel}); the value is YAML
 * ({@code 0.05}, {@code [2, 2]}, {@code he_normal}). A path may replace an existing value or add
 * a key (creating the mappings on its way, e.g. {@code output.trace} in a config without
 * {@code output}); the schema then reads the result like a file, so a key it does not know is
 * reported as unknown, with a did-you-mean, at the {@code --set} argument. A path is never
 * silently accepted. Lists are never extended. Every position of an override's problems is the
 * {@code --set} argument itself.
 */
public final class Overrides {
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private Overrides() {
    }

    /** One parsed override. */
    public record Override(String path, String value, String source) {
    }

    /** Parses {@code path=value}; problems go to {@code d} and give {@code null}. */
    public static Override parse(String arg, Diagnostics d) {
        String source = "--set " + arg;
        int eq = arg.indexOf('=');
        if (eq <= 0) {
            d.error(Mark.of(source), null, "expected path=value (e.g. optimizer.learning_rate=0.05), found \""
                    + Messages.clip(arg) + "\"");
            return null;
        }
        return new Override(arg.substring(0, eq).trim(), arg.substring(eq + 1), source);
    }

    /** The tree with every override applied in order; problems go to {@code d}. */
    public static Node apply(Node root, List<Override> overrides, Diagnostics d) {
        Node result = root;
        for (Override o : overrides) {
            List<Object> steps = steps(o, d);
            if (steps == null) {
                continue;
            }
            Node value;
            try {
                value = YamlLoader.parse(o.source(), o.value().isEmpty() ? "null" : o.value());
            } catch (ConfigException e) {
                e.problems().forEach(p -> d.error(Mark.of(o.source()), o.path(), "in the value \""
                        + Messages.clip(o.value()) + "\"" + (p.mark().column() > 0 ? " at character "
                        + p.mark().column() : "") + ": " + p.message()));
                continue;
            }
            Node replaced = replace(result, steps, 0, value, o, d);
            if (replaced != null) {
                result = replaced;
            }
        }
        return result;
    }

    private static List<Object> steps(Override o, Diagnostics d) {
        List<Object> steps = new ArrayList<>();
        for (String part : o.path().split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                d.error(Mark.of(o.source()), o.path(), "expected a path like optimizer.learning_rate or layers[0].kernel,"
                        + " found \"" + Messages.clip(o.path()) + "\"");
                return null;
            }
            steps.add(m.group(1));
            Matcher idx = INDEX.matcher(m.group(2));
            while (idx.find()) {
                long index = idx.group(1).length() > 10 ? Long.MAX_VALUE : Long.parseLong(idx.group(1));
                if (index > Integer.MAX_VALUE) { // was a NumberFormatException, exit 70 (QA, second pass)
                    d.error(Mark.of(o.source()), o.path(), "expected a list index from 0 to " + Integer.MAX_VALUE
                            + ", found [" + Messages.clip(idx.group(1)) + "]");
                    return null;
                }
                steps.add((int) index);
            }
        }
        return steps;
    }

    /** A copy of {@code n} with the value at steps[i..] replaced, or null after a problem. */
    private static Node replace(Node n, List<Object> steps, int i, Node value, Override o, Diagnostics d) {
        String here = n.path();
        if (i == steps.size()) {
            return relocate(value, here);
        }
        Object step = steps.get(i);
        if (step instanceof String key) {
            if (!(n instanceof Node.MapNode m)) {
                d.error(Mark.of(o.source()), o.path(), "cannot set key '" + key + "': " + Node.display(here)
                        + " is " + n.describe() + ", not a mapping");
                return null;
            }
            Node.Entry e = m.entries().get(key);
            Node child = e != null ? e.value() : null;
            if (child == null && i + 1 < steps.size()) {
                if (!(steps.get(i + 1) instanceof String)) {
                    d.error(Mark.of(o.source()), o.path(), "no list '" + key + "' at " + Node.display(here)
                            + " to index into" + Messages.didYouMean(key, m.entries().keySet()));
                    return null;
                }
                // a mapping the file leaves out (e.g. output): created, and judged by the schema
                child = new Node.MapNode(Mark.of(o.source()), Node.child(here, key), Map.of());
            }
            Node newChild = child == null ? relocate(value, Node.child(here, key))
                    : replace(child, steps, i + 1, value, o, d);
            if (newChild == null) {
                return null;
            }
            Map<String, Node.Entry> entries = new LinkedHashMap<>(m.entries());
            entries.put(key, new Node.Entry(key, e != null ? e.keyMark() : Mark.of(o.source()), newChild));
            return new Node.MapNode(m.mark(), m.path(), entries);
        }
        int index = (Integer) step;
        if (!(n instanceof Node.ListNode l) || index >= l.items().size()) {
            d.error(Mark.of(o.source()), o.path(), "no element [" + index + "] at " + Node.display(here) + " (it is "
                    + n.describe() + ")");
            return null;
        }
        Node newItem = replace(l.items().get(index), steps, i + 1, value, o, d);
        if (newItem == null) {
            return null;
        }
        List<Node> items = new ArrayList<>(l.items());
        items.set(index, newItem);
        return new Node.ListNode(l.mark(), l.path(), items);
    }

    /** The same value with paths rooted at {@code path}, every mark the --set argument (no line or column). */
    private static Node relocate(Node n, String path) {
        Mark at = Mark.of(n.mark().source());
        if (n instanceof Node.MapNode m) {
            Map<String, Node.Entry> entries = new LinkedHashMap<>();
            m.entries().forEach((k, e) -> entries.put(k, new Node.Entry(k, at,
                    relocate(e.value(), Node.child(path, k)))));
            return new Node.MapNode(at, path, entries);
        }
        if (n instanceof Node.ListNode l) {
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < l.items().size(); i++) {
                items.add(relocate(l.items().get(i), Node.element(path, i)));
            }
            return new Node.ListNode(at, path, items);
        }
        Node.Scalar s = (Node.Scalar) n;
        return new Node.Scalar(at, path, s.text(), s.kind(), s.plain());
    }
}
