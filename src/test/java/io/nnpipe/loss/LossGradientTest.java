package io.nnpipe.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.layer.Layer;
import io.nnpipe.layer.LayerIO;
import io.nnpipe.layer.Pass;
import io.nnpipe.tensor.Rng;
import io.nnpipe.tensor.Shape;
import io.nnpipe.testing.GradCheck;
import io.nnpipe.testing.Layers;
import org.junit.jupiter.api.Test;

/** Every built-in loss's gradient agrees with finite differences, and its value with hand sums. */
class LossGradientTest {

    private static double[] oneHot(int batch, int width, long seed) {
        Rng rng = new Rng(seed);
        double[] t = new double[batch * width];
        for (int s = 0; s < batch; s++) {
            t[s * width + rng.nextInt(width)] = 1;
        }
        return t;
    }

    private static double[] soft(int batch, int width, long seed) {
        Rng rng = new Rng(seed);
        double[] t = new double[batch * width];
        for (int i = 0; i < t.length; i++) {
            t[i] = rng.nextDouble();
        }
        return t;
    }

    @Test
    void softmaxCrossEntropyGradientMatchesFiniteDifferences() {
        GradCheck.loss(new SoftmaxCrossEntropy(), 3, 4, oneHot(3, 4, 1), false, 11);
        GradCheck.loss(new SoftmaxCrossEntropy(), 2, 5, soft(2, 5, 2), false, 12);
    }

    @Test
    void crossEntropyGradientMatchesFiniteDifferences() {
        GradCheck.loss(new CrossEntropy(), 3, 4, oneHot(3, 4, 3), true, 13);
        GradCheck.loss(new CrossEntropy(), 2, 3, soft(2, 3, 4), true, 14);
    }

    @Test
    void binaryCrossEntropyGradientMatchesFiniteDifferences() {
        GradCheck.loss(new BinaryCrossEntropy(), 3, 2, oneHot(3, 2, 5), true, 15);
        GradCheck.loss(new BinaryCrossEntropy(), 2, 4, soft(2, 4, 6), true, 16);
    }

    @Test
    void meanSquaredErrorGradientMatchesFiniteDifferences() {
        GradCheck.loss(new MeanSquaredError(), 4, 3, soft(4, 3, 7), false, 17);
    }

    @Test
    void binaryCrossEntropyIsTheSeedDocumentsLoss() {
        // E = -(1·log(0.6318) + 1·log(1 - 0.3682)) = 0.9184 in the document (section 5a).
        double[] p = {0.6318124177361016, 0.3681875822638983};
        LossIO io = new LossIO(2, p, new double[] {1, 0}, new double[1], new double[2]);
        new BinaryCrossEntropy().compute(1, io);
        assertEquals(0.9184, io.losses()[0], 1e-4);
        assertEquals(-1.5828, io.grad()[0], 1e-4);
        assertEquals(1.5828, io.grad()[1], 1e-4);
    }

    @Test
    void binaryCrossEntropyOfACertainCorrectOutputIsZeroNotNaN() {
        // 0·log 0 is taken as its limit 0: a saturated but correct softmax output costs nothing.
        double[] p = {1.0, 0.0};
        LossIO io = new LossIO(2, p, new double[] {1, 0}, new double[1], new double[2]);
        new BinaryCrossEntropy().compute(1, io);
        assertEquals(0.0, io.losses()[0]);
        assertEquals(-1.0, io.grad()[0]);
        assertEquals(1.0, io.grad()[1]);
        io.pred()[0] = 0.0;
        io.pred()[1] = 1.0;
        new BinaryCrossEntropy().compute(1, io);
        assertEquals(Double.POSITIVE_INFINITY, io.losses()[0], "a certain wrong output costs +infinity");
    }

