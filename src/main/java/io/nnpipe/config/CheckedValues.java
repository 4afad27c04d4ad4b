package io.nnpipe.config;

import java.util.List;
import java.util.Locale;

/**
 * Reads one present node as a typed value: a string, a boolean, a number or a pair or list of
 * integers within bounds. Each method returns the value, or reports at the node what was expected and what was found (the
 * range named, a quoted number hinted at) and returns {@code null}; the caller then falls back to
 * its default, so that reading goes on and every problem is reported in one pass. Knows nothing of
 * keys: {@link Params} decides what is required, what is defaulted and what is resolved.
 */
final class CheckedValues {
    private CheckedValues() {
    }

    /** A scalar's text; {@code null} for a null node, or after reporting a mapping or list. */
    static String text(Node n, Diagnostics diagnostics) {
        if (n == null || n instanceof Node.Scalar s && s.kind() == Node.Kind.NULL) {
            return null;
        }
        if (n instanceof Node.Scalar s) {
            return s.text();
        }
        diagnostics.error(n, "expected a string, found " + n.describe());
        return null;
    }

    /** A scalar YAML resolved as a boolean: true when it is true, yes, on or y (in any case). */
    static Boolean bool(Node n, Diagnostics diagnostics) {
        if (n instanceof Node.Scalar s && s.kind() == Node.Kind.BOOL) {
            String t = s.text().toLowerCase(Locale.ROOT);
            return Boolean.parseBoolean(t) || List.of("yes", "on", "y").contains(t);
        }
        diagnostics.error(n, "expected true or false, found " + n.describe());
        return null;
    }

    /** An integer in {@code [min, max]}. */
    static Integer integer(Node n, int min, int max, Diagnostics diagnostics) {
        Long v = Numbers.toLong(n);
        if (v == null) {
            notA(n, Numbers.range("an integer", min, max), diagnostics);
            return null;
        }
        if (v < min || v > max) {
            diagnostics.error(n, "expected " + Numbers.range("an integer", min, max) + ", found " + v);
            return null;
        }
        return v.intValue();
    }

    /** A 64-bit integer. */
    static Long longValue(Node n, Diagnostics diagnostics) {
        Long v = Numbers.toLong(n);
        if (v == null) {
            // name the range: "expected an integer, found 99999999999999999999999" would puzzle
            notA(n, "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE, diagnostics);
        }
        return v;
    }

    /** A finite number in {@code [min, max]}. */
    static Double number(Node n, double min, double max, Diagnostics diagnostics) {
        Double v = Numbers.toDouble(n);
        if (v == null) {
            notA(n, Numbers.range("a number", min, max), diagnostics);
            return null;
        }
        if (!Double.isFinite(v)) {
            diagnostics.error(n, "expected " + Numbers.range("a finite number", min, max) + ", found "
                    + ((Node.Scalar) n).text());
            return null;
        }
        if (v < min || v > max) {
            diagnostics.error(n, "expected " + Numbers.range("a number", min, max) + ", found " + ((Node.Scalar) n).text());
            return null;
        }
        return v;
    }

    /** Reports that {@code n} is not {@code expected} at all, hinting at a quoted number. */
    private static void notA(Node n, String expected, Diagnostics diagnostics) {
        diagnostics.error(n, "expected " + expected + ", found " + n.describe() + Numbers.quotedHint(n));
    }

    /** What {@link #pair} expects, as said when a pair is missing or wrong. */
    static String pairExpected(int min, int max) {
        return Numbers.range("an integer", min, max) + " or a list of two such integers";
    }

    /**
     * Two integers in {@code [min, max]}, written as one integer (both the same) or {@code [a, b]}.
     * A wrong item is reported at the item, a list of another length at the list.
     */
    static int[] pair(Node n, int min, int max, Diagnostics diagnostics) {
        if (n instanceof Node.ListNode l) {
            if (l.items().size() != 2) {
                diagnostics.error(n, "expected " + pairExpected(min, max) + ", found " + n.describe());
                return null;
            }
            return items(l.items(), min, max, diagnostics);
        }
        Long v = Numbers.toLong(n);
        if (v == null || v < min || v > max) {
            diagnostics.error(n, "expected " + pairExpected(min, max) + ", found " + n.describe());
            return null;
        }
        return new int[] {v.intValue(), v.intValue()};
    }

    /** A non-empty list of integers, each in {@code [min, max]}; a wrong item is reported at the item. */
    static int[] intList(Node n, int min, int max, Diagnostics diagnostics) {
        if (!(n instanceof Node.ListNode l) || l.items().isEmpty()) {
            diagnostics.error(n, "expected a list of integers, found " + n.describe());
            return null;
        }
        return items(l.items(), min, max, diagnostics);
    }

    /** Every item as an integer in {@code [min, max]}; null after reporting the first that is not. */
    private static int[] items(List<Node> items, int min, int max, Diagnostics diagnostics) {
        int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++) {
            Node item = items.get(i);
            Long v = Numbers.toLong(item);
            if (v == null || v < min || v > max) {
                diagnostics.error(item, "expected " + Numbers.range("an integer", min, max) + ", found " + item.describe());
                return null;
            }
            out[i] = v.intValue();
        }
        return out;
    }
}
