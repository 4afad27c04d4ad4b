package io.nnpipe.layer;

import io.nnpipe.kernel.Gemm;
import io.nnpipe.kernel.Im2col;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.tensor.Parameter;

/**
 * The backward pass of {@link Conv2d}: db += Σ dy, dW += dy·colᵀ, dx = fold(Wᵀ·dy).
 *
 * <p>Summation order (what makes the bits): every element of db and dW adds its terms sample by
 * sample in order and, within a sample, position by position in order, starting from its current
 * value; every dcol element sums over the output channels in order, and the fold adds dcol's rows
 * in order. How the work is cut never changes that:
 * <ul>
 *   <li>dW is computed for {@link #samplesPerGroup} samples at a time: first each sample's windows
 *       are laid out as rows ({@link Im2col#unfoldPositions}, one task per sample), then one task
 *       per block of {@link #DW_ROWS} output channels adds the group's samples in order. The rows
 *       of a product are then the whole width of dW (all of (c, ki, kj)), which the vectorised
 *       loop needs; cutting dW into narrow column blocks ran it at a third of the speed.</li>
 *   <li>dx is computed for the same groups of samples as the forward pass, their dy side by side
 *       in rows, one product per group, then folded sample by sample.</li>
 * </ul>
 * Group sizes and blocks depend only on the shapes, never on the thread count.
 */
final class ConvGradients {
    /** Output channels (rows of dW) per weight-gradient task: the pair the product's kernel takes at once. */
    static final int DW_ROWS = 2;
    /**
     * Doubles of unfolded windows a weight-gradient group may hold: 512 KiB, half the L2 cache, so
     * the group's windows stay there while every block of channels reads them.
     */
    static final int DW_GROUP_DOUBLES = 1 << 16;

    private final Im2col geo;
    private final int outChannels;
    private final Parameter weight;
    private final Parameter bias;
    /** Samples per dx task (the forward pass's group). */
    private final int group;
    /** Samples per weight-gradient group. */
    private final int dwGroup;
    /** A weight-gradient group's windows: row (sample j, position p) is {@code windows[j·P + p]}. */
    private double[][] windows = new double[0][];
    /** The same rows, one array of row references per sample of the group (no copies). */
    private double[][][] sampleWindows = new double[0][][];
    private Scratch[] scratch = new Scratch[0];
    /** The bias gradient while it is summed. */
    private final double[] biasAcc;

    private Pass pass;
    private LayerIO io;
    private int groupStart;
    private final Parallel.Task windowsTask = this::unfoldSample;
    private final Parallel.Task weightTask = this::weightRows;
    private final Parallel.Task inputTask = this::inputGroup;

    /** One worker's buffers: a sample unfolded (for its windows), a group's dy as rows, and its dcol. */
    private record Scratch(double[][] colRows, double[][] dyRows, double[] dcol) {
    }

    ConvGradients(Im2col geo, int outChannels, Parameter weight, Parameter bias, int group) {
        this.geo = geo;
        this.outChannels = outChannels;
        this.weight = weight;
        this.bias = bias;
        this.group = group;
        this.dwGroup = samplesPerGroup(geo);
        this.biasAcc = new double[outChannels];
    }

    /** Samples per weight-gradient group: as many as fit {@link #DW_GROUP_DOUBLES}, at least one. */
    static int samplesPerGroup(Im2col geo) {
        return Math.max(1, DW_GROUP_DOUBLES / (geo.cols() * geo.rows()));
    }

    /** Sizes the shared buffers for {@code maxBatch} and the per-worker ones for {@code workers}. */
    void prepare(int maxBatch, int workers) {
        int samples = Math.min(dwGroup, maxBatch);
        if (sampleWindows.length < samples) {
            int positions = geo.cols();
            windows = new double[samples * positions][geo.rows()];
            sampleWindows = new double[samples][][];
            for (int j = 0; j < samples; j++) {
                sampleWindows[j] = java.util.Arrays.copyOfRange(windows, j * positions, (j + 1) * positions);
            }
        }
        if (scratch.length < workers) {
            Scratch[] s = java.util.Arrays.copyOf(scratch, workers);
            int columns = group * geo.cols();
            for (int w = scratch.length; w < workers; w++) {
                s[w] = new Scratch(new double[geo.rows()][geo.cols()], new double[outChannels][columns],
                        new double[geo.rows() * columns]);
            }
            scratch = s;
        }
    }

