package io.nnpipe.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.nnpipe.check.FiniteDifferences;
import io.nnpipe.check.TensorCheck;
import io.nnpipe.check.Tolerance;
import io.nnpipe.layer.Layer;
import io.nnpipe.layer.LayerIO;
import io.nnpipe.layer.Pass;
import io.nnpipe.loss.Loss;
import io.nnpipe.loss.LossIO;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Rng;

/**
 * The shared gradient check for tests: compares a layer's (or loss's) analytic backward pass with
 * central finite differences for every input and parameter element, through
 * {@link FiniteDifferences} (the same implementation as the {@code gradcheck} command; step,
 * error formula and kink rule are documented there), and fails the test at the first element that
 * disagrees.
 *
 * <p>For a layer, the scalar checked is L = Σ_k c_k · y_k with fixed random weights c, so
 * dL/dy = c is what backward receives; inputs are random in [-1, 1] (so kinks such as ReLU at 0
 * and max-pool ties are hit with probability ~0). Both the input gradient (which backward
 * overwrites) and parameter gradients (which it adds to) are checked; the latter start from
 * non-zero garbage to prove accumulation. Tolerance: |a - n| <= 1e-7 + 1e-6 · max(|a|, |n|).
 */
public final class GradCheck {
    /** 1e-6 relative, floor 0.1: the absolute 1e-7 this helper has always allowed. */
    private static final Tolerance TOLERANCE = new Tolerance(1e-6, 0.1);

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
        FiniteDifferences.Objective f = () -> objective(layer, pass, x, c);
        check(x, dx, f, new TensorCheck(layer.name(), "x", inSize));
        for (int k = 0; k < garbage.length; k++) {
            Parameter p = layer.parameters().get(k);
            double[] added = new double[p.size()];
            for (int i = 0; i < added.length; i++) {
                added[i] = p.grad()[i] - garbage[k][i];
            }
            check(p.value(), added, f, new TensorCheck(layer.name(), p.name(), p.size()));
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
        check(pred, grad, () -> meanLoss(loss, batch, io), new TensorCheck(loss.id(), "pred", pred.length));
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

    private static double objective(Layer layer, Pass pass, double[] x, double[] c) {
        double[] y = new double[c.length];
        layer.forward(pass, new LayerIO(x, y, null, null));
        double s = 0;
        for (int k = 0; k < c.length; k++) {
            s += c[k] * y[k];
        }
        return s;
    }

    private static void check(double[] v, double[] analytic, FiniteDifferences.Objective f, TensorCheck row) {
        FiniteDifferences.compare(FiniteDifferences.Target.all(v, analytic), f, TOLERANCE, row);
        if (!row.passed()) {
            fail(row.firstFailure());
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
