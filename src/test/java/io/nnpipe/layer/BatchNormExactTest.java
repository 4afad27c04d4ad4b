package io.nnpipe.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Rng;
import io.nnpipe.tensor.Shape;
import io.nnpipe.testing.Layers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link BatchNorm} gives the bits of its plain definition, one channel after another with each
 * sum in sample, then position order (the loops it had before {@link ChannelSums}): y, the running
 * statistics, dγ, dβ and dx, in training and at inference, for vectors and images, with channel
 * counts that leave every remainder of the four- and two-channel blocks, with and without γ and β.
 */
class BatchNormExactTest {

    @ParameterizedTest(name = "batch_norm {0} on {3}, batch {4}")
    @CsvSource(delimiter = ';', value = {
        "{gamma: {init: uniform, low: 0.5, high: 1.5}, beta: {init: uniform}}; 0.1; 1e-5; 7; 5",
        "{gamma: {init: uniform, low: 0.5, high: 1.5}, beta: {init: uniform}}; 0.1; 1e-5; 256; 16",
        "{momentum: 0.3, epsilon: 0.001}; 0.3; 0.001; 1; 3",
        "{gamma: {init: normal}, beta: false}; 0.1; 1e-5; 7x3x3; 3",
        "{gamma: false, beta: {init: uniform}, momentum: 1}; 1; 1e-5; 6x4x4; 2",
        "{}; 0.1; 1e-5; 5x1x1; 4",
        "{gamma: false, beta: false, epsilon: 0}; 0.1; 0; 4x5x3; 2",
        "{gamma: {init: uniform, low: 0.5, high: 1.5}, beta: {init: uniform}}; 0.1; 1e-5; 32x8x8; 4",
    })
    void batchNormGivesThePlainLoopsBits(String settings, double momentum, double eps, String shape, int batch) {
        int[] dims = java.util.Arrays.stream(shape.split("x")).mapToInt(Integer::parseInt).toArray();
        Shape in = Shape.of(dims);
        String yaml = settings.equals("{}") ? "{type: batch_norm}" : "{type: batch_norm, " + settings.substring(1);
        BatchNorm fast = (BatchNorm) Layers.build(yaml, in, 7);
        BatchNorm plain = (BatchNorm) Layers.build(yaml, in, 7);
        Reference ref = new Reference(plain, in, momentum, eps);
        Rng rng = new Rng(batch * 31L + in.size());
        int n = batch * in.size();
        for (int step = 0; step < 3; step++) {
            boolean training = step < 2;
            double[] x = values(rng, n, 10 * step);
            double[] dy = values(rng, n, 0);
            double[] y = new double[n];
            double[] dx = new double[n];
            double[] yRef = new double[n];
            double[] dxRef = new double[n];
            Pass pass = training ? Pass.of(batch, true) : Pass.inference(batch);
            fast.forward(pass, new LayerIO(x, y, dx, dy));
            fast.backward(pass, new LayerIO(x, y, dx, dy));
            ref.forward(x, yRef, batch, training);
            ref.backward(x, dy, dxRef, batch, training);
            String what = shape + " step " + step;
            same(yRef, y, what + " y");
            same(dxRef, dx, what + " dx");
            for (int k = 0; k < fast.parameters().size(); k++) {
                same(plain.parameters().get(k).grad(), fast.parameters().get(k).grad(), what + " " + fast.parameters().get(k).name());
            }
            for (int k = 0; k < 2; k++) {
                same(plain.buffers().get(k).value(), fast.buffers().get(k).value(), what + " " + fast.buffers().get(k).name());
            }
        }
    }

