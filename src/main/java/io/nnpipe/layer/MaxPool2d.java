package io.nnpipe.layer;

import io.nnpipe.config.Params;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.plugin.LayerSpec;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Shape;

/**
 * Max pooling over each channel: y[c][oy][ox] = max over the window at (oy·sh - ph, ox·sw - pw).
 * Padding never wins (it counts as -∞); padding may be at most half the kernel, so every window
 * holds at least one input.
 *
 * <p>NOTE: ties go to the <em>first</em> maximum in row-major order of the window (a later equal
 * value does not replace it), and backward sends each output's whole gradient to that one input,
 * as the seed document's "x2's value came from C2(1,1)" does. Where windows overlap, an input's
 * gradient is the sum over the outputs that chose it, added in output order. The argmax is found
 * again in backward from the unchanged input, so nothing is stored between the passes. Samples
 * are independent tasks on the pass's threads.
 */
public final class MaxPool2d implements Layer {
    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final int[] k;
    private final int[] s;
    private final int[] p;
    /** The buffers of the call in progress, read by its per-sample tasks; null between calls. */
    private LayerIO io;
    private final Parallel.Task forwardTask = this::forwardSample;
    private final Parallel.Task backwardTask = this::backwardSample;

    /** Checked settings; stride defaults to the kernel. */
    public record Spec(int[] kernel, int[] stride, int[] padding) implements LayerSpec {
        @Override
        public Layer build(LayerContext ctx) {
            Shape in = ctx.input();
            if (in.rank() != 3) {
                ctx.error(null, "max_pool2d needs an image input [channels, height, width], found shape " + in
                        + " (a vector: max_pool2d cannot follow flatten or dense)");
                return null;
            }
            if (padding[0] * 2 > kernel[0] || padding[1] * 2 > kernel[1]) {
                ctx.error("padding", "padding may be at most half the kernel (" + kernel[0] + "x" + kernel[1]
                        + "), found " + padding[0] + "x" + padding[1]);
                return null;
            }
            if (in.height() + 2 * padding[0] < kernel[0] || in.width() + 2 * padding[1] < kernel[1]) {
                ctx.error("kernel", "window " + kernel[0] + "x" + kernel[1] + " does not fit the input "
                        + in.height() + "x" + in.width() + " (shape " + in + ")");
                return null;
            }
            return new MaxPool2d(ctx.name(), in, kernel, stride == null ? kernel : stride, padding);
        }
    }

    /** Reads {@code kernel} (required), {@code stride} (default: the kernel) and {@code padding}. */
    public static LayerSpec read(Params p, Registry registry) {
        int[] kernel = p.pair("kernel", null, 1, 1 << 12);
        int[] stride = p.has("stride") ? p.pair("stride", null, 1, 1 << 12) : null;
        if (stride == null) {
            p.resolve("stride", java.util.List.of(kernel[0], kernel[1]));
        }
        int[] padding = p.pair("padding", new int[] {0, 0}, 0, 1 << 12);
        return new Spec(kernel, stride, padding);
    }

    private MaxPool2d(String name, Shape in, int[] k, int[] s, int[] p) {
        this.name = name;
        this.channels = in.channels();
        this.height = in.height();
        this.width = in.width();
        this.k = k.clone();
        this.s = s.clone();
        this.p = p.clone();
    }

    private int outH() {
        return (height + 2 * p[0] - k[0]) / s[0] + 1;
    }

    private int outW() {
        return (width + 2 * p[1] - k[1]) / s[1] + 1;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "max_pool2d";
    }

    @Override
    public Shape inputShape() {
        return Shape.of(channels, height, width);
    }

    @Override
    public Shape outputShape() {
        return Shape.of(channels, outH(), outW());
    }

    @Override
    public String describe() {
        return "kernel " + k[0] + "x" + k[1] + ", stride " + s[0] + "x" + s[1]
                + (p[0] + p[1] > 0 ? ", padding " + p[0] + "x" + p[1] : "");
    }

    /**
     * Index into x of the first maximum of the window of output (c, oy, ox) of the image at xOff.
     * NOTE: a NaN wins over any number (and the first NaN over later ones), so it propagates.
     */
    private int argmax(double[] x, int xOff, int c, int oy, int ox) {
        int y0 = oy * s[0] - p[0];
        int x0 = ox * s[1] - p[1];
        int yFrom = Math.max(0, y0);
        int yTo = Math.min(height, y0 + k[0]);
        int xFrom = Math.max(0, x0);
        int xTo = Math.min(width, x0 + k[1]);
        int plane = xOff + c * height * width;
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

    @Override
    public void forward(Pass pass, LayerIO io) {
        this.io = io;
        try {
            pass.parallel().forEach(pass.batch(), forwardTask);
        } finally {
            this.io = null;
        }
    }

    private void forwardSample(int n, int worker) {
        int oh = outH();
        int ow = outW();
        int inSize = channels * height * width;
        double[] x = io.x();
        double[] y = io.y();
        int q = n * channels * oh * ow;
        for (int c = 0; c < channels; c++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    y[q++] = x[argmax(x, n * inSize, c, oy, ox)];
                }
            }
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

    /** dx of sample n: zero, then each output's gradient added to its window's first maximum, outputs in order. */
    private void backwardSample(int n, int worker) {
        int oh = outH();
        int ow = outW();
        int inSize = channels * height * width;
        double[] dx = io.dx();
        double[] dy = io.dy();
        java.util.Arrays.fill(dx, n * inSize, (n + 1) * inSize, 0.0);
        int q = n * channels * oh * ow;
        for (int c = 0; c < channels; c++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    dx[argmax(io.x(), n * inSize, c, oy, ox)] += dy[q++];
                }
            }
        }
    }
}
