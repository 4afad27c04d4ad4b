package io.nnpipe.train;

import io.nnpipe.data.ClassTargets;
import io.nnpipe.data.Dataset;

/**
 * Classification counting. The predicted class is {@link ClassTargets#predicted}: the first
 * maximum output (ties go to the lower index), or for a single output 1 when it is at least the
 * loss's threshold (0.5; 0 for logits).
 */
public final class Metrics {
    private Metrics() {
    }

    /** How many of the first n samples with a label (>= 0) are predicted correctly (one output: from 0.5 on). */
    public static int correct(double[] out, int[] labels, int n, int w) {
        return correct(out, labels, n, w, 0.5);
    }

    /** As {@link #correct(double[], int[], int, int)}, one output predicting class 1 from {@code threshold} on. */
    public static int correct(double[] out, int[] labels, int n, int w, double threshold) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] >= 0 && ClassTargets.predicted(out, i * w, w, threshold) == labels[i]) {
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
