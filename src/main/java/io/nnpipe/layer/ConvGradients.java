package io.nnpipe.layer;

import io.nnpipe.kernel.ConvWeightGradient;
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
 *   <li>dW: one task per block of output channels ({@link ConvWeightGradient}), each over all
 *       samples in order, reading only x and dy.</li>
 *   <li>dx is computed for the same groups of samples as the forward pass, their dy side by side
 *       in rows, one product per group, then folded sample by sample.</li>
 *   <li>db: one task per {@link #BIAS_CHANNELS} channels.</li>
 * </ul>
 * All of them are independent (each writes only its own outputs and reads only x, dy and W), so
 * they run as one {@link Parallel#forEach}, the larger tasks first. The tasks depend only on the
 * shapes, never on the thread count.
 */
final class ConvGradients {
    /** Output channels whose bias gradients one task sums. */
    static final int BIAS_CHANNELS = 4;

    private final Im2col geo;
    private final int outChannels;
    private final Parameter weight;
    private final Parameter bias;
    /** Samples per dx task (the forward pass's group). */
    private final int group;
    private final ConvWeightGradient dw;
    private Scratch[] scratch = new Scratch[0];

    private Pass pass;
    private LayerIO io;
    /** How many tasks of each kind the pass in progress has. */
    private int dwTasks;
    private int dxTasks;
    private final Parallel.Task task = this::task;

    /** One worker's buffers: a group's dy as rows, and its dcol. */
    private record Scratch(double[][] dyRows, double[] dcol) {
    }

    ConvGradients(Im2col geo, int outChannels, Parameter weight, Parameter bias, int group) {
        this.geo = geo;
        this.outChannels = outChannels;
        this.weight = weight;
        this.bias = bias;
        this.group = group;
        this.dw = new ConvWeightGradient(geo, outChannels);
    }

    /** Sizes the per-worker buffers for {@code workers} threads. */
    void prepare(int workers) {
        dw.prepare(workers);
        if (scratch.length < workers) {
            Scratch[] s = java.util.Arrays.copyOf(scratch, workers);
            int columns = group * geo.cols();
            for (int w = scratch.length; w < workers; w++) {
                s[w] = new Scratch(new double[outChannels][columns], new double[geo.rows() * columns]);
            }
            scratch = s;
        }
    }

    void backward(Pass p, LayerIO buffers) {
        prepare(p.parallel().threads());
        this.pass = p;
        this.io = buffers;
        try {
            dwTasks = dw.tasks();
            dxTasks = buffers.dx() != null ? (p.batch() + group - 1) / group : 0;
            int biasTasks = bias != null ? (outChannels + BIAS_CHANNELS - 1) / BIAS_CHANNELS : 0;
            p.parallel().forEach(dwTasks + dxTasks + biasTasks, task);
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
    private void biasChannels(int t) {
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

    /** Task t: a block of dW, a dx group or a bias block, in that order. */
    private void task(int t, int worker) {
        if (t < dwTasks) {
            dw.task(t, worker, io.x(), io.dy(), pass.batch(), weight.grad());
        } else if ((t -= dwTasks) < dxTasks) {
            inputGroup(t, worker);
        } else {
            biasChannels(t - dxTasks);
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
        // dcol[r][q] = Σ_o W[o][r]·dy[o][q] (from 0, every element written): A = Wᵀ, read with strides (1, k).
        Gemm.productRowsFrom(null, 0, k, columns, outChannels, weight.value(), 0, 1, k, w.dyRows(), dcol, 0, columns);
        double[] dx = io.dx();
        for (int j = 0; j < n; j++) {
            int off = (s0 + j) * inSize();
            java.util.Arrays.fill(dx, off, off + inSize(), 0.0);
            geo.foldAdd(dcol, j * positions, columns, dx, off);
        }
    }
}
