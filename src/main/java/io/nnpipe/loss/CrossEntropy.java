package io.nnpipe.loss;

import io.nnpipe.layer.Layer;

/**
 * Cross-entropy on probabilities (the output of a softmax layer): L = -Σ_i t_i log p_i, gradient
 * -t_i / (p_i n). Terms with t_i = 0 contribute nothing (even when p_i = 0).
 */
public final class CrossEntropy implements Loss {

    @Override
    public String id() {
        return "cross_entropy";
    }

    @Override
    public String checkLastLayer(Layer last) {
        if (!last.type().equals("softmax")) {
            return "cross_entropy expects probabilities from a final softmax layer; add one, or use"
                    + " 'softmax_cross_entropy' on raw scores";
        }
        return Losses.softmaxOfOne(last);
    }

    @Override
    public void compute(int n, LossIO io) {
        int w = io.width();
        double[] p = io.pred();
        double[] t = io.target();
        for (int s = 0; s < n; s++) {
            double loss = 0;
            for (int i = s * w; i < (s + 1) * w; i++) {
                if (t[i] != 0) {
                    loss -= t[i] * StrictMath.log(p[i]);
                    io.grad()[i] = -t[i] / p[i] / n;
                } else {
                    io.grad()[i] = 0;
                }
            }
            io.losses()[s] = loss;
        }
    }
}