    @Test
    void crossEntropyAfterASoftmaxWhoseOtherOutputsUnderflowedToZeroSendsBackPMinusT() {
        // Scores 0, -800, 10, -750: two probabilities underflow to exactly 0, with target 0. Their
        // terms contribute 0 to the loss and to the gradient (docs/config.md), so the softmax sends
        // back p - t, the exact gradient of the composition. (torch.xlogy's gradient there is
        // 0/0 = NaN: QA's third pass found PyTorch references going NaN after one step on it.)
        Layer softmax = Layers.build("{type: softmax}", Shape.of(4), 0);
        double[] z = {0, -800, 10, -750};
        double[] p = new double[4];
        LayerIO io = new LayerIO(z, p, new double[4], new double[4]);
        Pass pass = Pass.of(1, true);
        softmax.forward(pass, io);
        assertEquals(0.0, p[1]);
        assertEquals(0.0, p[3]);
        double[] t = {1, 0, 0, 0};
        LossIO loss = new LossIO(4, p, t, new double[1], io.dy());
        new CrossEntropy().compute(1, loss);
        assertEquals(10 + Math.log1p(Math.exp(-10)), loss.losses()[0], 1e-14);
        softmax.backward(pass, io);
        for (int i = 0; i < 4; i++) {
            assertEquals(p[i] - t[i], io.dx()[i], 1e-15, "dx[" + i + "]");
        }
    }

    @Test
    void softmaxCrossEntropyEqualsLogSumExpMinusTargetScore() {
        double[] z = {1.0, 2.0, 3.0};
        LossIO io = new LossIO(3, z, new double[] {0, 1, 0}, new double[1], new double[3]);
        new SoftmaxCrossEntropy().compute(1, io);
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertEquals(lse - 2.0, io.losses()[0], 1e-15);
    }

    @Test
    void softmaxCrossEntropyIsStableForHugeScores() {
        double[] z = {1000.0, 0.0};
        LossIO io = new LossIO(2, z, new double[] {0, 1}, new double[1], new double[2]);
        new SoftmaxCrossEntropy().compute(1, io);
        assertEquals(1000.0, io.losses()[0], 1e-12);
        assertEquals(1.0, io.grad()[0], 1e-12);
        assertEquals(-1.0, io.grad()[1], 1e-12);
    }

    @Test
    void softmaxCrossEntropyOfScoresNear1e15KeepsEveryDigitOfTheLossAndGradient() {
        // Scores 1e15 and 1e15 - 1 (ulp 0.125): the loss is log(1 + e) - 0 = 1.3133 whatever the
        // offset. Rounding m + log Σ to the scores' ulp first gave 1.375 and probabilities summing
        // to 0.94 (QA's eighth pass). Reference numbers: PyTorch 1.13 float64 F.cross_entropy.
        double[] z = {1.0e15, 999_999_999_999_999.0};
        LossIO io = new LossIO(2, z, new double[] {0, 1}, new double[1], new double[2]);
        new SoftmaxCrossEntropy().compute(1, io);
        assertEquals(1.3132616875182228, io.losses()[0], 2e-16);
        assertEquals(0.7310585786300049, io.grad()[0], 2e-16);
        assertEquals(-0.7310585786300049, io.grad()[1], 2e-16);
    }

    @Test
    void softmaxCrossEntropyOfACertainCorrectScoreWhoseOthersUnderflowIsZeroNotNaN() {
        // z1 - m = -3.4e308 overflows to -∞: that class's log-probability is -∞ and its target 0,
        // so its term is 0 (as in cross_entropy), not 0·∞ = NaN.
        double[] z = {1.7e308, -1.7e308};
        LossIO io = new LossIO(2, z, new double[] {1, 0}, new double[1], new double[2]);
        new SoftmaxCrossEntropy().compute(1, io);
        assertEquals(0.0, io.losses()[0]);
        assertEquals(0.0, io.grad()[0]);
        assertEquals(0.0, io.grad()[1]);
    }

    @Test
    void meanSquaredErrorAveragesOverOutputsAndBatch() {
        double[] p = {1, 2, 3, 4};
        double[] t = {0, 0, 0, 0};
        LossIO io = new LossIO(2, p, t, new double[2], new double[4]);
        new MeanSquaredError().compute(2, io);
        assertEquals(2.5, io.losses()[0]);
        assertEquals(12.5, io.losses()[1]);
        assertEquals(2.0 * 4 / 2 / 2, io.grad()[3]);
    }
}
