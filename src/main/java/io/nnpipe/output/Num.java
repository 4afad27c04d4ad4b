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
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) < 0 ? "-0" : "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        BigDecimal exact = new BigDecimal(v);
        BigDecimal r = exact;
        for (int p = 1; p <= 17; p++) {
            r = exact.round(CONTEXTS[p]);
            if (Double.parseDouble(r.toString()) == v) {
                break;
            }
        }
        r = r.stripTrailingZeros();
        String digits = r.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - r.scale();
        StringBuilder b = new StringBuilder(24);
        if (v < 0) {
            b.append('-');
        }
        if (exponent >= -6 && exponent < 21) {
            plain(b, digits, exponent);
        } else {
            b.append(digits.charAt(0));
            if (digits.length() > 1) {
                b.append('.').append(digits, 1, digits.length());
            }
            b.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return b.toString();
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
