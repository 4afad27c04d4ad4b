package io.nnpipe.train;

/**
 * Training cannot go on: the loss or a gradient is not finite. The message names the epoch, the
 * step, the samples and the layer where it happened; the command line exits with code 3.
 */
public final class TrainingFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingFault(String message) {
        super(message);
    }
}
