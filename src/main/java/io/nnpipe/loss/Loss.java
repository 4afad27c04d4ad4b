package io.nnpipe.loss;

import io.nnpipe.layer.Layer;

/**
 * A training objective. The loss of a batch is the mean of its per-sample losses; the gradient it
 * writes is the gradient of that mean. Per-sample sums run over the outputs in index order.
 */
public interface Loss {

    /** The registry id, e.g. {@code softmax_cross_entropy}. */
    String id();

    /**
     * Whether this loss fits the network's last layer; returns a message saying what would fit,
     * or {@code null} when it does.
     */
    default String checkLastLayer(Layer last) {
        return null;
    }

    /** Whether targets must be class labels (one-hot), not arbitrary vectors. */
    default boolean needsClassLabels() {
        return false;
    }

    /**
     * For a network of one output trained on the labels 0 and 1: the output value from which on
     * class 1 is predicted (accuracy, {@code evaluate}, {@code predict}). 0.5 for probabilities; a
     * loss on logits (where 0 is the probability 0.5) says 0.
     */
    default double decisionThreshold() {
        return 0.5;
    }

    /**
     * For the first {@code n} samples: writes {@code io.losses[i]} and overwrites {@code io.grad}
     * with d(mean loss)/d(pred).
     */
    void compute(int n, LossIO io);
}
