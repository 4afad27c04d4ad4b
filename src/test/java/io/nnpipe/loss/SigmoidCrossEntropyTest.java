package io.nnpipe.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.data.ClassTargets;
import io.nnpipe.tensor.Rng;
import io.nnpipe.testing.Csv;
import io.nnpipe.testing.GradCheck;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * sigmoid_cross_entropy: hand-computed values and gradients, finite differences, extreme logits,
 * and PyTorch's {@code binary_cross_entropy_with_logits} in float64 (scripts/loss_reference.py,
 * committed as src/test/resources/reference/sigmoid_cross_entropy.csv).
 */
class SigmoidCrossEntropyTest {
    private static final Csv REFERENCE = Csv.read(Path.of("src/test/resources/reference/sigmoid_cross_entropy.csv"));

    private static LossIO run(Loss loss, int n, int w, double[] z, double[] t) {
        LossIO io = new LossIO(w, z, t, new double[n], new double[n * w]);
        loss.compute(n, io);
        return io;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void lossIsSummedOverOutputsAndGradientIsSigmoidMinusTargetOverBatch() {
        // one sample of three outputs; a second sample only to make n = 2 divide the gradient
        double[] z = {2, -1, 0, 0, 0, 0};
        double[] t = {1, 0, 0.25, 0, 0, 0};
        LossIO io = run(new SigmoidCrossEntropy(), 2, 3, z, t);
        // log(1 + e^-2) + log(1 + e^-1) + log 2: each term max(z,0) - z t + log(1 + e^-|z|)
        assertEquals(0.12692801104297263 + 0.31326168751822286 + 0.6931471805599453, io.losses()[0], 1e-15);
        assertEquals(3 * Math.log(2), io.losses()[1], 1e-15);
        assertEquals((sigmoid(2) - 1) / 2, io.grad()[0], 1e-16);
        assertEquals((sigmoid(-1) - 0) / 2, io.grad()[1], 1e-16);
        assertEquals((0.5 - 0.25) / 2, io.grad()[2], 0.0);
        assertEquals(0.25, io.grad()[3], 0.0);
    }

    @Test
    void equalsSigmoidThenBinaryCrossEntropyWhereThatIsFinite() {
        double[] z = {1.5, -0.25, 3.0, -2.0};
        double[] t = {1, 0, 0.3, 1};
        double[] p = new double[4];
        for (int i = 0; i < 4; i++) {
            p[i] = sigmoid(z[i]);
        }
        LossIO fused = run(new SigmoidCrossEntropy(), 2, 2, z.clone(), t);
        LossIO bce = run(new BinaryCrossEntropy(), 2, 2, p, t);
        for (int s = 0; s < 2; s++) {
            assertEquals(bce.losses()[s], fused.losses()[s], 4e-15 * bce.losses()[s]);
        }
        for (int i = 0; i < 4; i++) {
            // chain rule through the sigmoid: dL/dz = dL/dp · p(1 - p)
            assertEquals(bce.grad()[i] * p[i] * (1 - p[i]), fused.grad()[i], 1e-16);
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Rng rng = new Rng(3);
        double[] labels = new double[5];
        double[] multi = new double[12];
        double[] soft = new double[8];
        for (int i = 0; i < 5; i++) {
            labels[i] = rng.nextInt(2);
        }
        for (int i = 0; i < 12; i++) {
            multi[i] = rng.nextInt(2);
        }
        for (int i = 0; i < 8; i++) {
            soft[i] = rng.nextDouble();
        }
        GradCheck.loss(new SigmoidCrossEntropy(), 5, 1, labels, false, 21);
        GradCheck.loss(new SigmoidCrossEntropy(), 3, 4, multi, false, 22);
        GradCheck.loss(new SigmoidCrossEntropy(), 2, 4, soft, false, 23);
        GradCheck.loss(new SigmoidCrossEntropy(new double[] {2.5}), 3, 4, multi, false, 24);
        GradCheck.loss(new SigmoidCrossEntropy(new double[] {0.5, 3, 1, 7}), 2, 4, soft, false, 25);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e3, 1e300})
    void extremeLogitsGiveFiniteLossAndGradient(double big) {
        double[] z = {big, big, -big, -big, big};
        double[] t = {1, 0, 1, 0, 0.5};
        LossIO io = run(new SigmoidCrossEntropy(), 1, 5, z, t);
        // right with certainty: 0; wrong: |z|; the soft target pays half of |z|
        assertEquals(2.5 * big, io.losses()[0], Math.ulp(2.5 * big));
        double[] expected = {0, 1, -1, 0, 0.5};
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], io.grad()[i], 0.0, "grad " + i);
        }
    }

    @Test
    void aConfidentRightAnswerStillHasATinyExactLossAndGradient() {
        // sigmoid(40) is 1.0 in double: σ - y would be 0; computed as -(1 - σ) it keeps its value
        LossIO io = run(new SigmoidCrossEntropy(), 1, 2, new double[] {40, -40}, new double[] {1, 0});
        assertEquals(2 * Math.exp(-40), io.losses()[0], 1e-30);
        assertEquals(-Math.exp(-40) / (1 + Math.exp(-40)), io.grad()[0], 1e-32);
        assertEquals(Math.exp(-40) / (1 + Math.exp(-40)), io.grad()[1], 1e-32);
    }

    @Test
    void posWeightScalesThePositiveTermAsPyTorchDoes() {
        // PyTorch: (1 - t) z + (1 + (p - 1) t) log(1 + e^-z)
        LossIO io = run(new SigmoidCrossEntropy(new double[] {3}), 1, 2, new double[] {0.5, -0.5},
                new double[] {1, 0.5});
        double expected = 3 * Math.log1p(Math.exp(-0.5)) + (0.5 * -0.5 + 2 * Math.log1p(Math.exp(0.5)));
        assertEquals(expected, io.losses()[0], 1e-15);
        assertEquals(3 * sigmoid(0.5) - 3, io.grad()[0], 1e-15);
        assertEquals(2 * sigmoid(-0.5) - 1.5, io.grad()[1], 1e-15);
    }

    @Test
    void oneOutputPredictsClassOneFromLogitZero() {
        Loss loss = new SigmoidCrossEntropy();
        double[] z = {-1e-300, -0.0, 0.0, 1e-300, Double.NaN};
        int[] expected = {0, 1, 1, 1, 0};
        for (int i = 0; i < z.length; i++) {
            assertEquals(expected[i], ClassTargets.predicted(z, i, 1, loss.decisionThreshold()), "logit " + z[i]);
        }
        assertEquals(0.5, new BinaryCrossEntropy().decisionThreshold());
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary", "multi_label", "soft", "pos_weight", "pos_weight_each", "extreme"})
    void matchesPyTorchBinaryCrossEntropyWithLogits(String name) {
        Map<String, String> first = REFERENCE.rows().stream().filter(r -> r.get("case").equals(name)).findFirst()
                .orElseThrow();
        int n = Integer.parseInt(first.get("batch"));
        int w = Integer.parseInt(first.get("width"));
        double[] posWeight = column(name, "pos_weight");
        Loss loss = posWeight.length == 0 ? new SigmoidCrossEntropy() : new SigmoidCrossEntropy(posWeight);
        LossIO io = run(loss, n, w, column(name, "logit"), column(name, "target"));
        assertClose(column(name, "loss"), io.losses(), name + " loss");
        assertClose(column(name, "grad"), io.grad(), name + " grad");
    }

    private static double[] column(String name, String kind) {
        return REFERENCE.values(r -> r.get("case").equals(name) && r.get("kind").equals(kind));
    }

    /** Within 2 ulp-ish of 1e-16 relative to max(1, |x|): PyTorch sums log(e^-m + e^(-z-m)), we log1p. */
    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 4.5e-16 * Math.max(1, Math.abs(expected[i])), what + " " + i);
        }
    }
}
