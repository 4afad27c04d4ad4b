package io.nnpipe.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The trainer's finiteness test: exact, whatever the values around the culprit. */
class FiniteTest {

    @Test
    void findsEveryNonFiniteValueAtEveryPositionOfTheRangeAndNothingElse() {
        double[] finite = {0.0, -0.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_NORMAL, 1e308, -3.5};
        for (int n : new int[] {1, 7, 8, 9, 16, 23}) {
            double[] v = new double[n + 2];
            for (int i = 0; i < v.length; i++) {
                v[i] = finite[i % finite.length];
            }
            assertFalse(Finite.anyNonFinite(v, 1, n + 1), "all finite, n " + n);
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                for (int at = 0; at < v.length; at++) {
                    double old = v[at];
                    v[at] = bad;
                    boolean inside = at >= 1 && at <= n;
                    assertEquals(inside, Finite.anyNonFinite(v, 1, n + 1), bad + " at " + at + ", n " + n);
                    v[at] = old;
                }
            }
        }
        double[] opposite = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        assertTrue(Finite.anyNonFinite(opposite, 0, 2), "+Infinity and -Infinity do not cancel");
    }
}
