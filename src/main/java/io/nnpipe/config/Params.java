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
        String s = CheckedValues.text(raw(key), diagnostics);
        if (s != null) {
            resolved.put(key, s);
        }
        return s;
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
            return record(key, dflt);
        }
        Boolean b = CheckedValues.bool(raw(key), diagnostics);
        return b == null ? dflt : record(key, b);
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
            return record(key, dflt);
        }
        return readInt(key, min, max, dflt);
    }

    private int readInt(String key, int min, int max, int fallback) {
        Integer v = CheckedValues.integer(raw(key), min, max, diagnostics);
        return v == null ? fallback : record(key, v);
    }

    /** A 64-bit integer (e.g. a seed), or the default when absent. */
    public long longValue(String key, long dflt) {
        if (!has(key)) {
            return record(key, dflt);
        }
        Long v = CheckedValues.longValue(raw(key), diagnostics);
        return v == null ? dflt : record(key, v);
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
            return record(key, dflt);
        }
        return readNumber(key, min, max, dflt);
    }

    private double readNumber(String key, double min, double max, double fallback) {
        Double v = CheckedValues.number(raw(key), min, max, diagnostics);
        return v == null ? fallback : record(key, v);
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
                missing(key, CheckedValues.pairExpected(min, max));
            }
            return dflt == null ? new int[] {Math.max(min, 1), Math.max(min, 1)} : dflt;
        }
        int[] out = CheckedValues.pair(raw(key), min, max, diagnostics);
        if (out == null) {
            return dflt == null ? new int[] {1, 1} : dflt;
        }
        resolved.put(key, List.of(out[0], out[1]));
        return out;
    }

    /** A list of integers (e.g. a shape), each in {@code [min, max]}; {@code null} when absent. */
    public int[] intList(String key, int min, int max) {
        if (!has(key)) {
            return null;
        }
        int[] out = CheckedValues.intList(raw(key), min, max, diagnostics);
        if (out != null) {
            List<Integer> res = new ArrayList<>();
            for (int v : out) {
                res.add(v);
            }
            resolved.put(key, res);
        }
        return out;
    }

    /** Records {@code value} as the resolved value of {@code key} and returns it. */
    private <T> T record(String key, T value) {
        resolved.put(key, value);
        return value;
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
