package io.nnpipe.layer;

import io.nnpipe.config.Params;
import io.nnpipe.init.Fans;
import io.nnpipe.init.ParamInit;
import io.nnpipe.output.Num;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.plugin.LayerSpec;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Batch normalisation as PyTorch's {@code BatchNorm1d} (vector input [F]: one channel per
 * feature) and {@code BatchNorm2d} (image input [C, H, W]: one channel per C, over the batch and
 * all positions). Each channel's m values (batch × positions) are normalised and then scaled:
 * y = (x - μ) / √(σ² + ε) · γ + β.
 *
 * <p>Training: μ and σ² are the batch's mean and <em>biased</em> variance (Σ(x - μ)² / m), and the
 * running estimates move by the momentum: r_μ = (1 - momentum)·r_μ + momentum·μ, r_σ² = (1 -
 * momentum)·r_σ² + momentum·σ²·m/(m - 1) (the <em>unbiased</em> variance, as PyTorch). Inference
 * uses r_μ and r_σ² instead. γ ({@code gamma}, default ones) and β ({@code beta}, default zeros)
 * are trainable; {@code running_mean} (zeros) and {@code running_var} (ones) are
 * {@link #buffers()}. Sums run over the batch in sample order, then positions in row-major order.
 *
 * <p>Backward recomputes μ and σ² from the unchanged input (nothing is kept between the passes):
 * with x̂ = (x - μ)/√(σ² + ε), dβ += Σ dy, dγ += Σ dy·x̂ and, in training,
 * dx = γ/√(σ² + ε) · (dy - Σdy/m - x̂·Σ(dy·x̂)/m); at inference dx = γ·dy/√(r_σ² + ε).
 */
public final class BatchNorm implements Layer {
    private final String name;
    private final Shape shape;
    private final int channels;
    private final int plane;
    private final double momentum;
    private final double eps;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final ChannelSums sums;
    // per-channel scratch, sized once so that a step allocates nothing
    private final double[] mean;
    private final double[] var;
    private final double[] invStd;
    private final double[] sumDy;
    private final double[] sumDyXhat;

    /** Checked settings. */
    public record Spec(double momentum, double epsilon, ParamInit gamma, ParamInit beta) implements LayerSpec {
        @Override
        public Layer build(LayerContext ctx) {
            Shape in = ctx.input();
            if (in.rank() != 1 && in.rank() != 3) {
                ctx.error(null, "batch_norm needs a vector [features] or image [channels, height, width] input, found "
                        + in);
                return null;
            }
            int c = in.dim(0);
            Fans fans = new Fans(c, c);
            Parameter g = gamma instanceof ParamInit.Off ? null : ctx.parameter("gamma", gamma, Shape.of(c), fans);
            Parameter b = beta instanceof ParamInit.Off ? null : ctx.parameter("beta", beta, Shape.of(c), fans);
            if ((g == null && !(gamma instanceof ParamInit.Off)) || (b == null && !(beta instanceof ParamInit.Off))) {
                return null;
            }
            return new BatchNorm(ctx.name(), in, this, g, b);
        }
    }

    /** Reads {@code momentum} (0.1), {@code epsilon} (1e-5), {@code gamma} (ones) and {@code beta} (zeros). */
    public static LayerSpec read(Params p, Registry registry) {
        double momentum = p.number("momentum", 0.1, 0.0, 1.0);
        double eps = p.number("epsilon", 1e-5, 0.0, 1.0);
        ParamInit g = ParamInit.read(p, "gamma", "ones", true, registry);
        ParamInit b = ParamInit.read(p, "beta", "zeros", true, registry);
        return new Spec(momentum, eps, g, b);
    }

    private BatchNorm(String name, Shape in, Spec spec, Parameter gamma, Parameter beta) {
        this.name = name;
        this.shape = in;
        this.channels = in.dim(0);
        this.plane = in.size() / channels;
        this.momentum = spec.momentum();
        this.eps = spec.epsilon();
        this.gamma = gamma;
        this.beta = beta;
        this.runningMean = new Parameter("running_mean", Shape.of(channels), new double[channels]);
        double[] ones = new double[channels];
        java.util.Arrays.fill(ones, 1.0);
        this.runningVar = new Parameter("running_var", Shape.of(channels), ones);
        this.sums = new ChannelSums(channels, plane);
        this.mean = new double[channels];
        this.var = new double[channels];
        this.invStd = new double[channels];
        this.sumDy = new double[channels];
        this.sumDyXhat = new double[channels];
    }

    /**
     * Why training with these batches cannot work, or null: a training batch that gives a
     * batch_norm layer one value per channel leaves its variance undefined (PyTorch refuses such
     * batches too). The last batch of an epoch holds {@code trainSize % batchSize} samples.
     */
    public static String checkTrainingBatches(List<Layer> layers, int trainSize, int batchSize) {
        int smallest = Math.min(batchSize, trainSize);
        if (trainSize % batchSize != 0) {
            smallest = Math.min(smallest, trainSize % batchSize);
        }
        for (Layer l : layers) {
            if (l instanceof BatchNorm bn && bn.valuesPerChannel(smallest) < 2) {
                return "batch_norm layer '" + bn.name() + "' needs at least 2 values per " + (bn.plane == 1 ? "feature"
                        : "channel") + " in every training batch, but " + (smallest == batchSize ? "batch_size is "
                        + batchSize : "the last batch of each epoch holds " + smallest + " sample (" + trainSize
                        + " training samples, batch_size " + batchSize + ")") + "; choose another batch_size";
            }
        }
        return null;
    }

    /** How many values each channel normalises over in a batch of {@code batch} samples. */
    public int valuesPerChannel(int batch) {
        return batch * plane;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "batch_norm";
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(2);
        if (gamma != null) {
            ps.add(gamma);
        }
        if (beta != null) {
            ps.add(beta);
        }
        return List.copyOf(ps);
    }

    @Override
    public List<Parameter> buffers() {
        return List.of(runningMean, runningVar);
    }

    @Override
    public String describe() {
        return (shape.rank() == 3 ? "per channel" : "per feature") + ", momentum " + Num.format(momentum) + ", epsilon "
                + Num.format(eps);
    }

    /**
     * mean[c] and invStd[c] = 1/√(σ² + ε) of every channel: the batch's mean and biased variance
     * in training (two passes, each channel's values summed in sample, then position order:
     * {@link ChannelSums}), the running estimates at inference.
     */
    private void channelStats(double[] x, Pass pass) {
        int m = valuesPerChannel(pass.batch());
        if (pass.training()) {
            sums.sums(x, pass.batch(), null, false, mean);
            for (int c = 0; c < channels; c++) {
                mean[c] = mean[c] / m;
            }
            sums.sums(x, pass.batch(), mean, true, var);
            for (int c = 0; c < channels; c++) {
                var[c] = var[c] / m;
            }
        } else {
            System.arraycopy(runningMean.value(), 0, mean, 0, channels);
            System.arraycopy(runningVar.value(), 0, var, 0, channels);
        }
        for (int c = 0; c < channels; c++) {
            // A constant channel with ε = 0 in training: 1/√0 is taken as 0, as PyTorch's InvStd does,
            // so x̂ = (x - μ)·0 = 0 (μ is exact for equal values), the output is β and no gradient
            // passes back, instead of 0·∞ = NaN (QA's eighth pass). At inference PyTorch gives NaN too.
            invStd[c] = pass.training() && var[c] == 0 && eps == 0 ? 0.0 : 1.0 / Math.sqrt(var[c] + eps);
        }
    }

    @Override
    public void forward(Pass pass, LayerIO io) {
        channelStats(io.x(), pass);
        if (pass.training()) {
            int m = valuesPerChannel(pass.batch());
            for (int c = 0; c < channels; c++) {
                double unbiased = m > 1 ? var[c] * m / (m - 1) : var[c];
                runningMean.value()[c] = (1 - momentum) * runningMean.value()[c] + momentum * mean[c];
                runningVar.value()[c] = (1 - momentum) * runningVar.value()[c] + momentum * unbiased;
            }
        }
        double[] x = io.x();
        double[] y = io.y();
        for (int n = 0; n < pass.batch(); n++) {
            for (int c = 0; c < channels; c++) {
                double mc = mean[c];
                double s = invStd[c];
                double g = gamma == null ? 1.0 : gamma.value()[c];
                double b = beta == null ? 0.0 : beta.value()[c];
                int off = (n * channels + c) * plane;
                for (int j = off; j < off + plane; j++) {
                    y[j] = (x[j] - mc) * s * g + b;
                }
            }
        }
    }

    /**
     * Recomputes μ and σ² from the unchanged input (in training), sums dy and dy·x̂ per channel,
     * adds them to dβ and dγ, then writes dx (unless there is none to write).
     */
    @Override
    public void backward(Pass pass, LayerIO io) {
        int m = valuesPerChannel(pass.batch());
        double[] x = io.x();
        double[] dy = io.dy();
        channelStats(x, pass);
        sums.gradientSums(x, dy, pass.batch(), mean, invStd, sumDy, sumDyXhat);
        for (int c = 0; c < channels; c++) {
            if (gamma != null) {
                gamma.grad()[c] += sumDyXhat[c];
            }
            if (beta != null) {
                beta.grad()[c] += sumDy[c];
            }
        }
        double[] dx = io.dx();
        if (dx == null) {
            return;
        }
        boolean training = pass.training();
        for (int n = 0; n < pass.batch(); n++) {
            for (int c = 0; c < channels; c++) {
                double g = gamma == null ? 1.0 : gamma.value()[c];
                double mc = mean[c];
                double s = invStd[c];
                double scale = g * s;
                double meanDy = sumDy[c] / m;
                double sdx = sumDyXhat[c];
                int off = (n * channels + c) * plane;
                for (int j = off; j < off + plane; j++) {
                    dx[j] = training ? scale * (dy[j] - meanDy - (x[j] - mc) * s * sdx / m) : scale * dy[j];
                }
            }
        }
    }
}
