package io.nnpipe.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts a {@link Node} tree to plain Java values (maps, lists, strings, numbers, booleans, null). */
public final class Plain {
    private Plain() {
    }

    /** The node as plain data: numbers as Long or Double, booleans as Boolean. */
    public static Object of(Node n) {
        if (n instanceof Node.MapNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, e) -> out.put(k, of(e.value())));
            return out;
        }
        if (n instanceof Node.ListNode l) {
            List<Object> out = new ArrayList<>(l.items().size());
            for (Node item : l.items()) {
                out.add(of(item));
            }
            return out;
        }
        Node.Scalar s = (Node.Scalar) n;
        return switch (s.kind()) {
            case NULL -> null;
            case BOOL -> Boolean.valueOf(s.text().equalsIgnoreCase("true") || s.text().equalsIgnoreCase("yes")
                    || s.text().equalsIgnoreCase("on") || s.text().equalsIgnoreCase("y"));
            case INT -> {
                Long v = Numbers.toLong(s);
                yield v != null ? (Object) v : s.text();
            }
            case FLOAT -> {
                Double v = Numbers.toDouble(s);
                yield v != null ? (Object) v : s.text();
            }
            case STRING -> s.text();
        };
    }
}
