package io.nnpipe.layer;

import io.nnpipe.config.Params;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.plugin.LayerSpec;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Shape;
import java.util.List;

/**
 * Average pooling over each channel: y[c][oy][ox] = (Σ of the window at (oy·sh - ph, ox·sw - pw))
 * / divisor, the window's inputs added in row-major order. Zero padding may be at most half the
 * kernel (as in PyTorch). NOTE: with {@code count_include_pad: true} (the default, as PyTorch's
 * {@code AvgPool2d}) the divisor is always kh·kw, so padded zeros pull the average down at the
 * borders; with {@code false} it is the number of real inputs in the window.
 *
 * <p>Backward: each input receives dy / divisor from every window that holds it, added in output
 * order.
 */
public final class AvgPool2d implements Layer {
    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final int[] k;
    private final int[] s;
    private final int[] p;
    private final boolean includePad;

    /** Checked settings; stride defaults to the kernel. */
    public record Spec(int[] kernel, int[] stride, int[] padding, boolean countIncludePad) implements LayerSpec {
        @Override
        public Layer build(LayerContext ctx) {
            Shape in = ctx.input();
            if (in.rank() != 3) {
                ctx.error(null, "avg_pool2d needs an image input [channels, height, width], found shape " + in);
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
            return new AvgPool2d(ctx.name(), in, this);
        }
    }

    /** Reads {@code kernel} (required), {@code stride} (default: the kernel), {@code padding}, {@code count_include_pad}. */
    public static LayerSpec read(Params p, Registry registry) {
        int[] kernel = p.pair("kernel", null, 1, 1 << 12);
        int[] stride = p.has("stride") ? p.pair("stride", null, 1, 1 << 12) : kernel;
        if (stride == kernel) {
            p.resolve("stride", List.of(kernel[0], kernel[1]));
        }
        int[] padding = p.pair("padding", new int[] {0, 0}, 0, 1 << 12);
        boolean include = p.bool("count_include_pad", true);
        return new Spec(kernel, stride, padding, include);
    }

    private AvgPool2d(String name, Shape in, Spec spec) {
        this.name = name;
        this.channels = in.channels();
        this.height = in.height();
        this.width = in.width();
        this.k = spec.kernel().clone();
        this.s = spec.stride().clone();
        this.p = spec.padding().clone();
        this.includePad = spec.countIncludePad();
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
        return "avg_pool2d";
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
                + (p[0] + p[1] > 0 ? ", padding " + p[0] + "x" + p[1] + (includePad ? "" : " (not counted)") : "");
    }

    /** The divisor of the window of output (oy, ox). */
    private int divisor(int oy, int ox) {
        if (includePad) {
            return k[0] * k[1];
        }
        int rows = Math.min(oy * s[0] - p[0] + k[0], height) - Math.max(oy * s[0] - p[0], 0);
        int cols = Math.min(ox * s[1] - p[1] + k[1], width) - Math.max(ox * s[1] - p[1], 0);
        return rows * cols;
    }

    @Override
    public void forward(Pass pass, LayerIO io) {
        int oh = outH();
        int ow = outW();
        double[] x = io.x();
        int q = 0;
        for (int plane = 0; plane < pass.batch() * channels; plane++) {
            int base = plane * height * width;
            for (int oy = 0; oy < oh; oy++) {
                int y0 = Math.max(oy * s[0] - p[0], 0);
                int y1 = Math.min(oy * s[0] - p[0] + k[0], height);
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = Math.max(ox * s[1] - p[1], 0);
                    int x1 = Math.min(ox * s[1] - p[1] + k[1], width);
                    double sum = 0;
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            sum += x[base + iy * width + ix];
                        }
                    }
                    io.y()[q++] = sum / divisor(oy, ox);
                }
            }
        }
    }

    @Override
    public void backward(Pass pass, LayerIO io) {
        if (io.dx() == null) {
            return;
        }
        int oh = outH();
        int ow = outW();
        double[] dx = io.dx();
        java.util.Arrays.fill(dx, 0, pass.batch() * channels * height * width, 0.0);
        int q = 0;
        for (int plane = 0; plane < pass.batch() * channels; plane++) {
            int base = plane * height * width;
            for (int oy = 0; oy < oh; oy++) {
                int y0 = Math.max(oy * s[0] - p[0], 0);
                int y1 = Math.min(oy * s[0] - p[0] + k[0], height);
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = Math.max(ox * s[1] - p[1], 0);
                    int x1 = Math.min(ox * s[1] - p[1] + k[1], width);
                    double g = io.dy()[q++] / divisor(oy, ox);
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            dx[base + iy * width + ix] += g;
                        }
                    }
                }
            }
        }
    }
}
