package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nnpipe.tensor.Rng;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/** The 128-bit path gives exactly the digits of Num's BigDecimal definition, and knows its limits. */
class ShortestDigitsTest {

    /** Num's definition, spelled out: the fewest digits whose half-even rounding reads back, and those digits. */
    private static String byDefinition(double a) {
        BigDecimal exact = new BigDecimal(a);
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (Double.parseDouble(r.toString()) == a) {
                r = r.stripTrailingZeros();
                String digits = r.unscaledValue().toString();
                return digits + "e" + (digits.length() - 1 - r.scale());
            }
        }
        throw new AssertionError("17 digits always read back: " + a);
    }

    private static void assertAgrees(double a) {
        ShortestDigits d = ShortestDigits.of(a);
        if (d != null) {
            assertEquals(byDefinition(a), d.digits() + "e" + d.exponent(), () -> "digits of " + a);
        }
    }

    @Test
    void handWorkedValues() {
        assertEquals(new ShortestDigits(1, -1), ShortestDigits.of(0.1));
        assertEquals(new ShortestDigits(30000000000000004L, -1), ShortestDigits.of(0.1 + 0.2));
        assertEquals(new ShortestDigits(15, -3), ShortestDigits.of(0.0015));
        assertEquals(new ShortestDigits(12345, 1), ShortestDigits.of(12.345));
        assertEquals(new ShortestDigits(9999999999999999L, -1), ShortestDigits.of(Math.nextDown(1.0)));
        assertNull(ShortestDigits.of(0.5), "powers of two take the BigDecimal search");
        assertNull(ShortestDigits.of(Double.MIN_VALUE), "subnormals too");
        assertNull(ShortestDigits.of(1e-300), "and magnitudes beyond 128 bits");
    }

    @Test
    void agreesWithTheDefinitionOnRandomValuesOfTrainingMagnitudes() {
        Rng rng = new Rng(2026);
        int fast = 0;
        for (int i = 0; i < 200_000; i++) {
            double a = switch (i % 4) {
                case 0 -> rng.nextDouble() * Math.pow(10, rng.nextInt(28) - 12);
                case 1 -> Math.abs(rng.nextGaussian()) * 0.1;
                case 2 -> (float) Math.abs(rng.nextGaussian()); // short decimals
                default -> Math.abs(Double.longBitsToDouble(rng.nextLong()));
            };
            if (a == 0 || !Double.isFinite(a) || a == Math.rint(a) && a < 1e15) {
                continue;
            }
            assertAgrees(a);
            fast += ShortestDigits.of(a) == null ? 0 : 1;
        }
        assertEquals(true, fast > 140_000, "most values take the fast path: " + fast);
    }

    @Test
    void agreesAtTheEdges() {
        Rng rng = new Rng(5);
        for (int i = 0; i < 20_000; i++) {
            double p = Math.scalb(1.0, rng.nextInt(100) - 50);
            assertAgrees(Math.nextUp(p));
            assertAgrees(Math.nextDown(p));
            double ten = Math.pow(10, rng.nextInt(26) - 11);
            assertAgrees(Math.nextUp(ten));
            assertAgrees(Math.nextDown(ten));
            assertAgrees(ten);
            assertAgrees(Math.nextDown(1.0) * ten);
            double half = (rng.nextInt(1_000_000) + 0.5) / Math.pow(10, rng.nextInt(10)); // ties at every length
            assertAgrees(half);
            assertAgrees(Math.nextUp(half));
            assertAgrees(Math.nextDown(half));
        }
        assertNotNull(ShortestDigits.of(0.30000000000000004));
        assertAgrees(2.5e15 + 0.5); // a half-integer above 2^51: the product is v itself
        assertAgrees(9.999999999999999e14);
        assertAgrees(1e-11 * 1.2345);
    }
}
