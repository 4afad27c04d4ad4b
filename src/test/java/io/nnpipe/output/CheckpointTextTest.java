package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The checkpoint's own hexadecimal writer gives exactly Double.toHexString's characters. */
class CheckpointTextTest {

    private static void assertSameAsJdk(double v) {
        StringBuilder b = new StringBuilder();
        CheckpointText.hex(b, v);
        assertEquals(Double.toHexString(v), b.toString());
    }

    @Test
    void hexIsDoubleToHexStringForSpecialValues() {
        for (double v : new double[] {0.0, -0.0, 1.0, -1.0, 0.1, -0.1, 0.5, 3.0, 1e-300, -1e300, Double.MIN_VALUE,
            -Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Math.ulp(1.0), 1 + Math.ulp(1.0)}) {
            assertSameAsJdk(v);
        }
    }

    @Test
    void hexIsDoubleToHexStringForRandomBits() {
        Rng rng = new Rng(3);
        for (int i = 0; i < 100_000; i++) {
            assertSameAsJdk(Double.longBitsToDouble(rng.nextLong()));
            assertSameAsJdk((float) rng.nextGaussian()); // short significands: trailing zeros stripped
        }
    }
}
