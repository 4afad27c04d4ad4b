package io.nnpipe.layer;

import io.nnpipe.config.Params;
import io.nnpipe.init.Fans;
import io.nnpipe.init.ParamInit;
import io.nnpipe.kernel.Gemm;
import io.nnpipe.kernel.Im2col;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.plugin.LayerSpec;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import java.util.List;

/**
 * 2-D convolution (cross-correlation, as in PyTorch and the seed document):
 * y[o][oy][ox] = b[o] + Σ_(c,ki,kj) W[o][c][ki][kj] · x[c][oy·sh+ki-ph][ox·sw+kj-pw], zero padding.
 * Computed by unfolding samples into columns ({@link Im2col}) and one matrix product, so each
 * output adds its terms in (c, ki, kj) order after the bias.
 *
 * <p>Backward ({@link ConvGradients}): dW += dy·colᵀ and db += Σ dy, each summed over the samples
 * in order and, within a sample, over output positions in order; dcol = Wᵀ·dy, dx = fold(dcol).
 * Weight shape [out][in][kh][kw].
 *
 * <p>Samples are taken {@link #groupSize} at a time, side by side in the unfolded rows, so that
 * the product's rows are long enough for the vectorised loop even when an image has few output
 * positions (LeNet-5's second layer: 64); the group size depends only on the shapes. Threads run
 * one task per group; no sum is ever split (docs/performance.md). Scratch is per worker thread,
 * sized once. (Keeping the forward pass's unfolded samples for the weight gradient was measured
 * slower: by then they had left the cache, and unfolding again from the input is cheaper.)
 */
public final class Conv2d implements Layer {
    /** Columns a forward or dx product should have at least: samples are grouped up to this. */
    static final int MIN_COLUMNS = 512;

    private final String name;
    private final Im2col geo;
    private final int outChannels;
    private final Parameter weight;
    private final Parameter bias;
    private final int group;
    private final ConvGradients gradients;

    private Scratch[] scratch = new Scratch[0];
    /** The pass and buffers of the call in progress, read by its tasks; null between calls. */
    private Pass pass;
    private LayerIO io;
    private final Parallel.Task forwardTask = this::forwardGroup;

    /** One worker's buffers: a group's unfolded samples as rows, and its outputs before they are placed. */
    private record Scratch(double[][] colRows, double[] out) {
    }

    /** Checked settings; {@code inChannels} 0 means "take it from the input". */
    public record Spec(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding,
            ParamInit weight, ParamInit bias) implements LayerSpec {
        @Override
        public Layer build(LayerContext ctx) {
            Shape in = ctx.input();
            if (in.rank() != 3) {
                ctx.error(null, "conv2d needs an image input [channels, height, width], found shape " + in
                        + " (a vector: conv2d cannot follow flatten or dense)");
                return null;
            }
            if (inChannels > 0 && inChannels != in.channels()) {
                ctx.error("in_channels", "expected 'in_channels' to match the incoming " + in.channels()
                        + " channels (input " + in + "), found " + inChannels);
                return null;
            }
            Im2col g = new Im2col(in.channels(), in.height(), in.width(), kernel[0], kernel[1],
                    stride[0], stride[1], padding[0], padding[1]);
            if (in.height() + 2 * padding[0] < kernel[0] || in.width() + 2 * padding[1] < kernel[1]) {
                ctx.error("kernel", "kernel " + kernel[0] + "x" + kernel[1] + " does not fit the input "
                        + in.height() + "x" + in.width() + " with padding " + padding[0] + "x" + padding[1]);
                return null;
            }
            int area = kernel[0] * kernel[1];
            Fans fans = new Fans(in.channels() * area, outChannels * area);
            Parameter w = ctx.parameter("weight", weight, Shape.of(outChannels, in.channels(), kernel[0], kernel[1]), fans);
            Parameter b = bias instanceof ParamInit.Off ? null : ctx.parameter("bias", bias, Shape.of(outChannels), fans);
            if (w == null || (b == null && !(bias instanceof ParamInit.Off))) {
                return null;
            }
            return new Conv2d(ctx.name(), g, outChannels, w, b);
        }
    }

