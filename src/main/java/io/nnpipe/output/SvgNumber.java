package io.nnpipe.output;

/**
 * Coordinates as SVG text: rounded to 1/1000 (a thousandth of a pixel is far below what any
 * screen or zoom shows), written without trailing zeros, by integer arithmetic so the text is the
 * same on every JVM (unlike {@code Double.toString}, whose digits changed in Java 19) and in
 * every locale.
 */
final class SvgNumber {
    private SvgNumber() {
    }

    /** {@code v} in thousandths, rounded half up ({@link Math#round}). */
    static long thousandths(double v) {
        return Math.round(v * 1000);
    }

    /** Appends {@code v} rounded to 3 decimals: {@code 12}, {@code -0.5}, {@code 3.142}. */
    static StringBuilder append(StringBuilder b, double v) {
        return appendThousandths(b, thousandths(v));
    }

    /** Appends {@code t} / 1000 without trailing zeros. */
    static StringBuilder appendThousandths(StringBuilder b, long t) {
        if (t < 0) {
            b.append('-');
            t = -t;
        }
        b.append(t / 1000);
        int frac = (int) (t % 1000);
        if (frac != 0) {
            b.append('.').append((char) ('0' + frac / 100));
            if (frac % 100 != 0) {
                b.append((char) ('0' + frac / 10 % 10));
                if (frac % 10 != 0) {
                    b.append((char) ('0' + frac % 10));
                }
            }
        }
        return b;
    }
}
