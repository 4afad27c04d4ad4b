package io.nnpipe.layer;

/**
 * The per-channel sums of {@link BatchNorm} over values laid out [batch][channels][plane]: each
 * channel's sum starts from 0 and adds its values one at a time, samples in order and, within a
 * sample, positions in order, each term rounded as the plain loop rounds it. Only the order in
 * which the independent channels are worked on differs from one channel after another:
 * <ul>
 *   <li>vectors (plane 1): sample by sample, every channel's sum in an array, so neighbouring
 *       features are neighbouring elements; channel by channel, each step of a sum jumped a whole
 *       sample ahead and each sum waited for its previous addition (7 ns a value);</li>
 *   <li>images: four channels at a time, each sum in a local variable, so four chains of
 *       additions overlap instead of each addition waiting for the one before it (the same
 *       measure as the convolution's bias sums).</li>
 * </ul>
 */
final class ChannelSums {
    private final int channels;
    private final int plane;

    ChannelSums(int channels, int plane) {
        this.channels = channels;
        this.plane = plane;
    }

    /** out[c] = Σ (x - shift[c]) · (x - shift[c]) if {@code square}, else Σ x, over channel c's values. */
    void sums(double[] x, int batch, double[] shift, boolean square, double[] out) {
        java.util.Arrays.fill(out, 0, channels, 0.0);
        if (plane == 1) {
            for (int n = 0; n < batch; n++) {
                int off = n * channels;
                if (square) {
                    for (int c = 0; c < channels; c++) {
                        double d = x[off + c] - shift[c];
                        out[c] += d * d;
                    }
                } else {
                    for (int c = 0; c < channels; c++) {
                        out[c] += x[off + c];
                    }
                }
            }
            return;
        }
        int c = 0;
        for (; c + 4 <= channels; c += 4) {
            fourChannels(x, batch, c, shift, square, out);
        }
        for (; c < channels; c++) {
            double s = 0.0;
            double m = square ? shift[c] : 0.0;
            for (int n = 0; n < batch; n++) {
                int off = (n * channels + c) * plane;
                for (int j = off; j < off + plane; j++) {
                    if (square) {
                        double d = x[j] - m;
                        s += d * d;
                    } else {
                        s += x[j];
                    }
                }
            }
            out[c] = s;
        }
    }

    /** {@link #sums} for channels c0 to c0 + 3, each in a local variable. */
    private void fourChannels(double[] x, int batch, int c0, double[] shift, boolean square, double[] out) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        double m0 = square ? shift[c0] : 0.0;
        double m1 = square ? shift[c0 + 1] : 0.0;
        double m2 = square ? shift[c0 + 2] : 0.0;
        double m3 = square ? shift[c0 + 3] : 0.0;
        for (int n = 0; n < batch; n++) {
            int p0 = (n * channels + c0) * plane;
            int p1 = p0 + plane;
            int p2 = p1 + plane;
            int p3 = p2 + plane;
            if (square) {
                for (int j = 0; j < plane; j++) {
                    double d0 = x[p0 + j] - m0;
                    double d1 = x[p1 + j] - m1;
                    double d2 = x[p2 + j] - m2;
                    double d3 = x[p3 + j] - m3;
                    s0 += d0 * d0;
                    s1 += d1 * d1;
                    s2 += d2 * d2;
                    s3 += d3 * d3;
                }
            } else {
                for (int j = 0; j < plane; j++) {
                    s0 += x[p0 + j];
                    s1 += x[p1 + j];
                    s2 += x[p2 + j];
                    s3 += x[p3 + j];
                }
            }
        }
        out[c0] = s0;
        out[c0 + 1] = s1;
        out[c0 + 2] = s2;
        out[c0 + 3] = s3;
    }

    /**
     * sumDy[c] = Σ dy and sumDyXhat[c] = Σ dy · (x - mean[c]) · invStd[c] (evaluated left to
     * right, as written) over channel c's values, both from 0.
     */
    void gradientSums(double[] x, double[] dy, int batch, double[] mean, double[] invStd, double[] sumDy,
            double[] sumDyXhat) {
        java.util.Arrays.fill(sumDy, 0, channels, 0.0);
        java.util.Arrays.fill(sumDyXhat, 0, channels, 0.0);
        if (plane == 1) {
            for (int n = 0; n < batch; n++) {
                int off = n * channels;
                for (int c = 0; c < channels; c++) {
                    double g = dy[off + c];
                    sumDy[c] += g;
                    sumDyXhat[c] += g * (x[off + c] - mean[c]) * invStd[c];
                }
            }
            return;
        }
        int c = 0;
        for (; c + 2 <= channels; c += 2) {
            twoGradientChannels(x, dy, batch, c, mean, invStd, sumDy, sumDyXhat);
        }
        for (; c < channels; c++) {
            double a = 0.0;
            double b = 0.0;
            double m = mean[c];
            double s = invStd[c];
            for (int n = 0; n < batch; n++) {
                int off = (n * channels + c) * plane;
                for (int j = off; j < off + plane; j++) {
                    a += dy[j];
                    b += dy[j] * (x[j] - m) * s;
                }
            }
            sumDy[c] = a;
            sumDyXhat[c] = b;
        }
    }

    /** {@link #gradientSums} for channels c0 and c0 + 1: four chains, each in a local variable. */
    private void twoGradientChannels(double[] x, double[] dy, int batch, int c0, double[] mean, double[] invStd,
            double[] sumDy, double[] sumDyXhat) {
        double a0 = 0.0;
        double b0 = 0.0;
        double a1 = 0.0;
        double b1 = 0.0;
        double m0 = mean[c0];
        double m1 = mean[c0 + 1];
        double s0 = invStd[c0];
        double s1 = invStd[c0 + 1];
        for (int n = 0; n < batch; n++) {
            int p0 = (n * channels + c0) * plane;
            int p1 = p0 + plane;
            for (int j = 0; j < plane; j++) {
                double g0 = dy[p0 + j];
                double g1 = dy[p1 + j];
                a0 += g0;
                b0 += g0 * (x[p0 + j] - m0) * s0;
                a1 += g1;
                b1 += g1 * (x[p1 + j] - m1) * s1;
            }
        }
        sumDy[c0] = a0;
        sumDyXhat[c0] = b0;
        sumDy[c0 + 1] = a1;
        sumDyXhat[c0 + 1] = b1;
    }
}
