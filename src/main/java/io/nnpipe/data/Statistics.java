package io.nnpipe.data;

/**
 * Per-channel mean and standard deviation of a dataset's inputs, for {@code normalize: train}.
 * Two passes in a fixed order (samples in order, values in row-major order, one running sum per
 * channel): mean = Σx / N, then std = √(Σ(x - mean)² / N) — the population (biased) deviation, as
 * torchvision's usual MNIST constants are computed; over 47 million values the two conventions
 * differ by one part in 10⁷.
 */
final class Statistics {
    private Statistics() {
    }

    /** {means, stds}, one per channel (a vector shape has one channel). */
    static double[][] of(Dataset data) {
        int size = data.shape().size();
        int channels = data.shape().rank() == 3 ? data.shape().channels() : 1;
        int plane = size / channels;
        double[] x = new double[size];
        double[] sum = new double[channels];
        for (int i = 0; i < data.size(); i++) {
            data.input(i, x, 0);
            for (int j = 0; j < size; j++) {
                sum[j / plane] += x[j];
            }
        }
        double n = (double) data.size() * plane;
        double[] mean = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = sum[c] / n;
        }
        double[] sq = new double[channels];
        for (int i = 0; i < data.size(); i++) {
            data.input(i, x, 0);
            for (int j = 0; j < size; j++) {
                double d = x[j] - mean[j / plane];
                sq[j / plane] += d * d;
            }
        }
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            std[c] = Math.sqrt(sq[c] / n);
        }
        return new double[][] {mean, std};
    }
}
