package io.nnpipe.layer;

import io.nnpipe.config.Params;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.plugin.LayerSpec;
import io.nnpipe.plugin.Registry;

/**
 * Max pooling over each channel: y[c][oy][ox] = max over the window at (oy·sh - ph, ox·sw - pw).
 * Padding never wins (it counts as -∞); padding may be at most half the kernel, so every window
 * holds at least one input.
 *
 * <p>NOTE: ties go to the <em>first</em> maximum in row-major order of the window (a later equal
 * value does not replace it), and backward sends each output's whole gradient to that one input,
 * as the seed document's "x2's value came from C2(1,1)" does. Where windows overlap, an input's
 * gradient is the sum over the outputs that chose it, added in output order. Forward keeps each
 * output's argmax (an index within its sample, found by {@link WindowArgmax}, sized once by
 * {@link #prepare}), so backward only scatters: finding the maxima again cost as much as the
 * forward pass. Samples are independent tasks on the pass's threads.
 */
public final class MaxPool2d extends Pooling {
    /** The buffers of the call in progress, read by its per-sample tasks; null between calls. */
    private LayerIO io;
    /** Per output of the last forward pass: the index of its window's first maximum within its sample's input. */
    private int[] argmax = new int[0];
    private final Parallel.Task forwardTask = this::forwardSample;
    private final Parallel.Task backwardTask = this::backwardSample;
    private final Parallel.Task afterReluTask = this::backwardAfterReluSample;
    /** The ReLU's outputs (this layer's inputs) during {@link #backwardAfterRelu}; null between calls. */
    private double[] reluY;
    /** The ReLU's dx being written by {@link #backwardAfterRelu}; null between calls. */
    private double[] reluDxOut;

    /** Checked settings; stride defaults to the kernel. */
    public record Spec(PoolWindow.Settings window) implements LayerSpec {
        @Override
        public Layer build(LayerContext ctx) {
            PoolWindow w = window.fit(ctx, "max_pool2d", " (a vector: max_pool2d cannot follow flatten or dense)");
            return w == null ? null : new MaxPool2d(ctx.name(), w);
        }
    }

    /** Reads {@code kernel} (required), {@code stride} (default: the kernel) and {@code padding}. */
    public static LayerSpec read(Params p, Registry registry) {
        return new Spec(PoolWindow.read(p));
    }

    private MaxPool2d(String name, PoolWindow w) {
        super(name, w);
    }

    @Override
    public String type() {
        return "max_pool2d";
    }

    @Override
    public void prepare(int maxBatch) {
        int size = maxBatch * channels * w.outH() * w.outW();
        if (argmax.length < size) {
            argmax = new int[size];
        }
    }

    @Override
    public void forward(Pass pass, LayerIO io) {
        prepare(pass.batch());
        this.io = io;
        try {
            pass.parallel().forEach(pass.batch(), forwardTask);
        } finally {
            this.io = null;
        }
    }

    /**
     * y and the argmax of every output of sample n. Windows are clipped to the image once per
     * output (padding never wins). NOTE: a NaN wins over any number (and the first NaN over later
     * ones), so it propagates.
     */
    private void forwardSample(int n, int worker) {
        int oh = w.outH();
        int ow = w.outW();
        int inSize = channels * height * width;
        double[] x = io.x();
        double[] y = io.y();
        int xOff = n * inSize;
        int q = n * channels * oh * ow;
        for (int c = 0; c < channels; c++) {
            int plane = xOff + c * height * width;
            for (int oy = 0; oy < oh; oy++, q += ow) {
                int yFrom = w.rowFrom(oy);
                int yTo = w.rowTo(oy);
                if ((w.is2x2() && yTo - yFrom == 2) || (w.is3x3() && yTo - yFrom == 3)) {
                    rowOfWhole(x, y, q, plane, yFrom, xOff);
                } else {
                    for (int ox = 0; ox < ow; ox++) {
                        store(x, y, q + ox, WindowArgmax.first(x, width, plane, yFrom, yTo, w.colFrom(ox), w.colTo(ox)), xOff);
                    }
                }
            }
        }
    }

    private void store(double[] x, double[] y, int q, int best, int xOff) {
        y[q] = x[best];
        argmax[q] = best - xOff;
    }

