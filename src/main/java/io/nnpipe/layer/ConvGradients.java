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
 * The work runs in rounds, each one {@link Parallel#forEach}: round r takes group r−1's dW blocks
 * and group r's windows (two window buffers, used in turn); the first round also the bias, the
 * last also dx. Every task of a round is independent of the others, and a round starts only
 * after the previous one has ended, so each dW block reads complete windows; waiting for the
 * threads once per round instead of twice per group matters with small groups.
 * Group sizes, blocks and rounds depend only on the shapes, never on the thread count.
 */
final class ConvGradients {
    /** Output channels whose bias gradients one task sums. */
    static final int BIAS_CHANNELS = 4;
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
    /** Two buffers of a weight-gradient group's windows: row (sample j, position p) is {@code windows[b][j·P + p]}. */
    private double[][][] windows = new double[2][0][];
    /** The same rows, one array of row references per buffer and sample of the group (no copies). */
    private double[][][][] sampleWindows = new double[2][0][][];
    private Scratch[] scratch = new Scratch[0];

    private Pass pass;
    private LayerIO io;
    /** The round in progress: how many tasks of each kind, and which groups. */
    private int biasTasks;
    private int dwTasks;
    private int windowTasks;
    private int dxTasks;
    /** Group whose dW blocks this round adds (its first sample), and group whose windows it lays out. */
    private int dwStart;
    private int windowStart;
    private final Parallel.Task roundTask = this::roundTask;

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
    }

    /** Samples per weight-gradient group: as many as fit {@link #DW_GROUP_DOUBLES}, at least one. */
    static int samplesPerGroup(Im2col geo) {
        return Math.max(1, DW_GROUP_DOUBLES / (geo.cols() * geo.rows()));
    }

    /** Sizes the shared buffers for {@code maxBatch} and the per-worker ones for {@code workers}. */
    void prepare(int maxBatch, int workers) {
        int samples = Math.min(dwGroup, maxBatch);
        if (sampleWindows[0].length < samples) {
            int positions = geo.cols();
            for (int b = 0; b < 2; b++) {
                windows[b] = new double[samples * positions][geo.rows()];
                sampleWindows[b] = new double[samples][][];
                for (int j = 0; j < samples; j++) {
                    sampleWindows[b][j] = java.util.Arrays.copyOfRange(windows[b], j * positions, (j + 1) * positions);
                }
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
            int groups = (p.batch() + dwGroup - 1) / dwGroup;
            for (int r = 0; r <= groups; r++) {
                biasTasks = r == 0 && bias != null ? (outChannels + BIAS_CHANNELS - 1) / BIAS_CHANNELS : 0;
                dwTasks = r > 0 ? (outChannels + DW_ROWS - 1) / DW_ROWS : 0;
                dwStart = (r - 1) * dwGroup;
                windowStart = r * dwGroup;
                windowTasks = r < groups ? Math.min(dwGroup, p.batch() - windowStart) : 0;
                dxTasks = r == groups && buffers.dx() != null ? (p.batch() + group - 1) / group : 0;
                p.parallel().forEach(biasTasks + dwTasks + windowTasks + dxTasks, roundTask);
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
     * db[o] += every dy of channel o, samples in order, positions in order, for the channels of
     * block t: four (or two) channels at a time, each sum in a local variable, so that independent
     * chains of additions overlap (an array element as the accumulator made every addition wait
     * for the previous one's store; one channel at a time waits for each addition).
     */
    private void biasChannels(int t, int worker) {
        int positions = geo.cols();
        int o0 = t * BIAS_CHANNELS;
        int o1 = Math.min(outChannels, o0 + BIAS_CHANNELS);
        double[] dy = io.dy();
        double[] db = bias.grad();
        int o = o0;
        for (; o + 4 <= o1; o += 4) {
            double a = db[o];
            double b = db[o + 1];
            double c = db[o + 2];
            double d = db[o + 3];
            for (int s = 0; s < pass.batch(); s++) {
                int p0 = (s * outChannels + o) * positions;
                int p1 = p0 + positions;
                int p2 = p1 + positions;
                int p3 = p2 + positions;
                for (int q = 0; q < positions; q++) {
                    a += dy[p0 + q];
                    b += dy[p1 + q];
                    c += dy[p2 + q];
                    d += dy[p3 + q];
                }
            }
            db[o] = a;
            db[o + 1] = b;
            db[o + 2] = c;
            db[o + 3] = d;
        }
        for (; o + 2 <= o1; o += 2) {
            double a = db[o];
            double b = db[o + 1];
            for (int s = 0; s < pass.batch(); s++) {
                int p0 = (s * outChannels + o) * positions;
                int p1 = p0 + positions;
                for (int q = 0; q < positions; q++) {
                    a += dy[p0 + q];
                    b += dy[p1 + q];
                }
            }
            db[o] = a;
            db[o + 1] = b;
        }
        for (; o < o1; o++) {
            double a = db[o];
            for (int s = 0; s < pass.batch(); s++) {
                int p0 = (s * outChannels + o) * positions;
                for (int q = 0; q < positions; q++) {
                    a += dy[p0 + q];
                }
            }
            db[o] = a;
        }
    }

    /** Task t of the round: a bias block, a dW block, a sample's windows or a dx group, in that order. */
    private void roundTask(int t, int worker) {
        if (t < biasTasks) {
            biasChannels(t, worker);
        } else if ((t -= biasTasks) < dwTasks) {
            weightRows(t);
        } else if ((t -= dwTasks) < windowTasks) {
            unfoldSample(t, worker);
        } else {
            inputGroup(t - windowTasks, worker);
        }
    }

    /** The windows of sample {@code windowStart + j}, into its group's buffer. */
    private void unfoldSample(int j, int worker) {
        double[][] buffer = windows[windowStart / dwGroup % 2];
        geo.unfoldPositions(io.x(), (windowStart + j) * inSize(), scratch[worker].colRows(), buffer, j * geo.cols());
    }

    /** Rows [t·DW_ROWS, ...) of dW += dy_s · col_sᵀ for group dwStart's samples s in order, positions in order. */
    private void weightRows(int t) {
        int k = geo.rows();
        int positions = geo.cols();
        int o0 = t * DW_ROWS;
        int rows = Math.min(DW_ROWS, outChannels - o0);
        int n = Math.min(dwGroup, pass.batch() - dwStart);
        double[][][] buffer = sampleWindows[dwStart / dwGroup % 2];
        for (int j = 0; j < n; j++) {
            int dyOff = ((dwStart + j) * outChannels + o0) * positions;
            Gemm.productRows(rows, k, positions, io.dy(), dyOff, positions, 1, buffer[j], weight.grad(), o0 * k, k);
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
