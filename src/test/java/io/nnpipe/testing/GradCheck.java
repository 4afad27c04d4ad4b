package io.nnpipe.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.nnpipe.layer.Layer;
import io.nnpipe.layer.LayerIO;
import io.nnpipe.layer.Pass;
import io.nnpipe.loss.Loss;
import io.nnpipe.loss.LossIO;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Rng;

/**
 * The shared gradient check: compares a layer's (or loss's) analytic backward pass with central
 * finite differences, (f(v + h) - f(v - h)) / 2h, for every input and parameter element.
 *
 * <p>For a layer, the scalar checked is L = Σ_k c_k · y_k with fixed random weights c, so
 * dL/dy = c is what backward receives; inputs are random in [-1, 1] (so kinks such as ReLU at 0
 * and max-pool ties are hit with probability ~0). Both the input gradient (which backward
 * overwrites) and parameter gradients (which it adds to) are checked; the latter start from
 * non-zero garbage to prove accumulation.
 */
public final class GradCheck {
    private static final double H = 1e-6;
    private static final double RTOL = 1e-6;
    private static final double ATOL = 1e-7;

    private GradCheck() {
    }

    /** Checks {@code layer} in training mode on a random batch of {@code batch} samples drawn from {@code seed}. */
    public static void layer(Layer layer, int batch, long seed) {
        layer(layer, batch, seed, Pass.of(batch, true));
    }

    /** The same check in inference mode (e.g. batch norm with its running statistics). */
    public static void layerInference(Layer layer, int batch, long seed) {
        layer(layer, batch, seed, Pass.of(batch, false));
    }

    private static void layer(Layer layer, int batch, long seed, Pass pass) {
        Rng rng = new Rng(seed);
        int inSize = layer.inputShape().size() * batch;
        int outSize = layer.outputShape().size() * batch;
        double[] x = uniform(rng, inSize);
        double[] c = uniform(rng, outSize);
        layer.prepare(batch);
        double[] y = new double[outSize];
        double[] dx = new double[inSize];
        java.util.Arrays.fill(dx, 123.0);
        LayerIO io = new LayerIO(x, y, dx, c.clone());
        layer.forward(pass, io);
        double[][] garbage = new double[layer.parameters().size()][];
        for (int k = 0; k < garbage.length; k++) {
            Parameter p = layer.parameters().get(k);
            garbage[k] = uniform(rng, p.size());
            System.arraycopy(garbage[k], 0, p.grad(), 0, p.size());
        }
        layer.backward(pass, io);
        for (int i = 0; i < inSize; i++) {
            double numeric = numeric(layer, pass, x, c, x, i);
            check(layer.name() + " d/dx[" + i + "]", dx[i], numeric);
        }
        for (int k = 0; k < garbage.length; k++) {
            Parameter p = layer.parameters().get(k);
            for (int i = 0; i < p.size(); i++) {
                double numeric = numeric(layer, pass, x, c, p.value(), i);
                check(layer.name() + " d/d" + p.name() + "[" + i + "]", p.grad()[i] - garbage[k][i], numeric);
            }
        }
    }

    /** Checks a loss on random predictions (in (0.05, 0.95) when {@code probabilities}) and targets. */
    public static void loss(Loss loss, int batch, int width, double[] targets, boolean probabilities, long seed) {
        Rng rng = new Rng(seed);
        double[] pred = new double[batch * width];
        for (int i = 0; i < pred.length; i++) {
            pred[i] = probabilities ? 0.05 + 0.9 * rng.nextDouble() : 2 * rng.nextDouble() - 1;
        }
        double[] grad = new double[pred.length];
        LossIO io = new LossIO(width, pred, targets, new double[batch], grad);
        loss.compute(batch, io);
        for (int i = 0; i < pred.length; i++) {
            double old = pred[i];
            pred[i] = old + H;
            double plus = meanLoss(loss, batch, io);
            pred[i] = old - H;
            double minus = meanLoss(loss, batch, io);
            pred[i] = old;
            check(loss.id() + " d/dpred[" + i + "]", grad[i], (plus - minus) / (2 * H));
        }
    }

    private static double meanLoss(Loss loss, int batch, LossIO io) {
        double[] scratch = io.grad().clone();
        loss.compute(batch, new LossIO(io.width(), io.pred(), io.target(), io.losses(), scratch));
        double s = 0;
        for (int i = 0; i < batch; i++) {
            s += io.losses()[i];
        }
        return s / batch;
    }

    private static double numeric(Layer layer, Pass pass, double[] x, double[] c, double[] v, int i) {
        double old = v[i];
        v[i] = old + H;
        double plus = objective(layer, pass, x, c);
        v[i] = old - H;
        double minus = objective(layer, pass, x, c);
        v[i] = old;
        return (plus - minus) / (2 * H);
    }

    private static double objective(Layer layer, Pass pass, double[] x, double[] c) {
        double[] y = new double[c.length];
        layer.forward(pass, new LayerIO(x, y, null, null));
        double s = 0;
        for (int k = 0; k < c.length; k++) {
            s += c[k] * y[k];
        }
        return s;
    }

    private static void check(String what, double analytic, double numeric) {
        double tol = ATOL + RTOL * Math.max(Math.abs(analytic), Math.abs(numeric));
        if (!(Math.abs(analytic - numeric) <= tol)) {
            fail(what + ": backward gives " + analytic + ", finite differences " + numeric);
        }
    }

    private static double[] uniform(Rng rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * rng.nextDouble() - 1;
        }
        return v;
    }
}