    void backward(Pass p, LayerIO buffers) {
        prepare(p.batch(), p.parallel().threads());
        this.pass = p;
        this.io = buffers;
        try {
            if (bias != null) {
                biasGradient(p.batch(), buffers.dy());
            }
            int dwTasks = (outChannels + DW_ROWS - 1) / DW_ROWS;
            for (groupStart = 0; groupStart < p.batch(); groupStart += dwGroup) {
                p.parallel().forEach(Math.min(dwGroup, p.batch() - groupStart), windowsTask);
                p.parallel().forEach(dwTasks, weightTask);
            }
            if (buffers.dx() != null) {
                p.parallel().forEach((p.batch() + group - 1) / group, inputTask);
            }
        } finally {
            this.pass = null;
            this.io = null;
        }
    }

    private int inSize() {
        return geo.channels() * geo.height() * geo.width();
    }

    /**
     * db[o] += every dy of channel o, samples in order, positions in order. The channels' sums
     * advance together (position by position), so their additions overlap instead of each
     * waiting for the previous one.
     */
    private void biasGradient(int batch, double[] dy) {
        int positions = geo.cols();
        double[] acc = biasAcc;
        System.arraycopy(bias.grad(), 0, acc, 0, outChannels);
        for (int s = 0; s < batch; s++) {
            int base = s * outChannels * positions;
            for (int q = 0; q < positions; q++) {
                for (int o = 0; o < outChannels; o++) {
                    acc[o] += dy[base + o * positions + q];
                }
            }
        }
        System.arraycopy(acc, 0, bias.grad(), 0, outChannels);
    }

    /** The windows of sample {@code groupStart + j}, as rows of the group's buffer. */
    private void unfoldSample(int j, int worker) {
        geo.unfoldPositions(io.x(), (groupStart + j) * inSize(), scratch[worker].colRows(), windows, j * geo.cols());
    }

    /** Rows [t·DW_ROWS, ...) of dW += dy_s · col_sᵀ for the group's samples s in order, positions in order. */
    private void weightRows(int t, int worker) {
        int k = geo.rows();
        int positions = geo.cols();
        int o0 = t * DW_ROWS;
        int rows = Math.min(DW_ROWS, outChannels - o0);
        int n = Math.min(dwGroup, pass.batch() - groupStart);
        for (int j = 0; j < n; j++) {
            int dyOff = ((groupStart + j) * outChannels + o0) * positions;
            Gemm.productRows(rows, k, positions, io.dy(), dyOff, positions, 1, sampleWindows[j], weight.grad(), o0 * k, k);
        }
    }

    /** dx of the samples of group g (overwritten): dcol = Wᵀ·dy for all of them at once, then each folded. */
    private void inputGroup(int g, int worker) {
        int k = geo.rows();
        int positions = geo.cols();
        int s0 = g * group;
        int n = Math.min(group, pass.batch() - s0);
        int columns = n * positions;
        Scratch w = scratch[worker];
        double[] dy = io.dy();
        for (int o = 0; o < outChannels; o++) {
            for (int j = 0; j < n; j++) {
                System.arraycopy(dy, ((s0 + j) * outChannels + o) * positions, w.dyRows()[o], j * positions, positions);
            }
        }
        double[] dcol = w.dcol();
        java.util.Arrays.fill(dcol, 0, k * columns, 0.0);
        // dcol[r][q] = Σ_o W[o][r]·dy[o][q]: A = Wᵀ, read with strides (1, k).
        Gemm.productRows(k, columns, outChannels, weight.value(), 0, 1, k, w.dyRows(), dcol, 0, columns);
        double[] dx = io.dx();
        for (int j = 0; j < n; j++) {
            int off = (s0 + j) * inSize();
            java.util.Arrays.fill(dx, off, off + inSize(), 0.0);
            geo.foldAdd(dcol, j * positions, columns, dx, off);
        }
    }
}
