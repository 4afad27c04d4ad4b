package io.nnpipe.config;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Refuses a mapping with two merge keys ({@code <<: *a} and {@code <<: *b}): that is a duplicate
 * key, and loaders disagree on which one wins (SnakeYAML merged the first one's keys over the
 * second's, PyYAML the second's over the first's), so the same file built two different networks
 * (found in QA's second pass). {@code <<: [*a, *b]} says it once, with a defined order. Looks at
 * the graph composed without merging, where the keys are still there; aliased nodes once each.
 */
final class MergeKeys {
    private final String source;
    private final Diagnostics diagnostics;
    private final Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    private MergeKeys(String source, Diagnostics diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    /** Adds a problem to {@code diagnostics} for every second (third, ...) merge key of a mapping in {@code root}. */
    static void check(String source, Node root, Diagnostics diagnostics) {
        new MergeKeys(source, diagnostics).visit(root, "");
    }

    private void visit(Node n, String path) {
        if (!seen.add(n)) {
            return;
        }
        if (n instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                visit(s.getValue().get(i), io.nnpipe.config.Node.element(path, i));
            }
        } else if (n instanceof MappingNode m) {
            Mark first = null;
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                String child = io.nnpipe.config.Node.child(path, key);
                if (t.getKeyNode() instanceof ScalarNode k && Tag.MERGE.equals(k.getTag())) {
                    Mark at = mark(k);
                    if (first == null) {
                        first = at;
                    } else {
                        diagnostics.error(at, child, "a second merge key '<<' in one mapping (the first is at line "
                                + first.line() + "); merge several mappings with one key, e.g. <<: [*a, *b], where"
                                + " the first listed wins");
                    }
                }
                visit(t.getValueNode(), child);
            }
        }
    }

    private Mark mark(Node n) {
        org.yaml.snakeyaml.error.Mark m = n.getStartMark();
        return m == null ? Mark.of(source) : new Mark(source, m.getLine() + 1, m.getColumn() + 1);
    }
}
