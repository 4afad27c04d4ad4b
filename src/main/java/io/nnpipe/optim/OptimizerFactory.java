package io.nnpipe.optim;

import io.nnpipe.config.Params;

/**
 * Reads one optimizer type's settings. The keys {@code type}, {@code learning_rate} and
 * {@code schedule} are common to all optimizers and read by the pipeline.
 */
public interface OptimizerFactory {

    /** Reads the optimizer's own keys; problems go to {@code params}. */
    OptimizerSpec read(Params params);
}
