package io.nnpipe.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.kernel.Parallel;
import io.nnpipe.tensor.Shape;
import io.nnpipe.testing.GradCheck;
import io.nnpipe.testing.Layers;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DropoutTest {
    private static final int N = 10_000;

    private static double[] ones() {
        double[] x = new double[N];
        Arrays.fill(x, 1.0);
        return x;
    }

    private static double[] forward(Layer l, boolean training, long step) {
        double[] y = new double[N];
        l.forward(new Pass(1, training, step, Parallel.SERIAL), new LayerIO(ones(), y, null, null));
        return y;
    }

    @Test
    void keepsAboutOneMinusRateAndScalesTheKeptValues() {
        Layer l = Layers.build("{type: dropout, rate: 0.25}", Shape.of(N), 7);
        double[] y = forward(l, true, 1);
        long kept = Arrays.stream(y).filter(v -> v != 0).count();
        assertTrue(Arrays.stream(y).allMatch(v -> v == 0 || v == 1 / 0.75), "kept values are scaled by 1/(1-rate)");
        assertEquals(0.75 * N, kept, 4 * Math.sqrt(N * 0.25 * 0.75), "binomial count of kept values");
    }

    @Test
    void sameStepGivesTheSameMaskAndAnotherStepAnother() {
        Layer l = Layers.build("{type: dropout, rate: 0.5}", Shape.of(N), 7);
        assertArrayEquals(forward(l, true, 3), forward(l, true, 3), 0);
        assertFalse(Arrays.equals(forward(l, true, 3), forward(l, true, 4)));
        Layer other = Layers.build("{type: dropout, rate: 0.5}", Shape.of(N), 8);
        assertFalse(Arrays.equals(forward(l, true, 3), forward(other, true, 3)), "the seed changes the mask");
    }

    @Test
    void inferencePassesValuesUnchanged() {
        Layer l = Layers.build("{type: dropout, rate: 0.9}", Shape.of(N), 7);
        assertArrayEquals(ones(), forward(l, false, 3), 0);
    }

    @Test
    void backwardUsesTheForwardMask() {
        Layer l = Layers.build("{type: dropout, rate: 0.4}", Shape.of(N), 3);
        double[] y = forward(l, true, 5);
        double[] dx = new double[N];
        l.backward(new Pass(1, true, 5, Parallel.SERIAL), new LayerIO(ones(), y, dx, ones()));
        assertArrayEquals(y, dx, 0, "with x = dy = 1, dx equals y: the same kept values, the same scale");
    }

    @Test
    void backwardMatchesFiniteDifferencesForAFixedMask() {
        for (long seed = 1; seed <= 3; seed++) {
            GradCheck.layer(Layers.build("{type: dropout, rate: 0.3}", Shape.of(2, 3, 4), seed), 3, seed);
            GradCheck.layer(Layers.build("{type: dropout}", Shape.of(17), seed), 2, seed);
        }
    }
}
