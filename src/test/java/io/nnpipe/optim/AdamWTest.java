package io.nnpipe.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** AdamW against steps worked out by hand: w·(1 - lr·λ) first, then Adam's step without λ in the moments. */
class AdamWTest {

    @Test
    void weightDecayShrinksTheWeightAndStaysOutOfTheMoments() {
        // g = 0 keeps m = v = 0: the Adam part is (-s·0)/(0 + ε) = -0, so only the decay moves w
        double[] w = OptimizerTest.run(new AdamW.Settings(0.9, 0.999, 1e-8, 0.5, false), 2.0, 0.0, 0.1, 2);
        assertEquals(1.9, w[0], 0);           // 2 · (1 - 0.1·0.5) = 2 · 0.95
        assertEquals(1.9 * 0.95, w[1], 0);    // 1.805
    }

    @Test
    void firstStepsFollowPyTorchsOrderOfOperations() {
        // β1 = β2 = 0.5, ε = 0, λ = 1, lr = 0.1, g = 1 at every step, w0 = 1
        double[] w = OptimizerTest.run(new AdamW.Settings(0.5, 0.5, 0, 1.0, false), 1.0, 1.0, 0.1, 2);
        // step 1: w = 1·0.9; m = 0.5, v = 0.5; c1 = c2 = 0.5; s = 0.2; √0.5/√0.5 = 1: w = 0.9 + (-0.2·0.5)/1
        assertEquals(0.9 + (-0.2 * 0.5) / 1.0, w[0], 0);
        assertEquals(0.8, w[0], 1e-15);
        // step 2: w = 0.8·0.9; m = 0.75, v = 0.75; c1 = c2 = 0.75; s = 0.1/0.75; √0.75/√0.75 = 1
        double s = 0.1 / 0.75;
        assertEquals(0.8 * 0.9 + (-s * 0.75) / (Math.sqrt(0.75) / Math.sqrt(0.75)), w[1], 0);
        assertEquals(0.62, w[1], 1e-15);
    }

    @Test
    void amsgradDividesByTheLargestSecondMomentSoFar() {
        // β1 = 0, β2 = 0.5, ε = 0, λ = 0, lr = 1: gradients 2 then 0.5, so v = 2 then 1.125 < 2
        AdamW.Settings ams = new AdamW.Settings(0, 0.5, 0, 0, true);
        io.nnpipe.tensor.Parameter p = new io.nnpipe.tensor.Parameter("w", io.nnpipe.tensor.Shape.of(1), new double[] {0});
        Optimizer o = ams.create(java.util.List.of(p));
        p.grad()[0] = 2;
        o.step(1.0);
        assertEquals(-1.0, p.value()[0], 0);  // m = 2, v = 2, c2 = 0.5: -(1/1)·2 / (√2/√0.5) = -2/2
        p.grad()[0] = 0.5;
        o.step(1.0);
        // m = 0.5; v = 1 + 0.125 = 1.125, but v_max stays 2; c2 = 0.75
        assertEquals(-1.0 + (-1.0 * 0.5) / (Math.sqrt(2.0) / Math.sqrt(0.75)), p.value()[0], 0);
    }

    @Test
    void defaultsAreThoseOfPyTorch() {
        assertEquals(new AdamW.Settings(0.9, 0.999, 1e-8, 0.01, false), OptimizerTest.optimizer("{type: adamw}"));
    }
}