    /**
     * One output row of 2×2 or 3×3 windows whose rows padding does not clip, from input row
     * yFrom of the plane at {@code plane}, into outputs from q: the windows padding clips on the
     * left or right take the general loop, the whole ones {@link WindowArgmax#run2x2} or
     * {@link WindowArgmax#run3x3}.
     */
    private void rowOfWhole(double[] x, double[] y, int q, int plane, int yFrom, int xOff) {
        int from = w.wholeColFrom();
        int to = w.wholeColTo();
        int yTo = yFrom + (w.is2x2() ? 2 : 3);
        for (int ox = 0; ox < from; ox++) {
            store(x, y, q + ox, WindowArgmax.first(x, width, plane, yFrom, yTo, w.colFrom(ox), w.colTo(ox)), xOff);
        }
        if (from < to) {
            int i0 = plane + yFrom * width + w.colFrom(from);
            if (w.is2x2()) {
                WindowArgmax.run2x2(x, y, argmax, q + from, i0, to - from, xOff, w.strideW(), width);
            } else {
                WindowArgmax.run3x3(x, y, argmax, q + from, i0, to - from, xOff, w.strideW(), width);
            }
        }
        for (int ox = Math.max(from, to); ox < w.outW(); ox++) {
            store(x, y, q + ox, WindowArgmax.first(x, width, plane, yFrom, yTo, w.colFrom(ox), w.colTo(ox)), xOff);
        }
    }

    @Override
    public void backward(Pass pass, LayerIO io) {
        if (io.dx() == null) {
            return;
        }
        this.io = io;
        try {
            pass.parallel().forEach(pass.batch(), backwardTask);
        } finally {
            this.io = null;
        }
    }

    /**
     * Whether {@link #backwardAfterRelu} may stand in for this layer's backward and a ReLU's before
     * it: the windows tile the input exactly, so every input is in one window.
     */
    public boolean fusesWithRelu() {
        return w.tilesExactly();
    }

    /**
     * The backward pass of this layer and of the ReLU that feeds it, in one, for a network that
     * does not need the gradient between them (a step that is not traced): {@code reluDx} =
     * ReLU's backward of this layer's backward of {@code io.dy()}, bit for bit what the two
     * passes give, without writing this layer's dx and reading it back (LeNet-5's first ReLU
     * and pooling: 1.7 MB each way a step). {@code io} is this layer's (its x is the ReLU's y);
     * {@code reluDx} the ReLU's dx (written whole). Only when {@link #fusesWithRelu}.
     *
     * <p>Why the bits are the same: with the windows tiling the input, this layer's dx at an
     * input is 0.0 + dy of its window where the input is the window's maximum, else 0.0; the
     * ReLU multiplies it by a factor read from its y (1.0, +0.0 or NaN). The maximum's y is the
     * window's output, so that product needs only the output; every other input of a window whose
     * output is not NaN holds no NaN (a NaN would have won), so 0.0 times its factor is +0.0. A
     * window whose output is NaN is done element by element from the ReLU's y.
     */
    public void backwardAfterRelu(Pass pass, LayerIO io, double[] reluDx) {
        if (reluDx == null) {
            return;
        }
        this.io = io;
        this.reluY = io.x();
        this.reluDxOut = reluDx;
        try {
            pass.parallel().forEach(pass.batch(), afterReluTask);
        } finally {
            this.io = null;
            this.reluY = null;
            this.reluDxOut = null;
        }
    }

    /** {@link #backwardAfterRelu} for sample n. */
    private void backwardAfterReluSample(int n, int worker) {
        int outputs = channels * w.outH() * w.outW();
        int inSize = channels * height * width;
        int xOff = n * inSize;
        double[] dx = reluDxOut;
        double[] dy = io.dy();
        double[] y = io.y();
        java.util.Arrays.fill(dx, xOff, xOff + inSize, 0.0);
        for (int q = n * outputs; q < (n + 1) * outputs; q++) {
            double v = y[q];
            if (v == v) {
                dx[xOff + argmax[q]] = (0.0 + dy[q]) * Activations.Relu.factor(v);
            } else {
                nanWindow(q - n * outputs, argmax[q], xOff, dy[q], dx);
            }
        }
    }

    /**
     * The window of output {@code local} (its index within the sample; {@code best} its maximum,
     * within the sample) whose output is NaN: each input's dx is what the two passes give,
     * (0.0 + dy) or 0.0, times its own ReLU factor.
     */
    private void nanWindow(int local, int best, int xOff, double dyq, double[] dx) {
        int oh = w.outH();
        int ow = w.outW();
        int plane = local / (oh * ow);
        int oy = local / ow - plane * oh;
        int ox = local % ow;
        for (int iy = w.rowFrom(oy); iy < w.rowTo(oy); iy++) {
            for (int ix = w.colFrom(ox); ix < w.colTo(ox); ix++) {
                int k = (plane * height + iy) * width + ix;
                double g = k == best ? 0.0 + dyq : 0.0;
                dx[xOff + k] = g * Activations.Relu.factor(reluY[xOff + k]);
            }
        }
    }

    /** dx of sample n: zero, then each output's gradient added to its window's first maximum, outputs in order. */
    private void backwardSample(int n, int worker) {
        int outputs = channels * w.outH() * w.outW();
        int inSize = channels * height * width;
        int xOff = n * inSize;
        double[] dx = io.dx();
        double[] dy = io.dy();
        java.util.Arrays.fill(dx, xOff, xOff + inSize, 0.0);
        for (int q = n * outputs; q < (n + 1) * outputs; q++) {
            dx[xOff + argmax[q]] += dy[q];
        }
    }
}
