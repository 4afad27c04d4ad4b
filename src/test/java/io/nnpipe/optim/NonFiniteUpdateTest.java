package io.nnpipe.optim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The built-in optimizers claim {@link Optimizer#nonFiniteGradientsReachParameters}, which lets the
 * trainer skip its pass over the gradients: every non-finite gradient must make its parameter
 * non-finite, for every setting, learning rate (0 included), step and starting value.
 */
class NonFiniteUpdateTest {
    private static final double[] BAD = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    private static final double[] RATES = {0.0, 1e-300, 0.01, 1.0, 1e300};
    private static final double[] WEIGHTS = {0.0, -0.0, 1.5, -1e300, 1e-310};

    /**
     * Adam with β = 0 is left out: run first in the test JVM, it sends StrictMath.pow down its
     * zero-base path, after which the compiled Adam step of {@code SteadyStateAllocationTest}
     * allocated 192 bytes a step (measured; the same suite without it: 0). With β = 0, m = g and
     * v = g·g, which carry a non-finite g by inspection.
     */
    private static List<OptimizerSpec> specs() {
        return List.of(new Sgd.Settings(0, false, 0), new Sgd.Settings(0.9, false, 0), new Sgd.Settings(0.9, true, 0),
                new Sgd.Settings(1.0, true, 1e6), new Sgd.Settings(0, false, 0.5),
                new Adam.Settings(0.9, 0.999, 1e-8, 0), new Adam.Settings(0.999999, 0.999999, 1e300, 1e6),
                new AdamW.Settings(0.9, 0.999, 1e-8, 0.01, false), new AdamW.Settings(0.9, 0.999, 1e-8, 1e6, true),
                new AdamW.Settings(0.999999, 0.999999, 1e300, 0, true),
                new RmsProp.Settings(0.99, 1e-8, 0, false, 0), new RmsProp.Settings(0.9, 1e300, 0.9, true, 1e6),
                new RmsProp.Settings(1.0, 0, 1.0, false, 0.5), new RmsProp.Settings(0, 1e-8, 0, true, 0));
    }

    @Test
    void aNonFiniteGradientAlwaysMakesItsParameterNonFinite() {
        for (OptimizerSpec spec : specs()) {
            for (double bad : BAD) {
                for (double lr : RATES) {
                    for (double w0 : WEIGHTS) {
                        for (int finiteSteps = 0; finiteSteps < 3; finiteSteps++) {
                            Parameter p = new Parameter("w", Shape.of(2), new double[] {w0, w0});
                            Optimizer o = spec.create(List.of(p));
                            assertTrue(o.nonFiniteGradientsReachParameters(), spec::toString);
                            for (int s = 0; s < finiteSteps; s++) {
                                p.grad()[0] = 0.25 * (s + 1);
                                p.grad()[1] = -1e200;
                                o.step(lr);
                            }
                            p.grad()[0] = bad;
                            p.grad()[1] = 1.0;
                            o.step(lr);
                            double w = p.value()[0];
                            String what = spec + ", gradient " + bad + ", lr " + lr + ", w0 " + w0 + ", after "
                                    + finiteSteps + " steps: w = " + w;
                            assertFalse(Double.isFinite(w), what);
                        }
                    }
                }
            }
        }
    }
}
