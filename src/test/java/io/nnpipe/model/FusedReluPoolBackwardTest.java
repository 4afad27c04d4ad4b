package io.nnpipe.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.layer.Layer;
import io.nnpipe.layer.LayerIO;
import io.nnpipe.layer.MaxPool2d;
import io.nnpipe.layer.Pass;
import io.nnpipe.tensor.Shape;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.PipelineReader;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Rng;
import io.nnpipe.testing.Backward;
import io.nnpipe.testing.Layers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Network#backwardSkippingInnerGradients} (a max pooling doing its own and the ReLU's
 * backward pass in one, where its windows tile the input) gives every parameter gradient and the
 * first layer's input gradient bit for bit as {@link Network#backward} does: on inputs and
 * gradients full of ties, zeros of both signs, infinities and NaNs, on one thread and on three,
 * for pools that fuse (2×2, 3×3, 2×1) and for ones that must not (overlapping, padded, a
 * remainder row) next to each other in one network.
 */
class FusedReluPoolBackwardTest {
    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, 1.0, 2.0, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, 1e-310, -1e-310};

    private static Pipeline read(String pool1, String pool2, int h, int w) {
        String yaml = """
                seed: 3
                epochs: 1
                batch_size: 4
                data:
                  input_shape: [1, %d, %d]
                  train:
                    - {label: 0, input: [%s]}
                layers:
                  - {type: conv2d, out_channels: 2, kernel: 1, weight: {init: normal, std: 1}}
                  - {type: relu}
                  - %s
                  - {type: conv2d, out_channels: 3, kernel: 1, weight: {init: normal, std: 1}}
                  - {type: relu}
                  - %s
                  - {type: flatten}
                  - {type: dense, units: 2}
                loss: softmax_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """.formatted(h, w, "0, ".repeat(h * w - 1) + "0", pool1, pool2);
        Diagnostics d = new Diagnostics();
        Pipeline p = new PipelineReader(Layers.BUILTIN).read(Layers.yaml(yaml), "test", d);
        d.throwIfErrors();
        return p;
    }

    @ParameterizedTest(name = "{0} then {1} on {2}x{3}, {4} threads, special values {5}, fused {6}/{7}")
    @CsvSource(delimiter = ';', value = {
        "{type: max_pool2d, kernel: 2}; {type: max_pool2d, kernel: 2}; 8; 8; 1; false; true; true",
        "{type: max_pool2d, kernel: 2}; {type: max_pool2d, kernel: 2}; 8; 8; 3; true; true; true",
        "{type: max_pool2d, kernel: 2}; {type: max_pool2d, kernel: 2}; 8; 8; 1; true; true; true",
        "{type: max_pool2d, kernel: 3}; {type: max_pool2d, kernel: [2, 1]}; 12; 6; 2; true; true; true",
        "{type: max_pool2d, kernel: 3, stride: 1}; {type: max_pool2d, kernel: 2}; 9; 9; 1; true; false; false",
        "{type: max_pool2d, kernel: 3, stride: 1}; {type: max_pool2d, kernel: 2}; 10; 10; 1; true; false; true",
        "{type: max_pool2d, kernel: 2, padding: 1}; {type: max_pool2d, kernel: 2}; 7; 7; 1; true; false; true",
        "{type: max_pool2d, kernel: 2}; {type: max_pool2d, kernel: 3, stride: 2}; 9; 9; 3; true; false; false",
    })
    void fusedBackwardGivesTheSameBitsAsLayerByLayer(String pool1, String pool2, int h, int w, int threads,
            boolean special, boolean fuse1, boolean fuse2) {
        Pipeline p = read(pool1, pool2, h, w);
        Network net = p.network();
        int batch = 4;
        net.prepare(batch);
        Rng rng = new Rng(h * 31L + w + (special ? 1 : 0));
        double[] x = net.input();
        for (int i = 0; i < batch * h * w; i++) {
            x[i] = special && rng.nextInt(3) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextGaussian();
        }
        try (Parallel parallel = Parallel.threads(threads)) {
            Pass pass = new Pass(batch, true, 1, parallel);
            net.forward(pass);
            double[] g = net.outputGrad();
            for (int i = 0; i < batch * net.outputShape().size(); i++) {
                g[i] = special && rng.nextInt(4) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextGaussian();
            }
            List<Parameter> ps = net.parameters();
            double[][] expected = Backward.fullGradients(net, pass);
            // the gradient buffers between each ReLU and its pooling: left alone where fused
            double[] inner1 = net.io(2).dx();
            double[] inner2 = net.io(5).dx();
            java.util.Arrays.fill(inner1, 12345.0);
            java.util.Arrays.fill(inner2, 12345.0);
            net.zeroGrad();
            net.backwardSkippingInnerGradients(pass);
            assertEquals(fuse1, inner1[0] == 12345.0 && inner1[inner1.length - 1] == 12345.0, "pool 1 fused");
            assertEquals(fuse2, inner2[0] == 12345.0 && inner2[inner2.length - 1] == 12345.0, "pool 2 fused");
            for (int k = 0; k < ps.size(); k++) {
                double[] actual = ps.get(k).grad();
                for (int i = 0; i < actual.length; i++) {
                    int at = i;
                    int param = k;
                    // NaN payloads are left to the JIT (an addition's NaN may come from either
                    // operand); every other value must match bit for bit.
                    assertEquals(Double.doubleToLongBits(expected[k][i]), Double.doubleToLongBits(actual[i]),
                            () -> ps.get(param).name() + " of parameter " + param + " [" + at + "]: fused "
                                    + actual[at] + ", layer by layer " + expected[param][at]);
                }
            }
        }
    }

    /**
     * The two layers alone: the ReLU's input gradient, element by element, fused against
     * pooling's backward then ReLU's, with -0.0, infinities and NaNs in dy and x (a NaN's
     * payload aside).
     */
    @Test
    void reluInputGradientIsTheSameElementByElement() {
        Shape in = Shape.of(3, 8, 6);
        Layer relu = Layers.build("{type: relu}", in, 1);
        MaxPool2d pool = (MaxPool2d) Layers.build("{type: max_pool2d, kernel: 2}", in, 1);
        int batch = 3;
        Rng rng = new Rng(17);
        double[] x = new double[batch * in.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(2) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextGaussian();
        }
        int outs = batch * pool.outputShape().size();
        double[] dy = new double[outs];
        for (int i = 0; i < outs; i++) {
            // every fifth a -0.0: pooling's dx there is 0.0 + -0.0 = +0.0, not -0.0
            dy[i] = i % 5 == 0 ? -0.0 : rng.nextInt(2) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextGaussian();
        }
        double[] r = new double[x.length];
        double[] p = new double[outs];
        double[] between = new double[x.length];
        double[] expected = new double[x.length];
        Pass pass = Pass.of(batch, true);
        pool.prepare(batch);
        relu.forward(pass, new LayerIO(x, r, expected, between));
        pool.forward(pass, new LayerIO(r, p, between, dy));
        pool.backward(pass, new LayerIO(r, p, between, dy));
        relu.backward(pass, new LayerIO(x, r, expected, between));
        double[] fused = new double[x.length];
        java.util.Arrays.fill(fused, 99.0);
        pool.backwardAfterRelu(pass, new LayerIO(r, p, between, dy), fused);
        int nans = 0;
        for (int i = 0; i < x.length; i++) {
            int at = i;
            nans += expected[i] != expected[i] ? 1 : 0;
            long e = expected[i] != expected[i] ? Double.doubleToLongBits(Double.NaN) : Double.doubleToRawLongBits(expected[i]);
            long a = fused[i] != fused[i] ? Double.doubleToLongBits(Double.NaN) : Double.doubleToRawLongBits(fused[i]);
            assertEquals(e, a, () -> "dx[" + at + "]: fused " + fused[at] + ", layer by layer " + expected[at]);
        }
        assertTrue(nans > 0 && nans < x.length, "some, not all, gradients NaN: " + nans);
    }
}
