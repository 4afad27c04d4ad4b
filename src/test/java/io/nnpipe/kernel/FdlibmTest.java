package io.nnpipe.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link Fdlibm} gives exactly {@link StrictMath}'s bits (NaN payloads aside): on random bit
 * patterns of every exponent, dense random values where tanh and expm1 change, a few ulps either
 * side of every threshold the C source tests (its high words), every multiple of ln 2 that selects
 * another exponent k in expm1, and the special values. Enough calls that the JIT compiles both
 * sides while they are compared.
 */
class FdlibmTest {
    private static final double[] SPECIAL = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
        -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, 1.0, -1.0, 22.0, -22.0, 0.5, -0.5, 0.25, -0.25,
        Double.longBitsToDouble(0x7ff8000000000001L), Double.longBitsToDouble(0xfff0000000000001L)};

    /** High words tanh and expm1 compare |x| with. */
    private static final int[] THRESHOLDS = {0x3c800000, 0x3c900000, 0x3fd62e42, 0x3fd62e43, 0x3ff00000, 0x3FF0A2B2,
        0x40360000, 0x4043687A, 0x40862E42, 0x7ff00000};

    private static void same(String name, DoubleUnaryOperator ours, DoubleUnaryOperator strict, double x) {
        double a = ours.applyAsDouble(x);
        double e = strict.applyAsDouble(x);
        if (a != a && e != e) {
            return;
        }
        assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(a),
                () -> name + "(" + x + " = 0x" + Long.toHexString(Double.doubleToRawLongBits(x)) + "): StrictMath " + e
                        + ", Fdlibm " + a);
    }

    private static void both(double x) {
        same("tanh", Fdlibm::tanh, StrictMath::tanh, x);
        same("expm1", Fdlibm::expm1, StrictMath::expm1, x);
    }

    @Test
    void specialValuesAreStrictMaths() {
        for (double x : SPECIAL) {
            both(x);
        }
    }

    @Test
    void randomBitPatternsOfEveryExponentAreStrictMaths() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < 400_000; i++) {
            both(Double.longBitsToDouble(r.nextLong()));
        }
    }

    @Test
    void denseValuesWhereTheFunctionsChangeAreStrictMaths() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(2);
        for (int i = 0; i < 600_000; i++) {
            both(r.nextDouble(-30, 30));
            both(r.nextDouble(-2, 2));
            both(Math.scalb(r.nextDouble(-1, 1), -r.nextInt(70)));
        }
    }

    @Test
    void valuesAroundEveryThresholdAreStrictMaths() {
        for (int high : THRESHOLDS) {
            for (long low : new long[] {0, 1, 0xffffffffL, 0x80000000L}) {
                double at = Double.longBitsToDouble(((long) high << 32) | low);
                for (int d = -40; d <= 40; d++) {
                    double x = Double.longBitsToDouble(Double.doubleToRawLongBits(at) + d);
                    both(x);
                    both(-x);
                }
            }
        }
        double overflow = 7.09782712893383973096e+02;
        for (int d = -40; d <= 40; d++) {
            both(Double.longBitsToDouble(Double.doubleToRawLongBits(overflow) + d));
        }
    }

    @Test
    void everyExponentStepOfExpm1IsStrictMaths() {
        double ln2 = Math.log(2);
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int k = -60; k <= 1025; k++) {
            double at = k * ln2;
            for (int d = -20; d <= 20; d++) {
                both(Double.longBitsToDouble(Double.doubleToRawLongBits(at) + d));
                both(at + (d + r.nextDouble()) * ln2 / 40);
            }
        }
    }
}
