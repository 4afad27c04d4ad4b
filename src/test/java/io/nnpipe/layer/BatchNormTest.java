package io.nnpipe.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import io.nnpipe.testing.GradCheck;
import io.nnpipe.testing.Layers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchNormTest {

    @Test
    void trainingNormalisesWithTheBiasedBatchVariance() {
        Layer l = Layers.build("{type: batch_norm, epsilon: 0}", Shape.of(1), 1);
        double[] y = new double[4];
        l.forward(Pass.of(4, true), new LayerIO(new double[] {1, 2, 3, 4}, y, null, null));
        // mean 2.5, biased variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
        double s = Math.sqrt(1.25);
        assertArrayEquals(new double[] {-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s}, y, 1e-15);
    }

    @Test
    void runningStatisticsMoveByMomentumWithTheUnbiasedVariance() {
        Layer l = Layers.build("{type: batch_norm, momentum: 0.1}", Shape.of(1), 1);
        l.forward(Pass.of(4, true), new LayerIO(new double[] {1, 2, 3, 4}, new double[4], null, null));
        List<Parameter> b = l.buffers();
        assertEquals("running_mean", b.get(0).name());
        assertEquals(0.9 * 0 + 0.1 * 2.5, b.get(0).value()[0], 1e-15);
        assertEquals(0.9 * 1 + 0.1 * (5.0 / 3), b.get(1).value()[0], 1e-15, "unbiased: 5/3, not 1.25");
    }

    @Test
    void imagesAreNormalisedPerChannelOverBatchAndPositions() {
        Layer l = Layers.build("{type: batch_norm, epsilon: 0}", Shape.of(2, 1, 2), 1);
        // two samples, channel 0 values {1, 3, 5, 7}, channel 1 values {10, 10, 20, 20}
        double[] x = {1, 3, 10, 10, 5, 7, 20, 20};
        double[] y = new double[8];
        l.forward(Pass.of(2, true), new LayerIO(x, y, null, null));
        double s0 = Math.sqrt(5);
        assertArrayEquals(new double[] {-3 / s0, -1 / s0, -1, -1, 1 / s0, 3 / s0, 1, 1}, y, 1e-15);
    }

    @Test
    void aConstantChannelWithEpsilonZeroGivesBetaAndNoGradientAsPyTorchNotNaN() {
        // PyTorch 1.13 float64, BatchNorm1d(2, eps=0) on [[3, 1], [3, 2]], grad_output [[1, 2], [3, 5]]:
        // y = [[0, -1], [0, 1]], x.grad = [[0, 0], [0, 0]], weight.grad [0, 3], bias.grad [4, 7]
        // (its InvStd is 0 where variance and epsilon are both 0; 1/sqrt(0) made NaN here).
        Layer l = Layers.build("{type: batch_norm, epsilon: 0, beta: [0.5, 0]}", Shape.of(2), 1);
        double[] x = {3, 1, 3, 2};
        double[] y = new double[4];
        double[] dx = new double[4];
        LayerIO io = new LayerIO(x, y, dx, new double[] {1, 2, 3, 5});
        Pass pass = Pass.of(2, true);
        l.forward(pass, io);
        assertArrayEquals(new double[] {0.5, -1, 0.5, 1}, y, 0.0, "feature 0 is beta");
        l.backward(pass, io);
        assertArrayEquals(new double[] {0, 0, 0, 0}, dx, 0.0);
        assertArrayEquals(new double[] {0, 3}, l.parameters().get(0).grad(), 0.0, "gamma");
        assertArrayEquals(new double[] {4, 7}, l.parameters().get(1).grad(), 0.0, "beta");
    }

    @Test
    void inferenceUsesTheRunningStatistics() {
        Layer l = Layers.build("{type: batch_norm, momentum: 1, epsilon: 0, gamma: [2], beta: [0.5]}", Shape.of(1), 1);
        l.forward(Pass.of(3, true), new LayerIO(new double[] {0, 3, 6}, new double[3], null, null));
        // momentum 1: running mean 3, running variance = unbiased 9
        double[] y = new double[1];
        l.forward(Pass.inference(1), new LayerIO(new double[] {6}, y, null, null));
        assertEquals(2 * (6 - 3) / 3.0 + 0.5, y[0], 1e-15);
    }

    @ParameterizedTest(name = "{0} on {1}, batch {2}")
    @CsvSource(delimiter = ';', value = {
        "{type: batch_norm, gamma: {init: uniform, low: 0.5, high: 1.5}, beta: {init: uniform}}; 5; 4",
        "{type: batch_norm, gamma: {init: uniform, low: 0.5, high: 1.5}, beta: {init: uniform}}; 3x2x3; 2",
        "{type: batch_norm, epsilon: 0.1, gamma: {init: normal}, beta: false}; 2x3x3; 1",
        "{type: batch_norm, gamma: false, beta: false}; 4; 3",
    })
    void trainingBackwardMatchesFiniteDifferences(String yaml, String shape, int batch) {
        int[] dims = java.util.Arrays.stream(shape.split("x")).mapToInt(Integer::parseInt).toArray();
        for (long seed = 1; seed <= 3; seed++) {
            GradCheck.layer(Layers.build(yaml, Shape.of(dims), seed), batch, seed * 13);
        }
    }

    @Test
    void inferenceBackwardMatchesFiniteDifferences() {
        Layer l = Layers.build("{type: batch_norm, gamma: {init: uniform, low: 0.5, high: 1.5}, beta: {init: uniform}}",
                Shape.of(2, 1, 2), 4);
        double[] x = {0.3, -1.2, 2.0, 0.7, 1.1, -0.4, 0.9, 1.6, -0.5, 0.2, 0.8, 1.9};
        l.forward(Pass.of(3, true), new LayerIO(x, new double[12], null, null));
        GradCheck.layerInference(l, 2, 5);
    }

    @Test
    void batchesWithOneValuePerFeatureAreRefusedBeforeTraining() {
        List<Layer> layers = List.of(Layers.build("{type: batch_norm}", Shape.of(3), 1));
        assertEquals(null, BatchNorm.checkTrainingBatches(layers, 8, 4));
        assertEquals("batch_norm layer 'batch_norm_1' needs at least 2 values per feature in every training batch, but"
                + " the last batch of each epoch holds 1 sample (9 training samples, batch_size 4); choose another batch_size",
                BatchNorm.checkTrainingBatches(layers, 9, 4));
        assertTrue(BatchNorm.checkTrainingBatches(layers, 9, 1).contains("but batch_size is 1"));
        List<Layer> images = List.of(Layers.build("{type: batch_norm}", Shape.of(3, 2, 1), 1));
        assertEquals(null, BatchNorm.checkTrainingBatches(images, 9, 1), "two positions per channel are enough");
    }
}
