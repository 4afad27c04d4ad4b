package io.nnpipe.optim;

import io.nnpipe.config.Params;
import io.nnpipe.kernel.Blocks;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.tensor.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam, written as PyTorch computes it so results can be compared: g = ∇ + λw; m = β1·m + (1-β1)·g;
 * v = β2·v + (1-β2)·g²; with c1 = 1 - β1^t and c2 = 1 - β2^t,
 * w = w - (lr/c1)·m / (√v/√c2 + ε).
 */
public final class Adam implements Optimizer {
    private final List<Parameter> params;
    private final Settings s;
    private final double[][] m;
    private final double[][] v;
    private long t;
    private final Blocks blocks;
    private final Parallel.Task blockTask = this::updateBlock;
    /** lr/c1 and √c2 of the step in progress. */
    private double stepSize;
    private double sqrtC2;

    /** Checked settings. */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay) implements OptimizerSpec {
        @Override
        public Optimizer create(List<Parameter> parameters) {
            return new Adam(parameters, this);
        }
    }

    /** Reads {@code beta1}, {@code beta2}, {@code epsilon} and {@code weight_decay}. */
    public static OptimizerSpec read(Params p) {
        double b1 = p.number("beta1", 0.9, 0.0, Math.nextDown(1.0));
        double b2 = p.number("beta2", 0.999, 0.0, Math.nextDown(1.0));
        double eps = p.number("epsilon", 1e-8, 0.0, 1.0);
        double wd = p.number("weight_decay", 0.0, 0.0, 1e6);
        return new Settings(b1, b2, eps, wd);
    }

    private Adam(List<Parameter> params, Settings settings) {
        this.params = List.copyOf(params);
        this.s = settings;
        this.m = new double[params.size()][];
        this.v = new double[params.size()][];
        this.blocks = new Blocks(params.stream().mapToInt(Parameter::size).toArray());
        for (int i = 0; i < params.size(); i++) {
            m[i] = new double[params.get(i).size()];
            v[i] = new double[params.get(i).size()];
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
        this.stepSize = lr / c1;
        this.sqrtC2 = StrictMath.sqrt(c2);
        blocks.run(parallel, blockTask);
    }

    private void updateBlock(int b, int worker) {
        int k = blocks.array(b);
        double[] w = params.get(k).value();
        double[] g = params.get(k).grad();
        double[] mk = m[k];
        double[] vk = v[k];
        for (int i = blocks.from(b), end = blocks.to(b, w.length); i < end; i++) {
            double d = s.weightDecay() != 0 ? g[i] + s.weightDecay() * w[i] : g[i];
            mk[i] = s.beta1() * mk[i] + (1 - s.beta1()) * d;
            vk[i] = s.beta2() * vk[i] + (1 - s.beta2()) * d * d;
            double denom = Math.sqrt(vk[i]) / sqrtC2 + s.epsilon();
            w[i] -= stepSize * (mk[i] / denom);
        }
    }

    /**
     * True: a NaN or infinite g makes m NaN or infinite (through (1 - β1)·g) and v infinite or
     * NaN, so the step m / (√v / c + ε) is ∞/∞, ∞/x or NaN: NaN or infinite, and so is w.
     */
    @Override
    public boolean nonFiniteGradientsReachParameters() {
        return true;
    }

    /**
     * With ε = 0, a value whose every gradient so far was exactly 0 (v = 0, so m = 0 too) is
     * stepped by 0/0 = NaN, as in PyTorch.
     */
    @Override
    public String whyNotFinite(Parameter p, int index) {
        int k = params.indexOf(p);
        if (k < 0 || s.epsilon() != 0 || v[k][index] != 0) {
            return null;
        }
        return "Adam's epsilon is 0 and every gradient of this value so far was exactly 0 (e.g. a unit that dropout"
                + " or a ReLU silenced), so its step m / (sqrt(v) + epsilon) is 0/0; give the optimizer an epsilon above 0"
                + " (the default is 1e-8)";
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
        }
        return state;
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        t = (long) state.getOrDefault("t", new double[] {0})[0];
        for (int k = 0; k < m.length; k++) {
            copy(state.get("m." + k), m[k]);
            copy(state.get("v." + k), v[k]);
        }
    }

    private static void copy(double[] from, double[] to) {
        if (from != null) {
            System.arraycopy(from, 0, to, 0, to.length);
        }
    }
}
