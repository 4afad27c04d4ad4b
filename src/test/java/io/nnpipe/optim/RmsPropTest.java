package io.nnpipe.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** RMSprop against steps worked out by hand (α = 0.75, so that 1 - α = 0.25 is exact; g = 0.5, w0 = 1, lr = 0.1). */
class RmsPropTest {

    @Test
    void plainStepDividesByTheRootMeanSquare() {
        double[] w = OptimizerTest.run(new RmsProp.Settings(0.75, 0, 0, false, 0), 1.0, 0.5, 0.1, 2);
        // a = 0.25·0.25 = 0.0625, √a = 0.25: w = 1 + (-0.1·0.5)/0.25 = 0.8
        assertEquals(0.8, w[0], 0);
        // a = 0.0625·0.75 + 0.0625 = 0.109375
        assertEquals(0.8 + (-0.1 * 0.5) / Math.sqrt(0.109375), w[1], 0);
    }

    @Test
    void momentumBufferStartsAtZeroAndAccumulatesTheScaledGradient() {
        double[] w = OptimizerTest.run(new RmsProp.Settings(0.75, 0, 0.5, false, 0), 1.0, 0.5, 0.1, 2);
        assertEquals(0.8, w[0], 0);  // b = 0.5·0 + 0.5/0.25 = 2: w = 1 - 0.1·2
        double b = 0.5 * 2 + 0.5 / Math.sqrt(0.109375);
        assertEquals(0.8 + -0.1 * b, w[1], 0);
    }

    @Test
    void centeredSubtractsTheSquaredMeanGradient() {
        double[] w = OptimizerTest.run(new RmsProp.Settings(0.75, 1e-8, 0, true, 0), 1.0, 0.5, 0.1, 1);
        // ḡ = 0.25·0.5 = 0.125, a = 0.0625: d = √(0.0625 - 0.015625) + 1e-8 = √0.046875 + 1e-8
        assertEquals(1 + (-0.1 * 0.5) / (Math.sqrt(0.046875) + 1e-8), w[0], 0);
    }

    @Test
    void weightDecayAddsLambdaTimesTheWeightBeforeTheSquares() {
        double[] w = OptimizerTest.run(new RmsProp.Settings(0.75, 0, 0, false, 0.5), 1.0, 0.5, 0.1, 1);
        // g = 0.5 + 0.5·1 = 1, a = 0.25, √a = 0.5: w = 1 + (-0.1·1)/0.5
        assertEquals(0.8, w[0], 0);
    }

    @Test
    void defaultsAreThoseOfPyTorch() {
        assertEquals(new RmsProp.Settings(0.99, 1e-8, 0, false, 0), OptimizerTest.optimizer("{type: rmsprop}"));
    }
}
