package io.nnpipe.train;

import io.nnpipe.data.Dataset;

/** Copies a batch of samples, in a given order, into the network's input buffer and a target buffer. */
final class Batches {
    private final Dataset data;
    private final double[] targets;
    private final int[] labels;

    Batches(Dataset data, int maxBatch) {
        this.data = data;
        this.targets = new double[maxBatch * data.targetWidth()];
        this.labels = new int[maxBatch];
    }

    /** Loads samples order[start .. start + n) into {@code input}, {@link #targets()} and {@link #labels()}. */
    void load(int[] order, int start, int n, double[] input) {
        int size = data.shape().size();
        for (int i = 0; i < n; i++) {
            int s = order[start + i];
            data.input(s, input, i * size);
            loadTarget(i, s);
        }
    }

    /** Loads the targets and labels of samples first .. first + n), in the dataset's order (the inputs are not copied). */
    void loadTargets(int first, int n) {
        for (int i = 0; i < n; i++) {
            loadTarget(i, first + i);
        }
    }

    private void loadTarget(int i, int sample) {
        data.target(sample, targets, i * data.targetWidth());
        labels[i] = data.label(sample);
    }

    double[] targets() {
        return targets;
    }

    int[] labels() {
        return labels;
    }
}
