package io.nnpipe.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.layer.Pass;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.PipelineReader;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Rng;
import io.nnpipe.testing.Backward;
import io.nnpipe.testing.Layers;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Network#backwardSkippingInnerGradients} runs no layer before the first one with
 * parameters and gives that one no input gradient to write, yet every parameter gradient has the
 * same bits as after {@link Network#backward}, which computes every gradient buffer.
 */
class SkippedInputGradientsTest {
    private static Network read(String shape, String layers) {
        String yaml = """
                seed: 5
                epochs: 1
                batch_size: 3
                data:
                  input_shape: %s
                  train: [&s {label: 0, input: [%s]}, *s, *s]
                layers: %s
                loss: softmax_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """.formatted(shape, "0, ".repeat(size(shape) - 1) + "0", layers);
        Diagnostics d = new Diagnostics();
        Pipeline p = new PipelineReader(Layers.BUILTIN).read(Layers.yaml(yaml), "test", d);
        d.throwIfErrors();
        return p.network();
    }

    private static int size(String shape) {
        int n = 1;
        for (String s : shape.replaceAll("[\\[\\] ]", "").split(",")) {
            n *= Integer.parseInt(s);
        }
        return n;
    }

    @ParameterizedTest(name = "{0}: {1}, first trained layer {2}, {3} threads")
    @CsvSource(delimiter = ';', value = {
        "[2, 4, 4]; [{type: flatten}, {type: dense, units: 5}, {type: tanh}, {type: dense, units: 3}]; 1; 1",
        "[2, 4, 4]; [{type: flatten}, {type: dense, units: 5}, {type: tanh}, {type: dense, units: 3}]; 1; 3",
        "[1, 6, 6]; [{type: relu}, {type: max_pool2d, kernel: 2}, {type: conv2d, out_channels: 2, kernel: 2},"
                + " {type: relu}, {type: flatten}, {type: dense, units: 3}]; 2; 2",
        "[1, 6, 6]; [{type: avg_pool2d, kernel: 2}, {type: sigmoid}, {type: flatten}, {type: batch_norm},"
                + " {type: dense, units: 3}]; 3; 1",
        "[7]; [{type: leaky_relu}, {type: batch_norm, gamma: false}, {type: dense, units: 3}]; 1; 1",
        "[7]; [{type: dense, units: 4}, {type: relu}, {type: dense, units: 3}]; 0; 1",
        "[2, 5, 5]; [{type: conv2d, out_channels: 3, kernel: 3}, {type: relu}, {type: max_pool2d, kernel: 3},"
                + " {type: flatten}, {type: dense, units: 3}]; 0; 2",
    })
    void parameterGradientsAreTheSameWithoutTheGradientsBelowTheFirstTrainedLayer(String shape, String layers,
            int firstTrained, int threads) {
        Network net = read(shape, layers);
        int batch = 3;
        net.prepare(batch);
        Rng rng = new Rng(firstTrained * 7L + threads);
        for (int i = 0; i < batch * net.inputShape().size(); i++) {
            net.input()[i] = rng.nextGaussian();
        }
        try (Parallel parallel = Parallel.threads(threads)) {
            Pass pass = new Pass(batch, true, 1, parallel);
            net.forward(pass);
            for (int i = 0; i < batch * net.outputShape().size(); i++) {
                net.outputGrad()[i] = rng.nextGaussian();
            }
            List<Parameter> ps = net.parameters();
            double[][] expected = Backward.fullGradients(net, pass);
            for (int i = 1; i <= firstTrained; i++) { // the input gradients below the first trained layer
                java.util.Arrays.fill(net.io(i).dx(), 12345.0);
            }
            net.zeroGrad();
            net.backwardSkippingInnerGradients(pass);
            for (int i = 1; i <= firstTrained; i++) {
                double[] dx = net.io(i).dx();
                for (int j = 0; j < dx.length; j++) {
                    assertEquals(12345.0, dx[j], "input gradient of layer " + i + " written at " + j);
                }
            }
            for (int k = 0; k < ps.size(); k++) {
                for (int i = 0; i < expected[k].length; i++) {
                    assertEquals(Double.doubleToLongBits(expected[k][i]), Double.doubleToLongBits(ps.get(k).grad()[i]),
                            ps.get(k).name() + " [" + i + "]");
                }
            }
            assertEquals(firstTrained, firstWithParameters(net));
        }
    }

    private static int firstWithParameters(Network net) {
        int i = 0;
        while (net.parameters(i).isEmpty()) {
            i++;
        }
        return i;
    }
}
