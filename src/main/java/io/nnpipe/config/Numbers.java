package io.nnpipe.config;

import java.util.regex.Pattern;

/** Reading numbers from YAML scalars, strictly: quoted strings are not numbers. */
public final class Numbers {
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d[\\d_]*)?(\\.\\d*)?([eE][-+]?\\d+)?");

    private Numbers() {
    }

    /**
     * The integer value of a scalar written as an integer (or as a float with an integral value,
     * such as {@code 2.0}); {@code null} for anything else.
     */
    public static Long toLong(Node n) {
        if (!(n instanceof Node.Scalar s) || !s.plain()) {
            return null;
        }
        String t = s.text().replace("_", "");
        if (s.kind() == Node.Kind.INT) {
            if (ambiguousOctal(t)) {
                return null;
            }
            try {
                if (t.startsWith("0x") || t.startsWith("+0x")) {
                    return Long.parseLong(t.substring(t.indexOf('x') + 1), 16);
                }
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        Double d = toDouble(n);
        if (d != null && Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return (long) (double) d;
        }
        return null;
    }

    /**
     * The value of a plain scalar written as a number ({@code 0.1}, {@code 1e-3}, {@code .5},
     * {@code .inf}, {@code .nan}); {@code null} for anything else. Non-finite values are returned
     * as such so callers can name them in their messages.
     */
    public static Double toDouble(Node n) {
        if (!(n instanceof Node.Scalar s) || !s.plain()) {
            return null;
        }
        String t = s.text();
        switch (t) {
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
                return Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF":
                return Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN":
                return Double.NaN;
            default:
                break;
        }
        if (s.kind() == Node.Kind.INT) {
            Long l = toLongInt(t);
            return l == null ? null : (double) l;
        }
        if (s.kind() != Node.Kind.FLOAT && s.kind() != Node.Kind.STRING) {
            return null;
        }
        if (!DECIMAL.matcher(t).matches() || t.chars().noneMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Double.parseDouble(t.replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long toLongInt(String t) {
        try {
            String u = t.replace("_", "");
            if (ambiguousOctal(u)) {
                return null;
            }
            if (u.startsWith("0x")) {
                return Long.parseLong(u.substring(2), 16);
            }
            return Long.parseLong(u);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * An integer with a leading zero whose value differs between YAML 1.1 (octal: {@code 010} is
     * 8, as PyYAML reads it) and YAML 1.2 (decimal: 10). It was read as 10 without a word, so
     * one file meant another number to a Python reader (QA, second pass); it is refused instead.
     * {@code 00} and {@code 07} mean the same in both and are read.
     */
    static boolean ambiguousOctal(String t) {
        String u = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        if (!u.matches("0[0-7]+") || u.length() > 20) {
            return false;
        }
        return Long.parseLong(u, 8) != Long.parseLong(u);
    }

    /**
     * A hint for a value that looks like a number but is not read as one: {@code " (in quotes, so
     * it is text; remove the quotes)"}, or why a YAML number form is not read.
     */
    static String quotedHint(Node n) {
        if (n instanceof Node.Scalar s && s.plain() && s.kind() == Node.Kind.INT
                && ambiguousOctal(s.text().replace("_", ""))) {
            return " (a leading 0 makes it octal in YAML 1.1, as PyYAML reads it, but decimal in YAML 1.2; write it"
                    + " without the 0)";
        }
        if (n instanceof Node.Scalar s && s.plain() && (s.kind() == Node.Kind.INT || s.kind() == Node.Kind.FLOAT)
                && !DECIMAL.matcher(s.text()).matches() && !s.text().matches("[-+]?0x[0-9a-fA-F_]+")
                && !isNonFinite(toDouble(s))) {
            // "found the number 1:30" next to "expected an integer" puzzled (QA, second pass);
            // .nan and .inf are read, just not finite: the hint called them base 60 (QA, fourth pass)
            return " (YAML 1.1 reads this as a number, but in a form nnpipe does not: base 60, binary or octal;"
                    + " write it in decimal)";
        }
        if (n instanceof Node.Scalar s && !s.plain() && s.kind() == Node.Kind.STRING) {
            Node.Scalar asPlain = new Node.Scalar(s.mark(), s.path(), s.text().strip(), Node.Kind.STRING, true);
            if (Numbers.toDouble(asPlain) != null) {
                return " (in quotes, so it is text; remove the quotes)";
            }
        }
        return "";
    }

    private static boolean isNonFinite(Double d) {
        return d != null && !Double.isFinite(d);
    }

    /**
     * {@code "an integer from 1 to 64"} style phrase for messages. A bound one step inside a round
     * number is shown as exclusive ({@code Double.MIN_VALUE} as "{@code > 0}",
     * {@code Math.nextDown(1.0)} as "{@code < 1}"); the type's extremes mean "no bound".
     */
    static String range(String what, double min, double max) {
        boolean noMin = min <= -Double.MAX_VALUE || min == Integer.MIN_VALUE || min == Long.MIN_VALUE;
        boolean noMax = max >= Double.MAX_VALUE || max == Integer.MAX_VALUE || max == Long.MAX_VALUE;
        boolean minOpen = !noMin && !round(min) && round(Math.nextDown(min));
        boolean maxOpen = !noMax && !round(max) && round(Math.nextUp(max));
        String lo = noMin ? null : minOpen ? "> " + fmt(Math.nextDown(min)) : ">= " + fmt(min);
        String hi = noMax ? null : maxOpen ? "< " + fmt(Math.nextUp(max)) : "<= " + fmt(max);
        if (lo == null && hi == null) {
            return what;
        }
        if (lo == null || hi == null) {
            return what + " " + (lo == null ? hi : lo);
        }
        if (!minOpen && !maxOpen) {
            return what + " from " + fmt(min) + " to " + fmt(max);
        }
        return what + " " + lo + " and " + hi;
    }

    /** Whether a bound is a number a person would write (at most 6 significant digits). */
    private static boolean round(double v) {
        if (v == 0) {
            return true;
        }
        java.math.BigDecimal d = new java.math.BigDecimal(v).stripTrailingZeros();
        return d.precision() <= 6;
    }

    /** A bound as a person would write it: {@code 1000000}, {@code 0.5}, {@code 1e-8}. */
    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e15) {
            return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
        return Double.toString(v).replace(".0E", "E").replace("E", "e");
    }
}
