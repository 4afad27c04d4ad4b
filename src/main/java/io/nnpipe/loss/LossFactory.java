package io.nnpipe.loss;

import io.nnpipe.config.Params;

/** Reads one loss type's settings. */
public interface LossFactory {

    /** Reads the keys other than {@code type}; problems go to {@code params}. */
    Loss read(Params params);
}
