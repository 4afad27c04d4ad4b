package io.nnpipe.layer;

import io.nnpipe.kernel.Parallel;

/**
 * What a forward or backward call needs to know about the current pass: how many samples the
 * batch holds (buffers may be larger), whether this is training (dropout, batch statistics), the
 * global step number (from 1; 0 outside training), from which layers that draw random numbers
 * derive them (so a resumed run draws the same ones), and where kernels may run their tasks.
 */
public record Pass(int batch, boolean training, long step, Parallel parallel) {
    public Pass {
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be positive: " + batch);
        }
    }

    /** A single-threaded pass. */
    public static Pass of(int batch, boolean training) {
        return new Pass(batch, training, 0, Parallel.SERIAL);
    }

    /** A single-threaded inference pass. */
    public static Pass inference(int batch) {
        return new Pass(batch, false, 0, Parallel.SERIAL);
    }
}
