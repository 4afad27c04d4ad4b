package io.nnpipe.optim;

import io.nnpipe.config.Params;
import io.nnpipe.tensor.Parameter;
import java.util.List;

/**
 * Gradient clipping before every optimizer step, whatever the optimizer (a plugin's included),
 * as {@code torch.nn.utils.clip_grad_value_} and then {@code clip_grad_norm_} would do it:
 * <ol>
 *   <li>{@code clip_grad_value: c}: every gradient element is clamped to [-c, c];</li>
 *   <li>{@code clip_grad_norm: n}: with T = √(Σ g²) over every element of every parameter's
 *   gradient, the factor k = n / (T + 1e-6); when k &lt; 1 every gradient element is multiplied
 *   by k (PyTorch multiplies by min(k, 1): the same bits, as g·1 = g).</li>
 * </ol>
 * The sum of squares runs over the parameters in network order, each in index order, into one
 * accumulator (no partial sums), so T is the same on every thread count. PyTorch instead takes
 * the norm of the per-parameter norms, which can differ in the last bits.
 *
 * @param maxNorm the {@code clip_grad_norm} (0: none)
 * @param maxValue the {@code clip_grad_value} (0: none)
 */
public record GradientClipping(double maxNorm, double maxValue) {

    /** No clipping. */
    public static final GradientClipping NONE = new GradientClipping(0, 0);

    /** The epsilon PyTorch adds to the total norm. */
    public static final double NORM_EPSILON = 1e-6;

    /**
     * Reads {@code clip_grad_norm} and {@code clip_grad_value} of an optimizer mapping; absent
     * means no clipping (and nothing is recorded in the resolved config, so that runs without
     * clipping keep their recorded config).
     */
    public static GradientClipping read(Params opt) {
        double norm = opt.has("clip_grad_norm") ? opt.number("clip_grad_norm", 0, Math.ulp(0.0), Double.MAX_VALUE) : 0;
        double value = opt.has("clip_grad_value") ? opt.number("clip_grad_value", 0, Math.ulp(0.0), Double.MAX_VALUE) : 0;
        return new GradientClipping(norm, value);
    }

    /** Whether any clipping is set. */
    public boolean active() {
        return maxNorm > 0 || maxValue > 0;
    }

    /** {@code spec} itself without clipping, else an optimizer that clips, then steps with {@code spec}'s. */
    public OptimizerSpec wrap(OptimizerSpec spec) {
        if (spec == null || !active()) {
            return spec;
        }
        GradientClipping clipping = this;
        return new OptimizerSpec() {
            @Override
            public Optimizer create(List<Parameter> parameters) {
                return new ClippedOptimizer(spec.create(parameters), clipping, parameters);
            }

            @Override
            public String decayDiverges(double lr) {
                return spec.decayDiverges(lr);
            }
        };
    }

    /** Clamps every gradient element of {@code params} to [-maxValue, maxValue] (NaN stays NaN). */
    void clampValues(List<Parameter> params) {
        double c = maxValue;
        for (int k = 0; k < params.size(); k++) { // indexed: no iterator allocated per step
            double[] g = params.get(k).grad();
            for (int i = 0; i < g.length; i++) {
                g[i] = Math.min(Math.max(g[i], -c), c);
            }
        }
    }

    /** T = √(Σ g²) over every parameter in list order, each in index order, one accumulator. */
    static double totalNorm(List<Parameter> params) {
        double sum = 0;
        for (int k = 0; k < params.size(); k++) { // indexed: no iterator allocated per step
            double[] g = params.get(k).grad();
            for (int i = 0; i < g.length; i++) {
                sum += g[i] * g[i];
            }
        }
        return Math.sqrt(sum);
    }

    /** The factor the gradients are multiplied by for total norm {@code total}: min(1, n / (T + 1e-6)). */
    double coefficient(double total) {
        double k = maxNorm / (total + NORM_EPSILON);
        return k < 1 ? k : 1.0;
    }

    /** Multiplies every gradient element of {@code params} by {@code factor}. */
    static void scale(List<Parameter> params, double factor) {
        for (int k = 0; k < params.size(); k++) { // indexed: no iterator allocated per step
            double[] g = params.get(k).grad();
            for (int i = 0; i < g.length; i++) {
                g[i] *= factor;
            }
        }
    }
}
