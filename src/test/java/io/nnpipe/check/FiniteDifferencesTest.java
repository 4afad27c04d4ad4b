package io.nnpipe.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FiniteDifferencesTest {
    private static final Tolerance TOL = Tolerance.DEFAULT;

    /** f(v) = Σ max(0, v_i) + 3 v_i², with a ReLU kink at 0. */
    private static double reluPlusSquare(double[] v) {
        double s = 0;
        for (double x : v) {
            s += Math.max(0, x) + 3 * x * x;
        }
        return s;
    }

    @Test
    void reluExactlyAtZeroIsSkippedNearAKinkNotFailed() {
        double[] v = {0, 0.5, -0.5};
        double[] analytic = {0, 1 + 3, -3}; // ReLU'(0) = 0, as the layer defines it
        TensorCheck row = new TensorCheck("f", "v", 3);
        FiniteDifferences.compare(FiniteDifferences.Target.all(v, analytic), () -> reluPlusSquare(v), TOL, row);
        assertTrue(row.passed(), row.firstFailure());
        assertEquals(2, row.checked());
        assertEquals(1, row.kinks());
        assertArrayEquals(new double[] {0, 0.5, -0.5}, v); // restored
    }

    @Test
    void aSlopeOffByAFactorFailsAwayFromTheKink() {
        double[] v = {0, 0.5, -0.5};
        double[] analytic = {0, 2 * (1 + 3), -3};
        TensorCheck row = new TensorCheck("f", "v", 3);
        FiniteDifferences.compare(FiniteDifferences.Target.all(v, analytic), () -> reluPlusSquare(v), TOL, row);
        assertFalse(row.passed());
        assertEquals(1, row.failures());
        assertTrue(row.firstFailure().startsWith("f d/dv[1]: backward gives 8.0, finite differences 3.99999"), row.firstFailure());
        assertEquals(4 / (0.01 + 8), row.largestError(), 1e-6);
    }

    @Test
    void aWrongSlopeOnASmoothFunctionIsNeverTakenForAKink() {
        double[] v = {0.25};
        TensorCheck row = new TensorCheck("f", "v", 1);
        FiniteDifferences.compare(FiniteDifferences.Target.all(v, new double[] {1.5 * 1.001}), () -> 3 * v[0] * v[0] * v[0] * v[0], TOL, row); // f' = 12 v³ = 0.1875 ≠ 1.5015
        assertEquals(1, row.failures());
        assertEquals(0, row.kinks());
    }

    @Test
    void aNaNDerivativeFailsEvenAtAKink() {
        double[] v = {0};
        TensorCheck row = new TensorCheck("f", "v", 1);
        FiniteDifferences.compare(FiniteDifferences.Target.all(v, new double[] {Double.NaN}), () -> reluPlusSquare(v), TOL, row);
        assertEquals(1, row.failures());
        assertEquals(0, row.kinks());
        assertTrue(Double.isNaN(row.largestError()));
    }

    @Test
    void aLargeTensorIsSampledAtEvenlySpreadElementsIncludingTheLast() {
        double[] v = new double[10];
        java.util.List<Integer> read = new java.util.ArrayList<>();
        TensorCheck row = new TensorCheck("f", "v", 10);
        FiniteDifferences.compare(new FiniteDifferences.Target(v, new double[10], 4), () -> {
            for (int i = 0; i < v.length; i++) {
                if (v[i] > 0) {
                    read.add(i); // once per element: f(v + h)
                }
            }
            return 0;
        }, TOL, row);
        assertEquals(java.util.List.of(0, 3, 6, 9), read);
        assertEquals(10, row.elements());
        assertEquals(4, row.checked());
    }

    @Test
    void errorIsRelativeAboveTheFloorAndAbsoluteBelowIt() {
        assertEquals(1e-6, new Tolerance(1e-6, 1e-2).error(1e6, 1e6 + 1), 1e-9); // relative
        assertEquals(1e-8 / (0.01 + 2e-8), new Tolerance(1e-6, 1e-2).error(1e-8, 2e-8), 1e-12); // absolute / floor
        assertTrue(Double.isNaN(TOL.error(Double.NaN, 1)));
        assertFalse(TOL.accepts(TOL.error(1, Double.POSITIVE_INFINITY)));
    }
}
