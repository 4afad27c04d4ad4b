package io.nnpipe.data;

import java.util.Arrays;

/**
 * What turns a raw value of channel c into a network input, in this order and with exactly these
 * operations (so an independent implementation can match the bits):
 * <ol>
 * <li>scaling, when set: x' = (x - from_min) / (from_max - from_min) · (to_max - to_min) + to_min
 *     ({@code scale: 255} is from [0, 255] to [0, 1], which is exactly x / 255);</li>
 * <li>normalisation, when set: x'' = (x' - mean[c]) / std[c].</li>
 * </ol>
 * Channels are the first dimension of an image shape; a vector shape has one channel. Immutable.
 */
public final class PixelTransform {
    /** Leaves values as they are. */
    public static final PixelTransform NONE = new PixelTransform(null, null, null);

    private final double[] scale;
    private final double[] mean;
    private final double[] std;

    /**
     * @param scale {from_min, from_max, to_min, to_max}, or null for no scaling
     * @param mean per-channel means (or one for all), or null for no normalisation
     * @param std per-channel standard deviations, positive; null exactly when mean is
     */
    public PixelTransform(double[] scale, double[] mean, double[] std) {
        if ((mean == null) != (std == null) || (mean != null && mean.length != std.length)) {
            throw new IllegalArgumentException("mean and std must be given together, one per channel");
        }
        this.scale = scale == null ? null : scale.clone();
        this.mean = mean == null ? null : mean.clone();
        this.std = std == null ? null : std.clone();
    }

    /** The same scaling without normalisation (for computing the statistics of scaled data). */
    public PixelTransform scaleOnly() {
        return new PixelTransform(scale, null, null);
    }

    /** The same scaling with this normalisation. */
    public PixelTransform withNormalization(double[] means, double[] stds) {
        return new PixelTransform(scale, means, stds);
    }

    /** Whether values pass unchanged. */
    public boolean isIdentity() {
        return scale == null && mean == null;
    }

    /** The input value of a raw value of channel {@code c}. */
    public double apply(int c, double x) {
        double v = x;
        if (scale != null) {
            v = (v - scale[0]) / (scale[1] - scale[0]) * (scale[3] - scale[2]) + scale[2];
        }
        if (mean != null) {
            int k = mean.length == 1 ? 0 : c;
            v = (v - mean[k]) / std[k];
        }
        return v;
    }

    /**
     * Applies the transform to one sample of {@code channels} equal planes in place:
     * {@code v[off .. off + size)}.
     */
    public void applyTo(double[] v, int off, int size, int channels) {
        if (isIdentity()) {
            return;
        }
        int plane = size / channels;
        for (int j = 0; j < size; j++) {
            v[off + j] = apply(j / plane, v[off + j]);
        }
    }

    /** For byte data: table[c][b] = apply(c, b) for every byte value b, per channel. */
    double[][] byteTable(int channels) {
        double[][] t = new double[channels][256];
        for (int c = 0; c < channels; c++) {
            for (int b = 0; b < 256; b++) {
                t[c][b] = apply(c, b);
            }
        }
        return t;
    }

    @Override
    public String toString() {
        return "scale " + Arrays.toString(scale) + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std);
    }
}
