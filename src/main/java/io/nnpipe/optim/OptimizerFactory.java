package io.nnpipe.optim;

import io.nnpipe.config.Params;

/**
 * Reads one optimizer type's settings. The keys {@code type}, {@code learning_rate},
 * {@code schedule}, {@code clip_grad_norm} and {@code clip_grad_value} are common to all
 * optimizers and read by the pipeline (clipping wraps any optimizer: {@link GradientClipping}).
 */
public interface OptimizerFactory {

    /** Reads the optimizer's own keys; problems go to {@code params}. */
    OptimizerSpec read(Params params);
}
