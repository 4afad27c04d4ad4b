package io.nnpipe.init;

import io.nnpipe.tensor.Rng;

/** Fills a parameter's initial values, drawing randomness only from the generator it is given. */
public interface Initializer {

    /** Overwrites {@code values} (row-major), drawing in index order from {@code rng}. */
    void fill(double[] values, Fans fans, Rng rng);
}
