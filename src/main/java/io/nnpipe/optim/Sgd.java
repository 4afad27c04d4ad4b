package io.nnpipe.optim;

import io.nnpipe.config.Params;
import io.nnpipe.kernel.Blocks;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.tensor.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent, with PyTorch's semantics for the options: g = ∇ + λw (weight
 * decay); with momentum μ, v = μv + g (v = g on the first step) and the step uses v, or g + μv
 * with Nesterov; then w = w - lr·step. Plain SGD is w = w - lr·∇.
 */
public final class Sgd implements Optimizer {
    private final List<Parameter> params;
    private final Settings settings;
    private final double[][] velocity;
    private boolean started;
    private final Blocks blocks;
    private final Parallel.Task blockTask = this::updateBlock;
    /** The learning rate of the step in progress. */
    private double rate;

    /** Checked settings. */
    public record Settings(double momentum, boolean nesterov, double weightDecay) implements OptimizerSpec {
        @Override
        public Optimizer create(List<Parameter> parameters) {
            return new Sgd(parameters, this);
        }

        @Override
        public String decayDiverges(double lr) {
            return DecayStability.sgd(lr, weightDecay, momentum, nesterov);
        }
    }

    /** Reads {@code momentum}, {@code nesterov} and {@code weight_decay}. */
    public static OptimizerSpec read(Params p) {
        double momentum = p.number("momentum", 0.0, 0.0, 1.0);
        boolean nesterov = p.bool("nesterov", false);
        double decay = p.number("weight_decay", 0.0, 0.0, 1e6);
        if (nesterov && momentum == 0) {
            p.error("nesterov", "Nesterov momentum needs a 'momentum' greater than 0");
        }
        return new Settings(momentum, nesterov, decay);
    }

    private Sgd(List<Parameter> params, Settings settings) {
        this.params = List.copyOf(params);
        this.settings = settings;
        this.velocity = new double[params.size()][];
        this.blocks = new Blocks(params.stream().mapToInt(Parameter::size).toArray());
        if (settings.momentum() > 0) {
            for (int i = 0; i < params.size(); i++) {
                velocity[i] = new double[params.get(i).size()];
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
        started = true;
    }

    private void updateBlock(int t, int worker) {
        int k = blocks.array(t);
        double mu = settings.momentum();
        double wd = settings.weightDecay();
        double lr = rate;
        double[] w = params.get(k).value();
        double[] g = params.get(k).grad();
        double[] v = velocity[k];
        for (int i = blocks.from(t), end = blocks.to(t, w.length); i < end; i++) {
            double d = wd != 0 ? g[i] + wd * w[i] : g[i];
            if (v != null) {
                v[i] = started ? mu * v[i] + d : d;
                d = settings.nesterov() ? d + mu * v[i] : v[i];
            }
            w[i] -= lr * d;
        }
    }

    /**
     * True: g enters w - lr·(g + λw) (or through v = μv + g, and g + μv) by additions and
     * multiplications only, so a NaN or infinite g makes w NaN or infinite (lr = 0 gives 0·∞ = NaN).
     */
    @Override
    public boolean nonFiniteGradientsReachParameters() {
        return true;
    }

    @Override
    public String decayDiverges(double lr) {
        return settings.decayDiverges(lr);
    }

    @Override
    public Map<String, double[]> saveState() {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("started", new double[] {started ? 1 : 0});
        for (int k = 0; k < velocity.length; k++) {
            if (velocity[k] != null) {
                s.put("velocity." + k, velocity[k].clone());
            }
        }
        return s;
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        started = state.getOrDefault("started", new double[] {0})[0] != 0;
        for (int k = 0; k < velocity.length; k++) {
            double[] v = state.get("velocity." + k);
            if (velocity[k] != null && v != null) {
                System.arraycopy(v, 0, velocity[k], 0, velocity[k].length);
            }
        }
    }
}
