package io.nnpipe.config;

import java.util.IdentityHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks a composed YAML graph before it is expanded into a tree. SnakeYAML composes an alias as
 * the very node its anchor names, so a small file can describe an enormous tree (nested aliases,
 * the "billion laughs") or an endless one (an anchor used inside itself). This guard counts the
 * values the tree would have, visiting every distinct node once (memoised by identity), and finds
 * cycles, so both are refused in time proportional to the file and with a position. Recursion
 * is bounded by {@link YamlLoader#MAX_DEPTH}.
 */
final class AliasGuard {
    private final String source;
    private final Map<org.yaml.snakeyaml.nodes.Node, Long> sizes = new IdentityHashMap<>();
    private final Map<org.yaml.snakeyaml.nodes.Node, Boolean> open = new IdentityHashMap<>();

    private AliasGuard(String source) {
        this.source = source;
    }

    /**
     * Throws a {@link ConfigException} if the tree under {@code root} is recursive or would hold
     * more than {@code maxNodes} values; the position is the anchor of the recursive collection, or
     * the largest value that on its own exceeds the limit.
     */
    static void check(String source, org.yaml.snakeyaml.nodes.Node root, long maxNodes) {
        AliasGuard g = new AliasGuard(source);
        long total = g.size(root, 0);
        if (total <= maxNodes) {
            return;
        }
        org.yaml.snakeyaml.nodes.Node at = root;
        org.yaml.snakeyaml.nodes.Node next = g.childOver(at, maxNodes);
        while (next != null) {
            at = next;
            next = g.childOver(at, maxNodes);
        }
        if (g.sizes.size() > maxNodes) {
            // the values are written out, not multiplied by aliases: a big file, not an attack
            throw new ConfigException(g.mark(at), null, "this value holds " + g.sizes.get(at)
                    + " values (the whole file " + total + "); a config may hold at most " + maxNodes
                    + " (put data in data files: CSV or IDX)");
        }
        throw new ConfigException(g.mark(at), null, "this value expands through aliases to " + g.sizes.get(at)
                + " values (the whole file to " + total + "); a config may hold at most " + maxNodes
                + " (anchors nested inside each other like this are a 'billion laughs' attack)");
    }

    private long size(org.yaml.snakeyaml.nodes.Node n, int depth) {
        if (depth > YamlLoader.MAX_DEPTH) {
            throw new ConfigException(mark(n), null, "lists and mappings are nested more than " + YamlLoader.MAX_DEPTH
                    + " deep here (through aliases); no config needs that many levels");
        }
        Long known = sizes.get(n);
        if (known != null) {
            return known;
        }
        if (open.containsKey(n)) {
            String anchor = n.getAnchor() == null ? "" : " &" + n.getAnchor();
            throw new ConfigException(mark(n), null, "the anchor" + anchor + " is used inside its own value (a recursive"
                    + " structure); a config must be a finite tree");
        }
        open.put(n, Boolean.TRUE);
        long s = 1;
        if (n instanceof SequenceNode seq) {
            for (org.yaml.snakeyaml.nodes.Node item : seq.getValue()) {
                s = saturatedAdd(s, size(item, depth + 1));
            }
        } else if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                s = saturatedAdd(s, saturatedAdd(size(t.getKeyNode(), depth + 1), size(t.getValueNode(), depth + 1)));
            }
        }
        open.remove(n);
        sizes.put(n, s);
        return s;
    }

    /** The first child of {@code n} whose own expansion exceeds the limit, or null. */
    private org.yaml.snakeyaml.nodes.Node childOver(org.yaml.snakeyaml.nodes.Node n, long max) {
        if (n instanceof SequenceNode seq) {
            for (org.yaml.snakeyaml.nodes.Node item : seq.getValue()) {
                if (sizes.get(item) > max) {
                    return item;
                }
            }
        } else if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (sizes.get(t.getValueNode()) > max) {
                    return t.getValueNode();
                }
            }
        }
        return null;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    private Mark mark(org.yaml.snakeyaml.nodes.Node n) {
        org.yaml.snakeyaml.error.Mark m = n.getStartMark();
        return m == null ? Mark.of(source) : new Mark(source, m.getLine() + 1, m.getColumn() + 1);
    }
}
