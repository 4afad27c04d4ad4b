package io.nnpipe.optim;

import io.nnpipe.kernel.Parallel;
import java.util.Map;

/**
 * Updates a fixed list of parameters from their gradients. Lifecycle: created for the parameters
 * (state zeroed), then {@link #step(double)} once per batch after backward; its state can be saved
 * and restored for checkpoints.
 */
public interface Optimizer {

    /** Applies one update with learning rate {@code lr}, reading each parameter's gradient. */
    void step(double lr);

    /**
     * The same update, its independent element-wise work spread over the threads of
     * {@code parallel}; the same bits as {@link #step(double)}. By default: {@code step(lr)}.
     */
    default void step(double lr, Parallel parallel) {
        step(lr);
    }

    /** The optimizer's state (e.g. momentum buffers), by name, for checkpoints. Copies. */
    Map<String, double[]> saveState();

    /** Restores what {@link #saveState()} returned. */
    void loadState(Map<String, double[]> state);
}
