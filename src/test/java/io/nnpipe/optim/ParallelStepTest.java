package io.nnpipe.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.nnpipe.kernel.Parallel;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Rng;
import io.nnpipe.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An update spread over a pool of threads gives the same bits as the same update on one thread. */
class ParallelStepTest {

    @Test
    void sgdWithMomentumDecayAndNesterovOnAPoolEqualsOneThread() {
        assertSameBits(new Sgd.Settings(0.9, true, 0.01));
    }

    @Test
    void adamOnAPoolEqualsOneThread() {
        assertSameBits(new Adam.Settings(0.9, 0.999, 1e-8, 0.1));
    }

    @Test
    void adamWWithAmsgradOnAPoolEqualsOneThread() {
        assertSameBits(new AdamW.Settings(0.9, 0.999, 1e-8, 0.01, true));
    }

    @Test
    void centeredRmsPropWithMomentumOnAPoolEqualsOneThread() {
        assertSameBits(new RmsProp.Settings(0.99, 1e-8, 0.9, true, 0.01));
    }

    @Test
    void clippedAdamOnAPoolEqualsOneThread() {
        assertSameBits(OptimizerTest.optimizer("{type: adam, clip_grad_norm: 1.0, clip_grad_value: 0.9}"));
    }

    /** Three steps on parameters large enough for several blocks, with new gradients each step. */
    private static void assertSameBits(OptimizerSpec spec) {
        int[] sizes = {7, 20_000, 9_000, 1};
        List<Parameter> serial = parameters(sizes);
        List<Parameter> pooled = parameters(sizes);
        Optimizer a = spec.create(serial);
        Optimizer b = spec.create(pooled);
        try (Parallel pool = Parallel.threads(2)) {
            for (int step = 0; step < 3; step++) {
                gradients(serial, step);
                gradients(pooled, step);
                a.step(0.01);
                b.step(0.01, pool);
            }
        }
        for (int k = 0; k < sizes.length; k++) {
            assertArrayEquals(serial.get(k).value(), pooled.get(k).value(), "parameter " + k);
        }
    }

    private static List<Parameter> parameters(int[] sizes) {
        Rng rng = Rng.derive(7, "test/values");
        Parameter[] ps = new Parameter[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            double[] v = new double[sizes[k]];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextDouble() - 0.5;
            }
            ps[k] = new Parameter("p" + k, Shape.of(sizes[k]), v);
        }
        return List.of(ps);
    }

    private static void gradients(List<Parameter> ps, int step) {
        Rng rng = Rng.derive(11, "test/grads/" + step);
        for (Parameter p : ps) {
            for (int i = 0; i < p.size(); i++) {
                p.grad()[i] = rng.nextDouble() * 2 - 1;
            }
        }
    }
}
