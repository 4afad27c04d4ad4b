package io.nnpipe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Class labels as targets and predictions: one-hot over several outputs, the label itself for one. */
class ClassTargetsTest {

    @Test
    void severalOutputsTakeOneHotTargetsAndOneOutputTakesTheLabelItself() {
        double[] t = {9, 9, 9, 9, 9};
        ClassTargets.encode(2, 3, t, 1);
        assertArrayEquals(new double[] {9, 0, 0, 1, 9}, t, 0);
        ClassTargets.encode(1, 1, t, 4);
        ClassTargets.encode(0, 1, t, 0);
        assertArrayEquals(new double[] {0, 0, 0, 1, 1}, t, 0);
        assertEquals(2, ClassTargets.count(1));
        assertEquals(2, ClassTargets.count(2));
        assertEquals(10, ClassTargets.count(10));
    }

    @Test
    void oneOutputPredictsClassOneFromOneHalfOnAndNaNAsZero() {
        assertEquals(1, ClassTargets.predicted(new double[] {0.5}, 0, 1));
        assertEquals(0, ClassTargets.predicted(new double[] {Math.nextDown(0.5)}, 0, 1));
        assertEquals(1, ClassTargets.predicted(new double[] {7, 0.9}, 1, 1));
        assertEquals(0, ClassTargets.predicted(new double[] {Double.NaN}, 0, 1));
        assertEquals(0, ClassTargets.predicted(new double[] {Double.NEGATIVE_INFINITY}, 0, 1));
    }

    @Test
    void severalOutputsPredictTheFirstMaximum() {
        assertEquals(1, ClassTargets.predicted(new double[] {0.2, 0.7, 0.7}, 0, 3));
        assertEquals(0, ClassTargets.predicted(new double[] {0.3, 0.3}, 0, 2));
        assertEquals(1, ClassTargets.predicted(new double[] {5, 0.1, 0.6, 0.3}, 1, 3), "from the offset");
    }
}
