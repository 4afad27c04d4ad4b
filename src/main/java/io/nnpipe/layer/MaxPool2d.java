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
 * output's argmax (an index within its sample, sized once by {@link #prepare}), so backward only
 * scatters: finding the maxima again cost as much as the forward pass. Samples are independent
 * tasks on the pass's threads.
 */
public final class MaxPool2d extends Pooling {
    /** The buffers of the call in progress, read by its per-sample tasks; null between calls. */
    private LayerIO io;
    /** Per output of the last forward pass: the index of its window's first maximum within its sample's input. */
    private int[] argmax = new int[0];
    private final Parallel.Task forwardTask = this::forwardSample;
    private final Parallel.Task backwardTask = this::backwardSample;

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
            for (int oy = 0; oy < oh; oy++) {
                int yFrom = w.rowFrom(oy);
                int yTo = w.rowTo(oy);
                boolean whole2x2 = w.is2x2() && yTo - yFrom == 2;
                for (int ox = 0; ox < ow; ox++, q++) {
                    int xFrom = w.colFrom(ox);
                    int xTo = w.colTo(ox);
                    int best = whole2x2 && xTo - xFrom == 2
                            ? argmax2x2(x, plane + yFrom * width + xFrom)
                            : argmax(x, plane, yFrom, yTo, xFrom, xTo);
                    y[q] = x[best];
                    argmax[q] = best - xOff;
                }
            }
        }
    }

    /** The first maximum of rows [yFrom, yTo) × columns [xFrom, xTo) of the plane at {@code plane}. */
    private int argmax(double[] x, int plane, int yFrom, int yTo, int xFrom, int xTo) {
        int best = plane + yFrom * width + xFrom;
        double max = x[best];
        for (int iy = yFrom; iy < yTo; iy++) {
            int row = plane + iy * width;
            for (int ix = xFrom; ix < xTo; ix++) {
                double v = x[row + ix];
                if (v > max || (v != v && max == max)) {
                    best = row + ix;
                    max = v;
                }
            }
        }
        return best;
    }

    /**
     * {@link #argmax} of a whole 2×2 window at index i (the common pooling) without a branch on
     * the data: on real data each comparison is a coin toss, and once a batch no longer fits the
     * L2 cache every mispredicted branch also waits for its load (the branchy loop: 4 µs a LeNet-5
     * sample in cache, 15 µs out of it; this: 6 µs either way). The maximum m comes from
     * {@link Math#max}; the first of a, b, c, d equal to m (with -0.0 == 0.0, as {@code >} treats
     * them) is then the same element the rule "first strict maximum" picks. A NaN takes the
     * general loop (the first NaN wins there).
     */
    private int argmax2x2(double[] x, int i) {
        double a = x[i];
        double b = x[i + 1];
        double c = x[i + width];
        double d = x[i + width + 1];
        double m = Math.max(Math.max(a, b), Math.max(c, d));
        if (m != m) {
            return argmax(x, i, 0, 2, 0, 2);
        }
        long bits = Double.doubleToRawLongBits(m + 0.0); // + 0.0 makes -0.0 into 0.0
        int notA = 1 - equal(a, bits);
        int isB = equal(b, bits);
        int isC = equal(c, bits);
        int pickB = notA & isB;
        int pickC = notA & (1 - isB) & isC;
        int pickD = notA & (1 - isB) & (1 - isC);
        return i + pickB + pickC * width + pickD * (width + 1);
    }

    /** 1 if v equals the value whose bits (zero made positive) are {@code bits}, else 0; no branch. */
    private static int equal(double v, long bits) {
        long diff = Double.doubleToRawLongBits(v + 0.0) ^ bits;
        return (int) (((diff | -diff) >>> 63) ^ 1);
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
