package io.nnpipe.output;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Escaping and number display for the HTML report. */
final class Html {
    private Html() {
    }

    /** Text safe in HTML element content and in quoted attribute values; control characters become U+FFFD. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                // control characters (a "\u0000" in a quoted YAML description) are HTML parse errors
                default -> b.append((c < ' ' && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }

    /**
     * {@code v} to {@code digits} significant digits, for reading ({@code 0.6318}, {@code -0.07364},
     * {@code 1.235e-7}); the exact value is always available beside it through {@link Num#format}.
     * Plain for 1e-4 ≤ |v| < 1e6, scientific otherwise; locale-independent.
     */
    static String rounded(double v, int digits) {
        if (!Double.isFinite(v) || v == 0) {
            return Num.format(v == 0 ? 0.0 : v);
        }
        BigDecimal r = new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        int exponent = r.precision() - r.scale() - 1;
        if (exponent >= -4 && exponent < 6) {
            return r.toPlainString();
        }
        String digitsText = r.unscaledValue().abs().toString();
        StringBuilder b = new StringBuilder(v < 0 ? "-" : "");
        b.append(digitsText.charAt(0));
        if (digitsText.length() > 1) {
            b.append('.').append(digitsText, 1, digitsText.length());
        }
        return b.append('e').append(exponent).toString();
    }

    /** A number as a {@code <span>} showing it rounded, with the exact value as its tooltip. */
    static String number(double v, int digits) {
        return "<span title=\"" + Num.format(v) + "\">" + rounded(v, digits) + "</span>";
    }
}
