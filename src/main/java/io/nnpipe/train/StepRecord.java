package io.nnpipe.train;

/**
 * One optimizer step: its epoch and global step number (both from 1), the dataset index (from 1)
 * of the batch's first sample, the batch size, the mean loss of the forward pass before the update,
 * and the learning rate used.
 */
public record StepRecord(int epoch, long step, int firstSample, int batchSize, double loss, double learningRate) {
}
