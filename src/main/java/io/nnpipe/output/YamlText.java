package io.nnpipe.output;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes plain data (maps, lists, strings, numbers, booleans, null) as block-style YAML text that
 * is the same bytes for the same data on every JVM and locale: keys in the map's own iteration
 * order (callers pass insertion-ordered maps), numbers through {@link Num#format}, lists of
 * scalars in flow style ({@code [1, 0, 0, 1]}), everything else in block style. Strings are plain
 * when unambiguous and double-quoted otherwise, so that reading the text back with any YAML 1.1
 * or 1.2 loader gives the same values (e.g. {@code "yes"}, {@code "1e5"} and {@code "1"} stay
 * strings).
 */
public final class YamlText {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./+-]*");
    /** Hex digests are quoted whether or not they start with a digit, so that they all look alike. */
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{16,}");
    private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null");

    private YamlText() {
    }

    /** The text of a mapping at the top level, one key per line, ending with a newline. */
    public static String render(Map<String, ?> map) {
        StringBuilder b = new StringBuilder();
        mapping(b, map, 0);
        return b.toString();
    }

    /** A scalar (or flow list) as YAML, e.g. for a single line; maps are not accepted. */
    public static String scalar(Object value) {
        StringBuilder b = new StringBuilder();
        inline(b, value);
        return b.toString();
    }

    private static void mapping(StringBuilder b, Map<String, ?> map, int indent) {
        boolean first = true;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (!first || indent > 0) {
                pad(b, indent);
            }
            first = false;
            b.append(string(e.getKey())).append(':');
            value(b, e.getValue(), indent);
        }
    }

    /** Writes what follows {@code key:} (or {@code -}) on this line and the lines after it. */
    private static void value(StringBuilder b, Object v, int indent) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            b.append('\n');
            mapping(b, cast(m), indent + 2);
        } else if (v instanceof List<?> l && !l.isEmpty() && !isFlow(l)) {
            b.append('\n');
            sequence(b, l, indent + 2);
        } else {
            b.append(' ');
            inline(b, v);
            b.append('\n');
        }
    }

    private static void sequence(StringBuilder b, List<?> list, int indent) {
        for (Object item : list) {
            pad(b, indent);
            b.append('-');
            if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                // the first key shares the dash's line; the others align under it
                b.append(' ');
                StringBuilder inner = new StringBuilder();
                mapping(inner, cast(m), indent + 2);
                b.append(inner, indent + 2, inner.length());
            } else {
                value(b, item, indent);
            }
        }
    }

    /** Whether a list is written in flow style: it holds no mappings at any depth. */
    private static boolean isFlow(List<?> list) {
        for (Object item : list) {
            if (item instanceof Map<?, ?> m && !m.isEmpty() || item instanceof List<?> l && !isFlow(l)) {
                return false;
            }
        }
        return true;
    }

    private static void inline(StringBuilder b, Object v) {
        if (v instanceof Map<?, ?> m) {
            if (!m.isEmpty()) {
                throw new IllegalArgumentException("a non-empty mapping cannot be written inline");
            }
            b.append("{}");
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                b.append(i > 0 ? ", " : "");
                inline(b, l.get(i));
            }
            b.append(']');
        } else {
            b.append(atom(v));
        }
    }

    private static String atom(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return v.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return ".nan";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? ".inf" : "-.inf";
            }
            return Num.format(d);
        }
        return string(String.valueOf(v));
    }

    /** A string, plain when that reads back as the same string, else double-quoted. */
    static String string(String s) {
        if (PLAIN.matcher(s).matches() && !HEX.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c == '\u2028' || c == '\u2029' || c == '\ufeff') {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void pad(StringBuilder b, int indent) {
        for (int i = 0; i < indent; i++) {
            b.append(' ');
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> m) {
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw new IllegalArgumentException("mapping keys must be strings, found " + k);
            }
        }
        return (Map<String, ?>) m;
    }
}
