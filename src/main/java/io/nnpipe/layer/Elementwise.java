package io.nnpipe.layer;

/**
 * A layer whose output i depends on input i alone (activations), or, for softmax, one whose
 * Jacobian diagonal is worth showing. The trace records the local derivative so a reader can
 * follow the chain rule factor by factor, as the seed document does.
 */
public interface Elementwise {

    /**
     * Writes dy_i/dx_i for every element of the batch into {@code out} (for softmax: the diagonal
     * o_i(1 - o_i) of its Jacobian).
     */
    void localDerivative(Pass pass, LayerIO io, double[] out);
}
