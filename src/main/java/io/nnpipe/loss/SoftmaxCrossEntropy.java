package io.nnpipe.loss;

import io.nnpipe.layer.Layer;

/**
 * The usual classification loss on raw scores (logits): L = -Σ_i t_i log softmax(z)_i, computed
 * stably as -Σ_i t_i ((z_i - m) - log Σ_j exp(z_j - m)), m = max z, in that order (as PyTorch's
 * log_softmax), so that huge scores lose no precision; a term with t_i = 0 contributes 0 even
 * where its probability underflowed to 0. The gradient is (softmax(z)·Σ_i t_i - t) / n, with
 * softmax(z)_i = exp((z_i - m) - log Σ). The last layer must not itself be a softmax.
 */
public final class SoftmaxCrossEntropy implements Loss {

    @Override
    public String id() {
        return "softmax_cross_entropy";
    }

    @Override
    public String checkLastLayer(Layer last) {
        if (last.type().equals("softmax")) {
            return "softmax_cross_entropy applies softmax itself and expects raw scores; remove the final softmax"
                    + " layer, or use 'cross_entropy' on its probabilities";
        }
        return last.outputShape().size() == 1 ? "softmax_cross_entropy over one output is always 0 (a softmax of one"
                + " value is 1), so nothing would be learned; for two classes end with one output, a sigmoid layer and"
                + " binary_cross_entropy (labels 0 and 1), or give two outputs" : null;
    }

    @Override
    public void compute(int n, LossIO io) {
        int w = io.width();
        double[] z = io.pred();
        double[] t = io.target();
        double[] g = io.grad();
        for (int s = 0; s < n; s++) {
            int o = s * w;
            double m = z[o];
            for (int i = 1; i < w; i++) {
                m = Math.max(m, z[o + i]);
            }
            double sum = 0;
            for (int i = 0; i < w; i++) {
                sum += StrictMath.exp(z[o + i] - m);
            }
            // log p_i = (z_i - m) - log Σ: subtracting the small log Σ last keeps log p_i exact to
            // rounding when the scores are huge; m + log Σ would round to the scores' ulp first
            // (0.125 at 1e15: a loss of 1.375 for 1.3133). The same order as PyTorch's log_softmax.
            double logSum = StrictMath.log(sum);
            double loss = 0;
            double tsum = 0;
            for (int i = 0; i < w; i++) {
                if (t[o + i] != 0) { // 0·log p is 0 even where p underflowed to 0 (log p = -∞)
                    loss -= t[o + i] * ((z[o + i] - m) - logSum);
                }
                tsum += t[o + i];
            }
            io.losses()[s] = loss;
            for (int i = 0; i < w; i++) {
                double p = StrictMath.exp((z[o + i] - m) - logSum);
                g[o + i] = (p * tsum - t[o + i]) / n;
            }
        }
    }
}
