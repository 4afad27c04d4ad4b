package io.nnpipe.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.layer.Pass;
import io.nnpipe.loss.LossIO;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.PipelineReader;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.testing.Layers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whole networks, read from configs: backward through the chain (with the batch-mean loss)
 * agrees with finite differences of the loss for every parameter; and the seed document's rules
 * really do depart from the true gradient, which is why they are off by default.
 */
class NetworkGradientTest {

    private static final String SMALL_CNN = """
            seed: 7
            epochs: 1
            batch_size: 3
            data:
              input_shape: [2, 6, 6]
              train:
                - {label: 0, input: [%s]}
            layers:
              - {type: conv2d, out_channels: 3, kernel: 3, padding: 1, weight: {init: normal, std: 0.4}, bias: {init: uniform, low: -0.2, high: 0.2}}
              - {type: tanh}
              - {type: max_pool2d, kernel: 2}
              - {type: conv2d, out_channels: 2, kernel: 2, stride: 1, weight: {init: normal, std: 0.4}}
              - {type: leaky_relu, negative_slope: 0.1}
              - {type: flatten}
              - {type: dense, units: 4, weight: {init: normal, std: 0.4}, bias: {init: normal, std: 0.1}}
              - {type: sigmoid}
              - {type: dense, units: 3, weight: {init: normal, std: 0.4}}
            loss: softmax_cross_entropy
            optimizer: {type: sgd, learning_rate: 0.1}
            """;

    private static Pipeline read(String yaml) {
        Diagnostics d = new Diagnostics();
        Pipeline p = new PipelineReader(Layers.BUILTIN).read(Layers.yaml(yaml), "test", d);
        d.throwIfErrors();
        return p;
    }

    /** Mean loss of the batch currently in the network's input. */
    private static double loss(Pipeline p, int n, double[] targets, boolean backward) {
        Network net = p.network();
        Pass pass = Pass.of(n, true);
        net.forward(pass);
        LossIO io = new LossIO(net.outputShape().size(), net.output(), targets, new double[n], net.outputGrad());
        p.loss().compute(n, io);
        if (backward) {
            net.zeroGrad();
            net.backward(pass);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += io.losses()[i];
        }
        return s / n;
    }

    private static void assertGradientsMatchFiniteDifferences(Pipeline p, int n, double[] inputs, double[] targets,
            double tol) {
        Network net = p.network();
        net.prepare(n);
        System.arraycopy(inputs, 0, net.input(), 0, inputs.length);
        loss(p, n, targets, true);
        double h = 1e-6;
        for (Parameter param : net.parameters()) {
            double[] analytic = param.grad().clone();
            double[] v = param.value();
            for (int i = 0; i < v.length; i++) {
                double old = v[i];
                v[i] = old + h;
                double plus = loss(p, n, targets, false);
                v[i] = old - h;
                double minus = loss(p, n, targets, false);
                v[i] = old;
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, analytic[i], tol + 1e-6 * Math.abs(numeric), param.name() + "[" + i + "]");
            }
        }
    }

    @Test
    void exactSeedNetworkGradientEqualsFiniteDifferences() {
        Pipeline p = new PipelineReader(Layers.BUILTIN).read(Path.of("configs/doc-example-exact.yaml"), List.of());
        double[] o = {1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1};
        double[] x = {1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1};
        // The images as drawn tie inside max-pool windows (e.g. C2 of "X" is all zeros), where the
        // loss has a kink and finite differences are one-sided; a little noise removes the ties.
        io.nnpipe.tensor.Rng rng = new io.nnpipe.tensor.Rng(1);
        double[] both = new double[32];
        for (int i = 0; i < 16; i++) {
            both[i] = o[i] + 0.05 * rng.nextDouble();
            both[16 + i] = x[i] + 0.05 * rng.nextDouble();
        }
        assertGradientsMatchFiniteDifferences(p, 2, both, new double[] {1, 0, 0, 1}, 1e-7);
    }

    @Test
    void deeperNetworkWithBatchGradientEqualsFiniteDifferences() {
        StringBuilder zeros = new StringBuilder();
        for (int i = 0; i < 72; i++) {
            zeros.append(i > 0 ? ", " : "").append("0");
        }
        Pipeline p = read(String.format(SMALL_CNN, zeros));
        io.nnpipe.tensor.Rng rng = new io.nnpipe.tensor.Rng(3);
        double[] inputs = new double[3 * 72];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = 2 * rng.nextDouble() - 1;
        }
        double[] targets = {1, 0, 0, 0, 0, 1, 0.2, 0.5, 0.3};
        assertGradientsMatchFiniteDifferences(p, 3, inputs, targets, 1e-7);
    }

    @Test
    void seedDocumentRulesAreNotTheTrueGradient() {
        Pipeline doc = new PipelineReader(Layers.BUILTIN).read(Path.of("configs/doc-example.yaml"), List.of());
        Network net = doc.network();
        net.prepare(1);
        double[] o = {1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1};
        System.arraycopy(o, 0, net.input(), 0, 16);
        loss(doc, 1, new double[] {1, 0}, true);
        double documentGrad = net.parameters().get(net.parameters().size() - 1).grad()[0];
        Pipeline exact = new PipelineReader(Layers.BUILTIN).read(Path.of("configs/doc-example-exact.yaml"), List.of());
        exact.network().prepare(1);
        System.arraycopy(o, 0, exact.network().input(), 0, 16);
        loss(exact, 1, new double[] {1, 0}, true);
        double exactGrad = exact.network().parameters().get(exact.network().parameters().size() - 1).grad()[0];
        assertEquals(-0.368188, documentGrad, 1e-6, "the document's dbo");
        assertEquals(2 * documentGrad, exactGrad, 1e-12, "the exact dbo is twice the document's");
    }
}
