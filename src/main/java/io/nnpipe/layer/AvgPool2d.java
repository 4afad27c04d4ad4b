package io.nnpipe.layer;

import io.nnpipe.config.Params;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.plugin.LayerSpec;
import io.nnpipe.plugin.Registry;

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
public final class AvgPool2d extends Pooling {
    private final boolean includePad;

    /** Checked settings; stride defaults to the kernel. */
    public record Spec(PoolWindow.Settings window, boolean countIncludePad) implements LayerSpec {
        @Override
        public Layer build(LayerContext ctx) {
            PoolWindow w = window.fit(ctx, "avg_pool2d", "");
            return w == null ? null : new AvgPool2d(ctx.name(), w, countIncludePad);
        }
    }

    /** Reads {@code kernel} (required), {@code stride} (default: the kernel), {@code padding}, {@code count_include_pad}. */
    public static LayerSpec read(Params p, Registry registry) {
        PoolWindow.Settings window = PoolWindow.read(p);
        return new Spec(window, p.bool("count_include_pad", true));
    }

    private AvgPool2d(String name, PoolWindow w, boolean includePad) {
        super(name, w);
        this.includePad = includePad;
    }

    @Override
    public String type() {
        return "avg_pool2d";
    }

    @Override
    public String describe() {
        return w.describe() + (w.padded() && !includePad ? " (not counted)" : "");
    }

    /** The divisor of the window of output (oy, ox). */
    private int divisor(int oy, int ox) {
        if (includePad) {
            return w.area();
        }
        return (w.rowTo(oy) - w.rowFrom(oy)) * (w.colTo(ox) - w.colFrom(ox));
    }

    @Override
    public void forward(Pass pass, LayerIO io) {
        int oh = w.outH();
        int ow = w.outW();
        double[] x = io.x();
        int q = 0;
        for (int plane = 0; plane < pass.batch() * channels; plane++) {
            int base = plane * height * width;
            for (int oy = 0; oy < oh; oy++) {
                int y0 = w.rowFrom(oy);
                int y1 = w.rowTo(oy);
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = w.colFrom(ox);
                    int x1 = w.colTo(ox);
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
        int oh = w.outH();
        int ow = w.outW();
        double[] dx = io.dx();
        java.util.Arrays.fill(dx, 0, pass.batch() * channels * height * width, 0.0);
        int q = 0;
        for (int plane = 0; plane < pass.batch() * channels; plane++) {
            int base = plane * height * width;
            for (int oy = 0; oy < oh; oy++) {
                int y0 = w.rowFrom(oy);
                int y1 = w.rowTo(oy);
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = w.colFrom(ox);
                    int x1 = w.colTo(ox);
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
