package io.nnpipe.train;

import io.nnpipe.data.Dataset;

/** Classification counting. NOTE: the predicted class is the first maximum output (ties go to the lower index). */
public final class Metrics {
    private Metrics() {
    }

    /** Index of the first maximum of {@code v[off .. off + w)}. */
    public static int argmax(double[] v, int off, int w) {
        int best = 0;
        for (int i = 1; i < w; i++) {
            if (v[off + i] > v[off + best]) {
                best = i;
            }
        }
        return best;
    }

    /** How many of the first n samples with a label (>= 0) are predicted correctly. */
    public static int correct(double[] out, int[] labels, int n, int w) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] >= 0 && argmax(out, i * w, w) == labels[i]) {
                c++;
            }
        }
        return c;
    }

    /** Whether every sample of the set has a class label. */
    public static boolean hasClasses(Dataset d) {
        for (int i = 0; i < d.size(); i++) {
            if (d.label(i) < 0) {
                return false;
            }
        }
        return d.size() > 0;
    }
}
