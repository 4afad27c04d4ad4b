package io.nnpipe.train;

/**
 * Metrics after one epoch (from 1). The training loss is the mean over all samples of the loss of
 * each sample's forward pass during the epoch (before its step's update); the training accuracy
 * counts those same predictions. Accuracies are NaN when targets are not classes; the test values
 * are NaN without a test set (they are computed after the epoch's last update).
 */
public record EpochRecord(int epoch, long lastStep, double trainLoss, double trainAccuracy, double testLoss,
        double testAccuracy) {
}
