package io.nnpipe.train;

/**
 * Metrics after one epoch (from 1). The training loss is the mean over all samples of the loss of
 * each sample's forward pass during the epoch (before its step's update); the training accuracy
 * counts those same predictions. Accuracies are NaN when targets are not classes; the test values
 * are NaN without a test set (they are computed after the epoch's last update). {@code
 * testNonFinite} is the number (from 1) of the first test sample whose loss is not finite, 0 when
 * none is: then a NaN test loss is a NaN, not a missing test set (QA's eighth pass: it was written
 * as an empty cell).
 */
public record EpochRecord(int epoch, long lastStep, double trainLoss, double trainAccuracy, double testLoss,
        double testAccuracy, int testNonFinite) {

    /** A record whose test losses were all finite (or that had no test set). */
    public EpochRecord(int epoch, long lastStep, double trainLoss, double trainAccuracy, double testLoss,
            double testAccuracy) {
        this(epoch, lastStep, trainLoss, trainAccuracy, testLoss, testAccuracy, 0);
    }
}