    /** Reads {@code out_channels}, {@code in_channels}, {@code kernel}, {@code stride}, {@code padding}, {@code weight}, {@code bias}. */
    public static LayerSpec read(Params p, Registry registry) {
        int inCh = p.integer("in_channels", 0, 0, 1 << 16);
        int outCh = p.integer("out_channels", 1, 1 << 16);
        int[] kernel = p.pair("kernel", null, 1, 1 << 12);
        int[] stride = p.pair("stride", new int[] {1, 1}, 1, 1 << 12);
        int[] padding = p.pair("padding", new int[] {0, 0}, 0, 1 << 12);
        ParamInit w = ParamInit.read(p, "weight", "he_uniform", false, registry);
        ParamInit b = ParamInit.read(p, "bias", "zeros", true, registry);
        return new Spec(inCh, outCh, kernel, stride, padding, w, b);
    }

    private Conv2d(String name, Im2col geo, int outChannels, Parameter weight, Parameter bias) {
        this.name = name;
        this.geo = geo;
        this.outChannels = outChannels;
        this.weight = weight;
        this.bias = bias;
        this.group = groupSize(geo.cols());
        this.gradients = new ConvGradients(geo, outChannels, weight, bias, group);
    }

    /** Samples per forward (and dx) task: enough for {@link #MIN_COLUMNS} columns, from the shape alone. */
    static int groupSize(int positions) {
        return Math.max(1, (MIN_COLUMNS + positions - 1) / positions);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "conv2d";
    }

    @Override
    public Shape inputShape() {
        return Shape.of(geo.channels(), geo.height(), geo.width());
    }

    @Override
    public Shape outputShape() {
        return Shape.of(outChannels, geo.outHeight(), geo.outWidth());
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public String describe() {
        return "kernel " + geo.kh() + "x" + geo.kw() + ", stride " + geo.sh() + "x" + geo.sw()
                + ", padding " + geo.ph() + "x" + geo.pw() + (bias == null ? ", no bias" : "");
    }

    /** The unfolded columns and their gradient: 2 · (in·kh·kw) · (outH·outW), whatever the batch. */
    @Override
    public long scratchValues(int maxBatch) {
        return 2L * geo.channels() * geo.kh() * geo.kw() * ((long) geo.outHeight() * geo.outWidth());
    }

    @Override
    public void prepare(int maxBatch) {
        fitScratch(1);
        gradients.prepare(1);
    }

    /** Buffers for {@code workers} threads; allocated the first time a pass has that many. */
    private void fitScratch(int workers) {
        if (scratch.length >= workers) {
            return;
        }
        Scratch[] s = java.util.Arrays.copyOf(scratch, workers);
        int columns = group * geo.cols();
        for (int w = scratch.length; w < workers; w++) {
            s[w] = new Scratch(new double[geo.rows()][columns], new double[group > 1 ? outChannels * columns : 0]);
        }
        scratch = s;
    }

    private int inSize() {
        return geo.channels() * geo.height() * geo.width();
    }

    @Override
    public void forward(Pass p, LayerIO buffers) {
        fitScratch(p.parallel().threads());
        this.pass = p;
        this.io = buffers;
        try {
            p.parallel().forEach((p.batch() + group - 1) / group, forwardTask);
        } finally {
            this.pass = null;
            this.io = null;
        }
    }

    /**
     * y_s = b + W·col_s for the samples s of group g: their unfolded columns side by side, one
     * product, then each sample's block of the result copied to its place in y.
     */
    private void forwardGroup(int g, int worker) {
        int k = geo.rows();
        int positions = geo.cols();
        int s0 = g * group;
        int n = Math.min(group, pass.batch() - s0);
        int columns = n * positions;
        double[] y = io.y();
        Scratch w = scratch[worker];
        double[][] cols = w.colRows();
        for (int j = 0; j < n; j++) {
            geo.unfoldRows(io.x(), (s0 + j) * inSize(), cols, j * positions);
        }
        // a single sample is written in place; a group goes through w.out (rows of n·positions)
        double[] c = n == 1 ? y : w.out();
        int cOff = n == 1 ? s0 * outChannels * positions : 0;
        // c[o][q] = b[o] + Σ_r W[o][r]·col[r][q], every element written
        Gemm.productRowsFrom(bias == null ? null : bias.value(), 0, outChannels, columns, k, weight.value(), 0, k, 1, cols,
                c, cOff, columns);
        if (n > 1) {
            for (int j = 0; j < n; j++) {
                for (int o = 0; o < outChannels; o++) {
                    int to = ((s0 + j) * outChannels + o) * positions;
                    System.arraycopy(c, o * columns + j * positions, y, to, positions);
                }
            }
        }
    }

    @Override
    public void backward(Pass p, LayerIO buffers) {
        gradients.backward(p, buffers);
    }
}
