package io.nnpipe.layer;

import io.nnpipe.config.Params;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.tensor.Shape;
import java.util.List;

/**
 * The window geometry 2-D pooling layers share (built-in and plugins alike), fixed once the input shape is known: window
 * {@code (oy, ox)} covers input rows [oy·sh - ph, oy·sh - ph + kh) and columns
 * [ox·sw - pw, ox·sw - pw + kw), clipped to the image by {@link #rowFrom}/{@link #rowTo}/
 * {@link #colFrom}/{@link #colTo}. Padding is at most half the kernel (as in PyTorch), so every
 * window holds at least one input. Immutable.
 */
public final class PoolWindow {
    /** The input's channels, height and width. */
    public final int channels;
    public final int height;
    public final int width;
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int ph;
    private final int pw;

    /** Checked settings as read from the config, before the input shape is known. */
    public record Settings(int kh, int kw, int sh, int sw, int ph, int pw) {
        /**
         * The geometry over the context's input, or null after reporting on the context why it
         * does not fit ({@code type} names the layer in messages; {@code hint} is added when the
         * input is not an image).
         */
        public PoolWindow fit(LayerContext ctx, String type, String hint) {
            Shape in = ctx.input();
            if (in.rank() != 3) {
                ctx.error(null, type + " needs an image input [channels, height, width], found shape " + in + hint);
                return null;
            }
            if (ph * 2 > kh || pw * 2 > kw) {
                ctx.error("padding", "padding may be at most half the kernel (" + kh + "x" + kw
                        + "), found " + ph + "x" + pw);
                return null;
            }
            if (in.height() + 2 * ph < kh || in.width() + 2 * pw < kw) {
                ctx.error("kernel", "window " + kh + "x" + kw + " does not fit the input "
                        + in.height() + "x" + in.width() + " (shape " + in + ")");
                return null;
            }
            return new PoolWindow(in, this);
        }
    }

    /** Reads {@code kernel} (required), {@code stride} (default: the kernel) and {@code padding} (default 0). */
    public static Settings read(Params p) {
        int[] kernel = p.pair("kernel", null, 1, 1 << 12);
        int[] stride = p.has("stride") ? p.pair("stride", null, 1, 1 << 12) : kernel;
        if (!p.has("stride")) {
            p.resolve("stride", List.of(kernel[0], kernel[1]));
        }
        int[] padding = p.pair("padding", new int[] {0, 0}, 0, 1 << 12);
        return new Settings(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1]);
    }

    private PoolWindow(Shape in, Settings s) {
        this.channels = in.channels();
        this.height = in.height();
        this.width = in.width();
        this.kh = s.kh();
        this.kw = s.kw();
        this.sh = s.sh();
        this.sw = s.sw();
        this.ph = s.ph();
        this.pw = s.pw();
    }

    public int outH() {
        return (height + 2 * ph - kh) / sh + 1;
    }

    public int outW() {
        return (width + 2 * pw - kw) / sw + 1;
    }

    /** The kernel's area kh·kw (padding included). */
    public int area() {
        return kh * kw;
    }

    /** Whether the window is 2×2. */
    public boolean is2x2() {
        return kh == 2 && kw == 2;
    }

    /** Whether the window is 3×3. */
    public boolean is3x3() {
        return kh == 3 && kw == 3;
    }

    public Shape inputShape() {
        return Shape.of(channels, height, width);
    }

    public Shape outputShape() {
        return Shape.of(channels, outH(), outW());
    }

    public boolean padded() {
        return ph + pw > 0;
    }

    /** "kernel 2x2, stride 2x2[, padding 1x1]" for the stage table. */
    public String describe() {
        return "kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw
                + (padded() ? ", padding " + ph + "x" + pw : "");
    }

    /**
     * Whether the windows tile the input exactly: stride = kernel, no padding, and the kernel
     * divides the height and the width, so every input lies in exactly one window.
     */
    public boolean tilesExactly() {
        return sh == kh && sw == kw && ph == 0 && pw == 0 && height % kh == 0 && width % kw == 0;
    }

    /** The column stride. */
    public int strideW() {
        return sw;
    }

    /** The first output column whose window padding does not clip on the left (at most {@link #outW}). */
    public int wholeColFrom() {
        return Math.min((pw + sw - 1) / sw, outW());
    }

    /**
     * One past the last output column whose window padding does not clip on the right; no
     * window in [{@link #wholeColFrom}, this) is clipped (the range may be empty).
     */
    public int wholeColTo() {
        int last = width + pw - kw;
        return last < 0 ? 0 : Math.min(outW(), last / sw + 1);
    }

    /** First input row of output row oy's window (clipped). */
    public int rowFrom(int oy) {
        return Math.max(oy * sh - ph, 0);
    }

    /** One past the last input row of output row oy's window (clipped). */
    public int rowTo(int oy) {
        return Math.min(oy * sh - ph + kh, height);
    }

    /** First input column of output column ox's window (clipped). */
    public int colFrom(int ox) {
        return Math.max(ox * sw - pw, 0);
    }

    /** One past the last input column of output column ox's window (clipped). */
    public int colTo(int ox) {
        return Math.min(ox * sw - pw + kw, width);
    }
}
