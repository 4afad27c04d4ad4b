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
 * Computed by unfolding each sample into columns ({@link Im2col}) and one matrix product, so each
 * output adds its terms in (c, ki, kj) order after the bias.
 *
 * <p>Backward: dW += dy·colᵀ and db += Σ dy, each summed over the samples in order and, within a
 * sample, over output positions in order; dcol = Wᵀ·dy, dx = fold(dcol). Weight shape
 * [out][in][kh][kw].
 *
 * <p>Threads: forward and dx run one task per sample; dW runs one task per block of
 * {@link #DW_COLS} of its columns, each summing over every sample, so no sum is ever split
 * (docs/performance.md). Scratch is per worker thread, sized once.
 */
public final class Conv2d implements Layer {
    private final String name;
    private final Im2col geo;
    private final int outChannels;
    private final Parameter weight;
    private final Parameter bias;
    /** {@link Im2col#windowTable()}, for unfolding in the weight gradient. */
    private final int[] windows;
    /** Columns of dW (unfolded-window entries) per weight-gradient task. */
    static final int DW_COLS = 16;
    /** Output positions unfolded at once by a weight-gradient task. */
    static final int DW_POSITIONS = 128;

    private Scratch[] scratch = new Scratch[0];
    /** The pass and buffers of the call in progress, read by its tasks; null between calls. */
    private Pass pass;
    private LayerIO io;
    private final Parallel.Task forwardTask = this::forwardSample;
    private final Parallel.Task weightTask = this::weightGradientColumns;
    private final Parallel.Task inputTask = this::inputGradientSample;

    /** One worker's buffers: the unfolded sample as rows, dcol, and a block of colᵀ. */
    private record Scratch(double[][] colRows, double[] dcol, double[][] colT) {
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
        this.windows = geo.windowTable();
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
    }

    /** Buffers for {@code workers} threads; allocated the first time a pass has that many. */
    private void fitScratch(int workers) {
        if (scratch.length >= workers) {
            return;
        }
        Scratch[] s = java.util.Arrays.copyOf(scratch, workers);
        for (int w = scratch.length; w < workers; w++) {
            s[w] = new Scratch(new double[geo.rows()][geo.cols()], new double[geo.rows() * geo.cols()],
                    new double[Math.min(DW_POSITIONS, geo.cols())][Math.min(DW_COLS, geo.rows())]);
        }
        scratch = s;
    }

    private int inSize() {
        return geo.channels() * geo.height() * geo.width();
    }

    private void begin(Pass p, LayerIO buffers) {
        fitScratch(p.parallel().threads());
        this.pass = p;
        this.io = buffers;
    }

    private void end() {
        this.pass = null;
        this.io = null;
    }

    @Override
    public void forward(Pass p, LayerIO buffers) {
        begin(p, buffers);
        try {
            p.parallel().forEach(p.batch(), forwardTask);
        } finally {
            end();
        }
    }

    /** y_s = b + W·col_s for sample s. */
    private void forwardSample(int s, int worker) {
        int k = geo.rows();
        int positions = geo.cols();
        int yOff = s * outChannels * positions;
        double[] y = io.y();
        double[][] col = scratch[worker].colRows();
        geo.unfoldRows(io.x(), s * inSize(), col);
        for (int o = 0; o < outChannels; o++) {
            java.util.Arrays.fill(y, yOff + o * positions, yOff + (o + 1) * positions, bias == null ? 0.0 : bias.value()[o]);
        }
        Gemm.productRows(outChannels, positions, k, weight.value(), 0, k, 1, col, y, yOff, positions);
    }

    @Override
    public void backward(Pass p, LayerIO buffers) {
        begin(p, buffers);
        try {
            if (bias != null) {
                biasGradient(p.batch(), buffers.dy());
            }
            p.parallel().forEach((geo.rows() + DW_COLS - 1) / DW_COLS, weightTask);
            if (buffers.dx() != null) {
                p.parallel().forEach(p.batch(), inputTask);
            }
        } finally {
            end();
        }
    }

    /** db[o] += every dy of channel o, samples in order, positions in order. */
    private void biasGradient(int batch, double[] dy) {
        int positions = geo.cols();
        double[] db = bias.grad();
        for (int o = 0; o < outChannels; o++) {
            double acc = db[o];
            for (int s = 0; s < batch; s++) {
                int from = (s * outChannels + o) * positions;
                for (int q = from; q < from + positions; q++) {
                    acc += dy[q];
                }
            }
            db[o] = acc;
        }
    }

    /**
     * Columns [t·DW_COLS, ...) of dW += dy_s · col_sᵀ for every sample s in order, positions in
     * order within each: the whole sum of each of these dW elements, in one task.
     */
    private void weightGradientColumns(int t, int worker) {
        int k = geo.rows();
        int positions = geo.cols();
        int r0 = t * DW_COLS;
        int rc = Math.min(DW_COLS, k - r0);
        double[][] colT = scratch[worker].colT();
        for (int s = 0; s < pass.batch(); s++) {
            int dyOff = s * outChannels * positions;
            for (int p0 = 0; p0 < positions; p0 += DW_POSITIONS) {
                int pc = Math.min(DW_POSITIONS, positions - p0);
                geo.unfoldTransposed(io.x(), s * inSize(), p0, pc, r0, rc, windows, colT);
                Gemm.productRows(outChannels, rc, pc, io.dy(), dyOff + p0, positions, 1, colT, weight.grad(), r0, k);
            }
        }
    }

    /** dx_s = fold(Wᵀ·dy_s) for sample s (overwritten). */
    private void inputGradientSample(int s, int worker) {
        int k = geo.rows();
        int positions = geo.cols();
        double[] dcol = scratch[worker].dcol();
        java.util.Arrays.fill(dcol, 0.0);
        // dcol[r][p] = Σ_o W[o][r]·dy[o][p]: A = Wᵀ, read with strides (1, k).
        Gemm.product(k, positions, outChannels, weight.value(), 0, 1, k, io.dy(), s * outChannels * positions,
                positions, 1, dcol, 0, positions);
        java.util.Arrays.fill(io.dx(), s * inSize(), (s + 1) * inSize(), 0.0);
        geo.foldAdd(dcol, io.dx(), s * inSize());
    }
}
