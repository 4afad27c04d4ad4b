package io.nnpipe.output;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes doubles as the shortest decimal that reads back to the identical double, the same on
 * every JVM and locale ({@link Double#toString(double)} is not: Java 17 and Java 19+ print some
 * values with different digits). Among equally short decimals the one nearest the value is taken
 * (ties to even). Form: plain decimal for 1e-6 ≤ |v| < 1e21 ({@code 0.1}, {@code -2},
 * {@code 123.456}), otherwise scientific ({@code 1.5e-10}, {@code 2e+21}); zeros are {@code 0} and
 * {@code -0}; non-finite values are {@code NaN}, {@code Infinity}, {@code -Infinity}. Every form is
 * accepted by {@link Double#parseDouble}, Python's {@code float} and spreadsheet tools.
 *
 * <p>Most values take {@link ShortestDigits}, exact 128-bit integer arithmetic; the rest (powers
 * of two, subnormals, very large or very small magnitudes) the exact {@link BigDecimal} search
 * below, which defines the result (tests check that the two agree).
 */
public final class Num {
    private static final MathContext[] CONTEXTS = new MathContext[18];

    static {
        for (int p = 1; p <= 17; p++) {
            CONTEXTS[p] = new MathContext(p, RoundingMode.HALF_EVEN);
        }
    }

    private Num() {
    }

    /** The shortest round-tripping decimal form of {@code v}. */
    public static String format(double v) {
        return append(new StringBuilder(24), v).toString();
    }

    /**
     * Appends {@link #format}'s form of {@code v} to {@code b} and returns {@code b}. Writes the
     * common values (integers, and the digits {@link ShortestDigits} finds) without an
     * intermediate string, so a snapshot of many parameters after every epoch allocates little
     * (docs/performance.md, "Memory").
     */
    public static StringBuilder append(StringBuilder b, double v) {
        if (Double.isNaN(v)) {
            return b.append("NaN");
        }
        if (Double.isInfinite(v)) {
            return b.append(v > 0 ? "Infinity" : "-Infinity");
        }
        if (v == 0) {
            return b.append(Double.doubleToRawLongBits(v) < 0 ? "-0" : "0");
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return b.append((long) v);
        }
        if (v < 0) {
            b.append('-');
        }
        ShortestDigits fast = ShortestDigits.of(Math.abs(v));
        if (fast != null) {
            return digits(b, fast.digits(), fast.exponent());
        }
        BigDecimal exact = new BigDecimal(v);
        BigDecimal r = exact.round(CONTEXTS[shortestPrecision(v, exact)]).stripTrailingZeros();
        String digits = r.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - r.scale();
        if (exponent >= -6 && exponent < 21) {
            plain(b, digits, exponent);
        } else {
            b.append(digits.charAt(0));
            if (digits.length() > 1) {
                b.append('.').append(digits, 1, digits.length());
            }
            b.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return b;
    }

    /** Appends significant digits d (no trailing zeros) whose first digit has decimal exponent e, as {@link #plain} or scientific. */
    private static StringBuilder digits(StringBuilder b, long d, int e) {
        int start = b.length();
        if (e >= -6 && e < 21) {
            if (e < 0) {
                b.append("0.");
                for (int i = -1; i > e; i--) {
                    b.append('0');
                }
                return b.append(d);
            }
            b.append(d);
            int n = b.length() - start;
            if (n <= e + 1) {
                for (int i = n; i <= e; i++) {
                    b.append('0');
                }
                return b;
            }
            return b.insert(start + e + 1, '.');
        }
        b.append(d);
        if (b.length() - start > 1) {
            b.insert(start + 1, '.');
        }
        return b.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }

    /**
     * The fewest significant digits p such that v rounded to p digits (half even) reads back as v.
     * Tried in order from 1 that needs up to 17 exact roundings; instead this starts from the
     * length of {@link Double#toString}'s digits, which always read back, so p is at most that
     * length, and walks down while one digit fewer still reads back. The two agree because the
     * digits that read back form an upward-closed set: the nearest (p+1)-digit decimal is never
     * farther from v than the nearest p-digit one, and v's rounding interval is symmetric. The
     * one exception, a power of two (its interval is narrower below), takes the loop from 1.
     */
    static int shortestPrecision(double v, BigDecimal exact) {
        long bits = Double.doubleToRawLongBits(v);
        boolean powerOfTwo = (bits & 0x000FFFFFFFFFFFFFL) == 0;
        int n = powerOfTwo ? 17 : Math.min(17, significantDigits(Double.toString(v)));
        if (powerOfTwo || !readsBack(v, exact, n)) {
            for (int p = 1; p < 17; p++) {
                if (readsBack(v, exact, p)) {
                    return p;
                }
            }
            return 17;
        }
        int p = n;
        while (p > 1 && readsBack(v, exact, p - 1)) {
            p--;
        }
        return p;
    }

    private static boolean readsBack(double v, BigDecimal exact, int p) {
        return Double.parseDouble(exact.round(CONTEXTS[p]).toString()) == v;
    }

    /** Significant digits of a {@link Double#toString} form such as -0.00125, 1.5E-7 or 120.0. */
    private static int significantDigits(String s) {
        int end = s.indexOf('E');
        if (end < 0) {
            end = s.length();
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c >= '1' && c <= '9') {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0) {
            return 1;
        }
        int digits = last - first + 1;
        int dot = s.indexOf('.');
        return dot > first && dot < last ? digits - 1 : digits;
    }

    private static void plain(StringBuilder b, String digits, int exponent) {
        if (exponent < 0) {
            b.append("0.");
            for (int i = -1; i > exponent; i--) {
                b.append('0');
            }
            b.append(digits);
        } else if (digits.length() <= exponent + 1) {
            b.append(digits);
            for (int i = digits.length(); i <= exponent; i++) {
                b.append('0');
            }
        } else {
            b.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
    }
}
