package io.nnpipe.optim;

import io.nnpipe.config.Params;
import io.nnpipe.kernel.Blocks;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.tensor.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter's decoupled weight decay), in the order of operations of
 * {@code torch.optim.AdamW} (1.13, single-tensor path), so that results can be compared bit for
 * bit up to the fused multiply-adds of PyTorch's compiled kernels:
 * <pre>
 *   w = w·(1 - lr·λ)                          decay first, on the weight, never in the gradient
 *   m = β1·m + (1-β1)·g
 *   v = β2·v + ((1-β2)·g)·g
 *   v̂max = max(v̂max, v)                        only with amsgrad
 *   c1 = 1 - β1^t, c2 = 1 - β2^t, s = lr/c1
 *   w = w + (-s·m) / (√v/√c2 + ε)             (√v̂max with amsgrad)
 * </pre>
 * with t the step number from 1. State: t, m and v (and v̂max with amsgrad) per parameter.
 */
public final class AdamW implements Optimizer {
    private final List<Parameter> params;
    private final Settings s;
    private final double[][] m;
    private final double[][] v;
    /** The largest v so far, per element; null without amsgrad. */
    private final double[][] vMax;
    private long t;
    private final Blocks blocks;
    private final Parallel.Task blockTask = this::updateBlock;
    /** 1 - lr·λ, -lr/c1 and √c2 of the step in progress. */
    private double decay;
    private double negStepSize;
    private double sqrtC2;

    /** Checked settings. */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay, boolean amsgrad)
            implements OptimizerSpec {
        @Override
        public Optimizer create(List<Parameter> parameters) {
            return new AdamW(parameters, this);
        }

        @Override
        public String decayDiverges(double lr) {
            return DecayStability.adamW(lr, weightDecay);
        }
    }

    /** Reads {@code beta1}, {@code beta2}, {@code epsilon}, {@code weight_decay} (0.01, as PyTorch) and {@code amsgrad}. */
    public static OptimizerSpec read(Params p) {
        double b1 = p.number("beta1", 0.9, 0.0, Math.nextDown(1.0));
        double b2 = p.number("beta2", 0.999, 0.0, Math.nextDown(1.0));
        double eps = p.number("epsilon", 1e-8, 0.0, 1.0);
        double wd = p.number("weight_decay", 0.01, 0.0, 1e6);
        boolean amsgrad = p.bool("amsgrad", false);
        return new Settings(b1, b2, eps, wd, amsgrad);
    }

    private AdamW(List<Parameter> params, Settings settings) {
        this.params = List.copyOf(params);
        this.s = settings;
        this.m = new double[params.size()][];
        this.v = new double[params.size()][];
        this.vMax = settings.amsgrad() ? new double[params.size()][] : null;
        this.blocks = new Blocks(params.stream().mapToInt(Parameter::size).toArray());
        for (int i = 0; i < params.size(); i++) {
            m[i] = new double[params.get(i).size()];
            v[i] = new double[params.get(i).size()];
            if (vMax != null) {
                vMax[i] = new double[params.get(i).size()];
            }
        }
    }

    @Override
    public void step(double lr) {
        step(lr, Parallel.SERIAL);
    }

    /** Each element's update is independent of the others: blocks of them run as separate tasks. */
    @Override
    public void step(double lr, Parallel parallel) {
        t++;
        double c1 = 1 - StrictMath.pow(s.beta1(), t);
        double c2 = 1 - StrictMath.pow(s.beta2(), t);
        this.decay = 1 - lr * s.weightDecay();
        this.negStepSize = -(lr / c1);
        this.sqrtC2 = Math.sqrt(c2);
        blocks.run(parallel, blockTask);
    }

    private void updateBlock(int b, int worker) {
        int k = blocks.array(b);
        double[] w = params.get(k).value();
        double[] g = params.get(k).grad();
        double[] mk = m[k];
        double[] vk = v[k];
        double[] maxK = vMax == null ? null : vMax[k];
        double b1 = s.beta1();
        double b2 = s.beta2();
        for (int i = blocks.from(b), end = blocks.to(b, w.length); i < end; i++) {
            double wi = w[i] * decay;
            mk[i] = mk[i] * b1 + (1 - b1) * g[i];
            vk[i] = vk[i] * b2 + (1 - b2) * g[i] * g[i];
            double second = vk[i];
            if (maxK != null) {
                maxK[i] = Math.max(maxK[i], vk[i]); // NaN propagates, as torch.maximum
                second = maxK[i];
            }
            double denom = Math.sqrt(second) / sqrtC2 + s.epsilon();
            w[i] = wi + negStepSize * mk[i] / denom; // torch's addcdiv: (value·m) / denom
        }
    }

    /**
     * True: a NaN or infinite g makes m and v NaN or infinite, so (-s·m) / (√v/√c2 + ε) is NaN or
     * ∞/∞ (with lr = 0, 0·∞ = NaN), and so is w; amsgrad's max keeps an infinite or NaN v.
     */
    @Override
    public boolean nonFiniteGradientsReachParameters() {
        return true;
    }

    /**
     * With ε = 0, a value whose every gradient so far was exactly 0 (v = 0, and with amsgrad its
     * maximum, so m = 0 too) is stepped by 0/0 = NaN, as in PyTorch.
     */
    @Override
    public String whyNotFinite(Parameter p, int index) {
        int k = params.indexOf(p);
        if (k < 0 || s.epsilon() != 0 || (vMax == null ? v[k][index] : vMax[k][index]) != 0) {
            return null;
        }
        return "AdamW's epsilon is 0 and every gradient of this value so far was exactly 0 (e.g. a unit that dropout"
                + " or a ReLU silenced), so its step m / (sqrt(v) + epsilon) is 0/0; give the optimizer an epsilon above"
                + " 0 (the default is 1e-8)";
    }

    @Override
    public String decayDiverges(double lr) {
        return s.decayDiverges(lr);
    }

    /** The elements whose {@code v} overflowed to infinity: every later step divides by its root. */
    @Override
    public int gradientBlind(Parameter p) {
        return Moments.infinite(params, v, p);
    }

    @Override
    public Map<String, double[]> saveState() {
        Map<String, double[]> state = new LinkedHashMap<>();
        state.put("t", new double[] {t});
        for (int k = 0; k < m.length; k++) {
            state.put("m." + k, m[k].clone());
            state.put("v." + k, v[k].clone());
            if (vMax != null) {
                state.put("v_max." + k, vMax[k].clone());
            }
        }
        return state;
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        t = (long) state.getOrDefault("t", new double[] {0})[0];
        for (int k = 0; k < m.length; k++) {
            copy(state.get("m." + k), m[k]);
            copy(state.get("v." + k), v[k]);
            if (vMax != null) {
                copy(state.get("v_max." + k), vMax[k]);
            }
        }
    }

    private static void copy(double[] from, double[] to) {
        if (from != null) {
            System.arraycopy(from, 0, to, 0, to.length);
        }
    }
}
