package io.nnpipe.loss;

import io.nnpipe.layer.Layer;

/**
 * Binary cross-entropy summed over the outputs — the seed document's loss, which it applies to
 * softmax outputs: L = -Σ_i (t_i log p_i + (1 - t_i) log(1 - p_i)), gradient
 * (-t_i/p_i + (1 - t_i)/(1 - p_i)) / n. Outputs must lie in (0, 1): a softmax or sigmoid last
 * layer. NOTE: a term whose coefficient is 0 contributes exactly 0 (the limit of 0·log 0), so an
 * output of exactly 1 for target 1 (or 0 for target 0) costs nothing; an output of exactly 0 for a
 * positive target costs +∞, which stops training. No clamping otherwise.
 */
public final class BinaryCrossEntropy implements Loss {

    @Override
    public String id() {
        return "binary_cross_entropy";
    }

    @Override
    public String checkLastLayer(Layer last) {
        if (!last.type().equals("softmax") && !last.type().equals("sigmoid")) {
            return "binary_cross_entropy expects outputs in (0, 1); end the network with a softmax or sigmoid layer";
        }
        return last.type().equals("softmax") ? Losses.softmaxOfOne(last) : null;
    }

    @Override
    public void compute(int n, LossIO io) {
        int w = io.width();
        double[] p = io.pred();
        double[] t = io.target();
        for (int s = 0; s < n; s++) {
            double loss = 0;
            for (int i = s * w; i < (s + 1) * w; i++) {
                double q = 1 - t[i];
                double positive = t[i] != 0 ? t[i] * StrictMath.log(p[i]) : 0.0;
                double negative = q != 0 ? q * StrictMath.log(1 - p[i]) : 0.0;
                loss -= positive + negative;
                double dPositive = t[i] != 0 ? -t[i] / p[i] : 0.0;
                double dNegative = q != 0 ? q / (1 - p[i]) : 0.0;
                io.grad()[i] = (dPositive + dNegative) / n;
            }
            io.losses()[s] = loss;
        }
    }
}
