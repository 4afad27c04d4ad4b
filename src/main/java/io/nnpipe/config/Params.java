package io.nnpipe.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, checked access to the keys of one mapping in the config. Every getter names the key it
 * reads, so that {@link #finish()} can report keys nobody asked for as unknown, with a
 * did-you-mean. Invalid values are recorded in the shared {@link Diagnostics} and a fallback is
 * returned, so that reading continues and every problem is reported in one pass. Each value read
 * (or defaulted) is also recorded in {@link #resolved()}, which becomes the resolved config of the
 * run manifest.
 */
public final class Params {
    private final Node.MapNode node;
    private final Diagnostics diagnostics;
    private final KeyLedger keys;
    private final Map<String, Object> resolved = new LinkedHashMap<>();
    /** Set when this mapping stands in for one that is wrong or absent (already reported). */
    private final boolean standIn;

    public Params(Node.MapNode node, Diagnostics diagnostics) {
        this(node, diagnostics, false);
    }

    private Params(Node.MapNode node, Diagnostics diagnostics, boolean standIn) {
        this.node = node;
        this.diagnostics = diagnostics;
        this.standIn = standIn;
        this.keys = new KeyLedger(node, diagnostics);
    }

    /**
     * Params for {@code n} if it is a mapping; otherwise reports that a mapping was expected and
     * returns params over an empty mapping at the same place, which report no missing keys (one
     * mistake, one message).
     */
    public static Params of(Node n, Diagnostics diagnostics, String what) {
        if (n instanceof Node.MapNode m) {
            return new Params(m, diagnostics);
        }
        diagnostics.error(n, "expected " + what + (what.contains("mapping") ? "" : " (a mapping of keys to values)")
                + ", found " + n.describe());
        return standIn(n.mark(), n.path(), diagnostics);
    }

    private static Params standIn(Mark mark, String path, Diagnostics diagnostics) {
        return new Params(new Node.MapNode(mark, path, Map.of()), diagnostics, true);
    }

    /** Whether this mapping stands in for a wrong or absent one, whose problem was already reported. */
    public boolean isStandIn() {
        return standIn;
    }

    public Node.MapNode node() {
        return node;
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** The path of this mapping. */
    public String path() {
        return node.path();
    }

    /** The path of a key of this mapping. */
    public String path(String key) {
        return Node.child(node.path(), key);
    }

    /** Whether the key is present (and not null). Marks it as known. */
    public boolean has(String key) {
        keys.know(key);
        Node n = node.get(key);
        return n != null && !(n instanceof Node.Scalar s && s.kind() == Node.Kind.NULL);
    }

    /** The raw node of a key, or {@code null}. Marks it as known; records nothing as resolved. */
    public Node raw(String key) {
        keys.know(key);
        return node.get(key);
    }

    /** Marks keys as known without reading them (read elsewhere). */
    public void accept(String... names) {
        for (String k : names) {
            keys.know(k);
        }
    }

    /** Records a resolved value for the manifest (for values read through {@link #raw}). */
    public void resolve(String key, Object value) {
        resolved.put(key, value);
    }

    /** The values read so far, defaults included, in reading order. */
    public Map<String, Object> resolved() {
        return resolved;
    }

    /** Reports a problem at a key's value (or at this mapping when the key is absent). */
    public void error(String key, String message) {
        Node n = node.get(key);
        if (n != null) {
            diagnostics.error(n, message);
        } else {
            diagnostics.error(node.mark(), path(key), message);
        }
    }

    /**
     * Reports that a required key is absent (at this mapping) or null (at its value), saying what
     * it should hold. Nothing is reported for a stand-in mapping. A missing key that is explained
     * by a misspelt one is folded into the unknown-key message by {@link #finish()}.
     */
    public void missing(String key, String what) {
        keys.know(key);
        if (standIn) {
            return;
        }
        Node n = node.get(key);
        if (n != null) {
            diagnostics.error(n, "expected " + what + ", found " + n.describe());
        } else {
            keys.missing(key, what);
        }
    }

    /** Reports a problem at this mapping. */
    public void error(String message) {
        diagnostics.error(node, message);
    }

    // ---- scalars -----------------------------------------------------------------------------

    /** A required string. */
    public String string(String key) {
        if (!has(key)) {
            missing(key, "a string");
            return "";
        }
        String s = optString(key);
        return s == null ? "" : s;
    }

    /** A string or the default when absent. */
    public String string(String key, String dflt) {
        String s = has(key) ? optString(key) : dflt;
        resolved.put(key, s);
        return s == null ? dflt : s;
    }

    private String optString(String key) {
        Node n = raw(key);
        if (n == null || isNull(n)) {
            return null;
        }
        if (n instanceof Node.Scalar s) {
            resolved.put(key, s.text());
            return s.text();
        }
        diagnostics.error(n, "expected a string, found " + n.describe());
        return null;
    }

    /**
     * A required name such as a layer type or an initializer id, described by {@code what}. When it
     * is absent, null, not a scalar or blank, that is reported (a misspelt key folded in) and ""
     * returned: "" always means "already reported".
     */
    public String id(String key, String what) {
        if (!has(key)) {
            missing(key, what);
            foldTypo(key);
            return "";
        }
        String s = optString(key);
        if (s != null && s.isBlank()) {
            diagnostics.error(node.get(key), "expected " + what + ", found an empty name");
            return "";
        }
        return s == null ? "" : s;
    }

    /** One of a fixed set of names; the default when absent. */
    public String choice(String key, String dflt, List<String> allowed) {
        String s = has(key) ? optString(key) : dflt;
        if (s == null) {
            if (dflt == null && !has(key)) {
                missing(key, "one of " + Messages.oneOf(allowed));
            }
            return dflt;
        }
        if (!allowed.contains(s)) {
            error(key, "expected one of " + Messages.oneOf(allowed) + ", found \"" + Messages.clip(s) + "\""
                    + Messages.didYouMean(s, allowed));
            return dflt == null ? allowed.get(0) : dflt;
        }
        resolved.put(key, s);
        return s;
    }

    /** A boolean, or the default when absent. */
    public boolean bool(String key, boolean dflt) {
        if (!has(key)) {
            resolved.put(key, dflt);
            return dflt;
        }
        Node n = raw(key);
        if (n instanceof Node.Scalar s && s.kind() == Node.Kind.BOOL) {
            boolean b = Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT))
                    || List.of("yes", "on", "y").contains(s.text().toLowerCase(java.util.Locale.ROOT));
            resolved.put(key, b);
            return b;
        }
        diagnostics.error(n, "expected true or false, found " + n.describe());
        return dflt;
    }

    /** A required integer in {@code [min, max]}. */
    public int integer(String key, int min, int max) {
        if (!has(key)) {
            missing(key, Numbers.range("an integer", min, max));
            return min;
        }
        return readInt(key, min, max, min);
    }

    /** An integer in {@code [min, max]}, or the default when absent. */
    public int integer(String key, int dflt, int min, int max) {
        if (!has(key)) {
            resolved.put(key, dflt);
            return dflt;
        }
        return readInt(key, min, max, dflt);
    }

    private int readInt(String key, int min, int max, int fallback) {
        Node n = raw(key);
        Long v = Numbers.toLong(n);
        if (v == null) {
            diagnostics.error(n, "expected " + Numbers.range("an integer", min, max) + ", found " + n.describe()
                    + Numbers.quotedHint(n));
            return fallback;
        }
        if (v < min || v > max) {
            diagnostics.error(n, "expected " + Numbers.range("an integer", min, max) + ", found " + v);
            return fallback;
        }
        resolved.put(key, v.intValue());
        return v.intValue();
    }

    /** A 64-bit integer (e.g. a seed), or the default when absent. */
    public long longValue(String key, long dflt) {
        if (!has(key)) {
            resolved.put(key, dflt);
            return dflt;
        }
        Node n = raw(key);
        Long v = Numbers.toLong(n);
        if (v == null) {
            // name the range: "expected an integer, found 99999999999999999999999" would puzzle
            diagnostics.error(n, "expected an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ", found "
                    + n.describe() + Numbers.quotedHint(n));
            return dflt;
        }
        resolved.put(key, v);
        return v;
    }

    /** A required finite number in {@code [min, max]}. */
    public double number(String key, double min, double max) {
        if (!has(key)) {
            missing(key, Numbers.range("a number", min, max));
            return min;
        }
        return readNumber(key, min, max, min);
    }

    /** A finite number in {@code [min, max]}, or the default when absent. */
    public double number(String key, double dflt, double min, double max) {
        if (!has(key)) {
            resolved.put(key, dflt);
            return dflt;
        }
        return readNumber(key, min, max, dflt);
    }

    private double readNumber(String key, double min, double max, double fallback) {
        Node n = raw(key);
        Double v = Numbers.toDouble(n);
        if (v == null) {
            diagnostics.error(n, "expected " + Numbers.range("a number", min, max) + ", found " + n.describe()
                    + Numbers.quotedHint(n));
            return fallback;
        }
        if (!Double.isFinite(v)) {
            diagnostics.error(n, "expected " + Numbers.range("a finite number", min, max) + ", found "
                    + ((Node.Scalar) n).text());
            return fallback;
        }
        if (v < min || v > max) {
            diagnostics.error(n, "expected " + Numbers.range("a number", min, max) + ", found " + ((Node.Scalar) n).text());
            return fallback;
        }
        resolved.put(key, v);
        return v;
    }

    /**
     * A pair of positive sizes written as one integer (both the same) or {@code [a, b]}; e.g. a
     * kernel of 2 or [2, 3]. Returns the default when absent.
     */
    public int[] pair(String key, int[] dflt, int min, int max) {
        if (!has(key)) {
            if (dflt != null) {
                resolved.put(key, List.of(dflt[0], dflt[1]));
            } else {
                missing(key, Numbers.range("an integer", min, max) + " or a list of two such integers");
            }
            return dflt == null ? new int[] {Math.max(min, 1), Math.max(min, 1)} : dflt;
        }
        Node n = raw(key);
        String expected = Numbers.range("an integer", min, max) + " or a list of two such integers";
        int[] out = new int[2];
        if (n instanceof Node.ListNode l) {
            if (l.items().size() != 2) {
                diagnostics.error(n, "expected " + expected + ", found " + n.describe());
                return dflt == null ? new int[] {1, 1} : dflt;
            }
            for (int i = 0; i < 2; i++) {
                Long v = Numbers.toLong(l.items().get(i));
                if (v == null || v < min || v > max) {
                    diagnostics.error(l.items().get(i), "expected " + Numbers.range("an integer", min, max)
                            + ", found " + l.items().get(i).describe());
                    return dflt == null ? new int[] {1, 1} : dflt;
                }
                out[i] = v.intValue();
            }
        } else {
            Long v = Numbers.toLong(n);
            if (v == null || v < min || v > max) {
                diagnostics.error(n, "expected " + expected + ", found " + n.describe());
                return dflt == null ? new int[] {1, 1} : dflt;
            }
            out[0] = v.intValue();
            out[1] = v.intValue();
        }
        resolved.put(key, List.of(out[0], out[1]));
        return out;
    }

    /** A list of integers (e.g. a shape), each in {@code [min, max]}; {@code null} when absent. */
    public int[] intList(String key, int min, int max) {
        if (!has(key)) {
            return null;
        }
        Node n = raw(key);
        if (!(n instanceof Node.ListNode l) || l.items().isEmpty()) {
            diagnostics.error(n, "expected a list of integers, found " + n.describe());
            return null;
        }
        int[] out = new int[l.items().size()];
        List<Integer> res = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            Node item = l.items().get(i);
            Long v = Numbers.toLong(item);
            if (v == null || v < min || v > max) {
                diagnostics.error(item, "expected " + Numbers.range("an integer", min, max) + ", found " + item.describe());
                return null;
            }
            out[i] = v.intValue();
            res.add(out[i]);
        }
        resolved.put(key, res);
        return out;
    }

    // ---- nested ------------------------------------------------------------------------------

    /** The mapping under a key (empty params at this place when absent); recorded in resolved. */
    public Params child(String key) {
        Node n = raw(key);
        Params p = n == null || isNull(n)
                ? new Params(new Node.MapNode(node.mark(), path(key), Map.of()), diagnostics, standIn)
                : of(n, diagnostics, "a mapping of keys to values");
        resolved.put(key, p.resolved);
        return p;
    }

    /**
     * The mapping under a required key. When it is absent or null, that one problem is reported
     * (saying it should hold {@code what}) and the returned stand-in reports no missing keys.
     */
    public Params requiredChild(String key, String what) {
        if (!has(key)) {
            missing(key, what);
            Params p = standIn(node.get(key) != null ? node.get(key).mark() : node.mark(), path(key), diagnostics);
            resolved.put(key, p.resolved);
            return p;
        }
        return child(key);
    }

    // ---- end ---------------------------------------------------------------------------------

    /** Reports every present key that no getter asked for, with a did-you-mean. */
    public void finish() {
        keys.finish();
    }

    /**
     * Folds a misspelling of the required {@code key} into one message, without judging the
     * other keys (for a mapping whose schema is unknown because its {@code type} is missing).
     */
    public void foldTypo(String key) {
        keys.foldTypo(key);
    }

    private static boolean isNull(Node n) {
        return n instanceof Node.Scalar s && s.kind() == Node.Kind.NULL;
    }
}