    /** Values spread over magnitudes, with an offset (so that the mean matters) and some signed zeros. */
    private static double[] values(Rng rng, int n, double offset) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(12) == 0 ? (rng.nextInt(2) == 0 ? 0.0 : -0.0)
                    : offset + rng.nextGaussian() * Math.pow(10, rng.nextInt(7) - 3);
        }
        return v;
    }

    private static void same(double[] want, double[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            int at = i;
            assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]),
                    () -> what + "[" + at + "]: " + got[at] + ", the plain loops give " + want[at]);
        }
    }

    /** The plain loops, channel by channel, on the other layer's parameters and buffers. */
    private static final class Reference {
        private final int channels;
        private final int plane;
        private final double momentum;
        private final double eps;
        private final Parameter gamma;
        private final Parameter beta;
        private final Parameter runningMean;
        private final Parameter runningVar;

        Reference(BatchNorm layer, Shape in, double momentum, double eps) {
            channels = in.dim(0);
            plane = in.size() / channels;
            this.momentum = momentum;
            this.eps = eps;
            Parameter g = null;
            Parameter b = null;
            for (Parameter p : layer.parameters()) {
                if (p.name().equals("gamma")) {
                    g = p;
                } else {
                    b = p;
                }
            }
            gamma = g;
            beta = b;
            runningMean = layer.buffers().get(0);
            runningVar = layer.buffers().get(1);
        }

        private double[] stats(double[] x, int batch, int c) {
            int m = batch * plane;
            double sum = 0;
            for (int n = 0; n < batch; n++) {
                int off = (n * channels + c) * plane;
                for (int j = off; j < off + plane; j++) {
                    sum += x[j];
                }
            }
            double mean = sum / m;
            double sq = 0;
            for (int n = 0; n < batch; n++) {
                int off = (n * channels + c) * plane;
                for (int j = off; j < off + plane; j++) {
                    double d = x[j] - mean;
                    sq += d * d;
                }
            }
            return new double[] {mean, sq / m};
        }

        void forward(double[] x, double[] y, int batch, boolean training) {
            int m = batch * plane;
            for (int c = 0; c < channels; c++) {
                double mean;
                double var;
                if (training) {
                    double[] st = stats(x, batch, c);
                    mean = st[0];
                    var = st[1];
                    double unbiased = m > 1 ? var * m / (m - 1) : var;
                    runningMean.value()[c] = (1 - momentum) * runningMean.value()[c] + momentum * mean;
                    runningVar.value()[c] = (1 - momentum) * runningVar.value()[c] + momentum * unbiased;
                } else {
                    mean = runningMean.value()[c];
                    var = runningVar.value()[c];
                }
                double invStd = 1.0 / Math.sqrt(var + eps);
                double g = gamma == null ? 1.0 : gamma.value()[c];
                double b = beta == null ? 0.0 : beta.value()[c];
                for (int n = 0; n < batch; n++) {
                    int off = (n * channels + c) * plane;
                    for (int j = off; j < off + plane; j++) {
                        y[j] = (x[j] - mean) * invStd * g + b;
                    }
                }
            }
        }

        void backward(double[] x, double[] dy, double[] dx, int batch, boolean training) {
            int m = batch * plane;
            for (int c = 0; c < channels; c++) {
                double[] st = training ? stats(x, batch, c) : new double[] {runningMean.value()[c], runningVar.value()[c]};
                double mean = st[0];
                double invStd = 1.0 / Math.sqrt(st[1] + eps);
                double sumDy = 0;
                double sumDyXhat = 0;
                for (int n = 0; n < batch; n++) {
                    int off = (n * channels + c) * plane;
                    for (int j = off; j < off + plane; j++) {
                        sumDy += dy[j];
                        sumDyXhat += dy[j] * (x[j] - mean) * invStd;
                    }
                }
                if (gamma != null) {
                    gamma.grad()[c] += sumDyXhat;
                }
                if (beta != null) {
                    beta.grad()[c] += sumDy;
                }
                double g = gamma == null ? 1.0 : gamma.value()[c];
                for (int n = 0; n < batch; n++) {
                    int off = (n * channels + c) * plane;
                    for (int j = off; j < off + plane; j++) {
                        dx[j] = training ? g * invStd * (dy[j] - sumDy / m - (x[j] - mean) * invStd * sumDyXhat / m)
                                : g * invStd * dy[j];
                    }
                }
            }
        }
    }
}
