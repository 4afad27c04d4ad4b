package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.tensor.Rng;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/** Numbers are written shortest, round-trip exactly, and look the same on every JVM and locale. */
class NumTest {

    @Test
    void writesShortestFormsPeopleExpect() {
        assertEquals("0.1", Num.format(0.1));
        assertEquals("0.30000000000000004", Num.format(0.1 + 0.2));
        assertEquals("-2", Num.format(-2.0));
        assertEquals("0", Num.format(0.0));
        assertEquals("-0", Num.format(-0.0));
        assertEquals("0.002", Num.format(0.002)); // Java 17's Double.toString gives 0.0020
        assertEquals("1e-7", Num.format(1e-7));
        assertEquals("1.5e-10", Num.format(1.5e-10));
        assertEquals("2e+21", Num.format(2e21));
        assertEquals("123456789012345680000", Num.format(1.2345678901234568e20));
        assertEquals("NaN", Num.format(Double.NaN));
        assertEquals("-Infinity", Num.format(Double.NEGATIVE_INFINITY));
        assertEquals("5e-324", Num.format(Double.MIN_VALUE)); // shortest; Java prints 4.9E-324
        assertEquals("1.7976931348623157e+308", Num.format(Double.MAX_VALUE));
    }

    @Test
    void everyRandomDoubleReadsBackIdentical() {
        Rng rng = new Rng(42);
        for (int i = 0; i < 50_000; i++) {
            double v = i % 2 == 0 ? Double.longBitsToDouble(rng.nextLong()) : (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(40) - 20);
            if (Double.isNaN(v)) {
                continue;
            }
            String s = Num.format(v);
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(Double.parseDouble(s)), s);
        }
    }

    @Test
    void noShorterDecimalReadsBack() {
        Rng rng = new Rng(7);
        for (int i = 0; i < 20_000; i++) {
            double v = (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(30) - 15);
            String s = Num.format(v);
            int digits = new BigDecimal(s).stripTrailingZeros().precision();
            if (digits > 1) {
                BigDecimal shorter = new BigDecimal(v).round(new MathContext(digits - 1, RoundingMode.HALF_EVEN));
                assertTrue(Double.parseDouble(shorter.toString()) != v, s + " could be " + shorter);
            }
        }
    }

    /** The first definition: the fewest digits, tried from 1, whose half-even rounding reads back. */
    private static int shortestByTryingEveryPrecision(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p <= 17; p++) {
            if (Double.parseDouble(exact.round(new MathContext(p, RoundingMode.HALF_EVEN)).toString()) == v) {
                return p;
            }
        }
        return 17;
    }

    @Test
    void fastPrecisionSearchAgreesWithTryingEveryPrecision() {
        Rng rng = new Rng(11);
        for (int i = 0; i < 60_000; i++) {
            double v = switch (i % 5) {
                case 0 -> Double.longBitsToDouble(rng.nextLong());
                case 1 -> (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(40) - 20);
                case 2 -> Math.scalb(1.0, rng.nextInt(2098) - 1074) * (rng.nextDouble() < 0.5 ? -1 : 1); // powers of two
                case 3 -> Math.nextUp(Math.scalb(1.0, rng.nextInt(200) - 100)); // just above a power of two
                default -> (float) rng.nextGaussian(); // floats widened: short decimals
            };
            if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
                continue;
            }
            assertEquals(shortestByTryingEveryPrecision(v), Num.shortestPrecision(v, new BigDecimal(v)), () -> "digits of " + v);
        }
    }

    @Test
    void appendWritesTheSameTextAsAnIndependentBigDecimalFormAfterExistingText() {
        Rng rng = new Rng(11);
        for (int i = 0; i < 30_000; i++) {
            double v = (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(60) - 30);
            if (v == 0 || v == Math.rint(v)) {
                continue;
            }
            StringBuilder b = new StringBuilder("layer,w,7,");
            Num.append(b, v);
            assertEquals("layer,w,7," + byBigDecimal(v), b.toString(), () -> "bits " + Double.doubleToRawLongBits(v));
        }
        assertEquals("a,-0.000001", Num.append(new StringBuilder("a,"), -1e-6).toString());
        assertEquals("a,1.25e-7", Num.append(new StringBuilder("a,"), 1.25e-7).toString());
        assertEquals("a,1234567.5", Num.append(new StringBuilder("a,"), 1234567.5).toString());
        assertEquals("a,-3e+22", Num.append(new StringBuilder("a,"), -3e22).toString());
    }

    /** The documented form from the exact shortest decimal: plain for 1e-6 ≤ |v| < 1e21, else d.ddde±x. */
    private static String byBigDecimal(double v) {
        BigDecimal exact = new BigDecimal(v);
        BigDecimal r = exact.round(new MathContext(Num.shortestPrecision(v, exact), RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
        String digits = r.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - r.scale();
        String sign = v < 0 ? "-" : "";
        if (exponent >= -6 && exponent < 21) {
            return sign + r.abs().toPlainString();
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }

    @Test
    void outputDoesNotDependOnTheDefaultLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertEquals("0.25", Num.format(0.25));
            assertEquals("1234.5", Num.format(1234.5));
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }
}
