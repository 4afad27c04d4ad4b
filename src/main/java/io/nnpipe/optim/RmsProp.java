package io.nnpipe.optim;

import io.nnpipe.config.Params;
import io.nnpipe.kernel.Blocks;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.output.Num;
import io.nnpipe.tensor.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop in the order of operations of {@code torch.optim.RMSprop} (1.13, single-tensor path):
 * <pre>
 *   g = ∇ + λw                                 weight decay (L2 in the gradient), when λ ≠ 0
 *   a = α·a + ((1-α)·g)·g                       running mean of squares
 *   centered: ḡ = α·ḡ + (1-α)·g, d = √(a - ḡ·ḡ) + ε;   else d = √a + ε
 *   momentum μ > 0: b = μ·b + g/d, w = w - lr·b;       else w = w + (-lr·g)/d
 * </pre>
 * a, ḡ and b start at zero (so, unlike SGD's, the first momentum step is b = g/d). State per
 * parameter: a, and ḡ when centered, and b with momentum.
 */
public final class RmsProp implements Optimizer {
    private final List<Parameter> params;
    private final Settings s;
    private final double[][] squareAvg;
    /** Running mean of the gradient (centered only), else null. */
    private final double[][] gradAvg;
    /** Momentum buffers (momentum > 0 only), else null. */
    private final double[][] buffer;
    private final Blocks blocks;
    private final Parallel.Task blockTask = this::updateBlock;
    /** The learning rate of the step in progress. */
    private double rate;

    /** Checked settings. */
    public record Settings(double alpha, double epsilon, double momentum, boolean centered, double weightDecay)
            implements OptimizerSpec {
        @Override
        public Optimizer create(List<Parameter> parameters) {
            return new RmsProp(parameters, this);
        }
    }

    /** Reads {@code alpha}, {@code epsilon}, {@code momentum}, {@code centered} and {@code weight_decay}. */
    public static OptimizerSpec read(Params p) {
        double alpha = p.number("alpha", 0.99, 0.0, 1.0);
        double eps = p.number("epsilon", 1e-8, 0.0, 1.0);
        double momentum = p.number("momentum", 0.0, 0.0, 1.0);
        boolean centered = p.bool("centered", false);
        double wd = p.number("weight_decay", 0.0, 0.0, 1e6);
        return new Settings(alpha, eps, momentum, centered, wd);
    }

    private RmsProp(List<Parameter> params, Settings settings) {
        this.params = List.copyOf(params);
        this.s = settings;
        int n = params.size();
        this.squareAvg = new double[n][];
        this.gradAvg = settings.centered() ? new double[n][] : null;
        this.buffer = settings.momentum() > 0 ? new double[n][] : null;
        this.blocks = new Blocks(params.stream().mapToInt(Parameter::size).toArray());
        for (int i = 0; i < n; i++) {
            int size = params.get(i).size();
            squareAvg[i] = new double[size];
            if (gradAvg != null) {
                gradAvg[i] = new double[size];
            }
            if (buffer != null) {
                buffer[i] = new double[size];
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
        this.rate = lr;
        blocks.run(parallel, blockTask);
    }

    private void updateBlock(int b, int worker) {
        int k = blocks.array(b);
        double[] w = params.get(k).value();
        double[] g = params.get(k).grad();
        double[] sq = squareAvg[k];
        double[] ga = gradAvg == null ? null : gradAvg[k];
        double[] buf = buffer == null ? null : buffer[k];
        double alpha = s.alpha();
        double wd = s.weightDecay();
        double lr = rate;
        for (int i = blocks.from(b), end = blocks.to(b, w.length); i < end; i++) {
            double d = wd != 0 ? g[i] + wd * w[i] : g[i];
            sq[i] = sq[i] * alpha + (1 - alpha) * d * d;
            double avg;
            if (ga != null) {
                ga[i] = ga[i] * alpha + (1 - alpha) * d;
                avg = Math.sqrt(sq[i] + -1.0 * ga[i] * ga[i]) + s.epsilon(); // torch's addcmul(ḡ, ḡ, value=-1)
            } else {
                avg = Math.sqrt(sq[i]) + s.epsilon();
            }
            if (buf != null) {
                buf[i] = buf[i] * s.momentum() + d / avg;
                w[i] = w[i] + -lr * buf[i];
            } else {
                w[i] = w[i] + -lr * d / avg; // torch's addcdiv: (value·g) / avg
            }
        }
    }

    /**
     * True: a NaN or infinite g makes a NaN or infinite, so g/d is NaN or ∞/∞ = NaN (centered: a - ḡ·ḡ
     * is ∞ - ∞ or NaN), and lr·NaN is NaN for every lr, 0 included.
     */
    @Override
    public boolean nonFiniteGradientsReachParameters() {
        return true;
    }

    /**
     * The root it divides by: with ε = 0, a mean square of 0 (every gradient of the value so far
     * exactly 0; centered: a gradient that never changed) divides by 0; centered, a - ḡ² below 0
     * by rounding (a nearly constant gradient) has a NaN root whatever ε. PyTorch computes the same.
     */
    @Override
    public String whyNotFinite(Parameter p, int index) {
        int k = params.indexOf(p);
        if (k < 0) {
            return null;
        }
        double under = gradAvg == null ? squareAvg[k][index]
                : squareAvg[k][index] + -1.0 * gradAvg[k][index] * gradAvg[k][index];
        String what = gradAvg == null ? "its mean square a" : "its centred mean square a - ḡ²";
        if (under < 0) {
            return "RMSprop's " + what + " is " + Num.format(under) + ", below 0 by rounding (the gradients of this"
                    + " value have been nearly constant), so its square root is NaN";
        }
        if (under == 0 && s.epsilon() == 0) {
            return "RMSprop's epsilon is 0 and " + what + " is 0 (" + (gradAvg == null ? "every gradient of this value so"
                    + " far was exactly 0" : "its gradients so far were all equal, e.g. all exactly 0") + "), so its step divides by 0; give the"
                    + " optimizer an epsilon above 0 (the default is 1e-8)";
        }
        return null;
    }

    /** The elements whose {@code squareAvg} overflowed to infinity: every later step divides by its root. */
    @Override
    public int gradientBlind(Parameter p) {
        return Moments.infinite(params, squareAvg, p);
    }

    @Override
    public Map<String, double[]> saveState() {
        Map<String, double[]> state = new LinkedHashMap<>();
        for (int k = 0; k < squareAvg.length; k++) {
            state.put("square_avg." + k, squareAvg[k].clone());
            if (gradAvg != null) {
                state.put("grad_avg." + k, gradAvg[k].clone());
            }
            if (buffer != null) {
                state.put("momentum_buffer." + k, buffer[k].clone());
            }
        }
        return state;
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        for (int k = 0; k < squareAvg.length; k++) {
            copy(state.get("square_avg." + k), squareAvg[k]);
            if (gradAvg != null) {
                copy(state.get("grad_avg." + k), gradAvg[k]);
            }
            if (buffer != null) {
                copy(state.get("momentum_buffer." + k), buffer[k]);
            }
        }
    }

    private static void copy(double[] from, double[] to) {
        if (from != null) {
            System.arraycopy(from, 0, to, 0, to.length);
        }
    }
}
