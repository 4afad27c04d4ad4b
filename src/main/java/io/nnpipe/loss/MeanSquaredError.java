package io.nnpipe.loss;

/**
 * Mean squared error, averaged over the outputs (as PyTorch's {@code MSELoss}):
 * L = (1/w) Σ_i (p_i - t_i)², gradient 2 (p_i - t_i) / (w n).
 */
public final class MeanSquaredError implements Loss {

    @Override
    public String id() {
        return "mse";
    }

    @Override
    public void compute(int n, LossIO io) {
        int w = io.width();
        double[] p = io.pred();
        double[] t = io.target();
        for (int s = 0; s < n; s++) {
            double sum = 0;
            for (int i = s * w; i < (s + 1) * w; i++) {
                double d = p[i] - t[i];
                sum += d * d;
                io.grad()[i] = 2 * d / w / n;
            }
            io.losses()[s] = sum / w;
        }
    }
}
