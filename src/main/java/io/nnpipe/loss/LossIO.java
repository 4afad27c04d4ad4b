package io.nnpipe.loss;

/**
 * A loss's buffers for a batch, reused across steps: the network's predictions and the targets
 * (both {@code width} values per sample), and the outputs: per-sample loss values and the gradient
 * of the batch-mean loss with respect to the predictions.
 */
public record LossIO(int width, double[] pred, double[] target, double[] losses, double[] grad) {
}
