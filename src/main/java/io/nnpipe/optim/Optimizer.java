package io.nnpipe.optim;

import io.nnpipe.kernel.Parallel;
import io.nnpipe.tensor.Parameter;
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

    /**
     * Whether a non-finite gradient element always makes the value it updates non-finite: a NaN
     * or infinity that only ever passes through additions, subtractions, multiplications, square
     * roots and numerators of divisions stays NaN or infinite (×0 and ∞−∞ give NaN). When true,
     * the trainer skips its pass over every gradient before the update: finite parameters after
     * it prove the gradients were finite, and only when some parameter is not does it look at the
     * gradients, to report a non-finite gradient first, as always. (After such a fault the
     * parameters in memory hold the failed step's update; nothing writes them.) False by default:
     * an optimizer that skips or clips non-finite gradients must not claim it.
     */
    default boolean nonFiniteGradientsReachParameters() {
        return false;
    }

    /**
     * Why the update just made left element {@code index} of {@code p} not finite, when the
     * optimizer's own arithmetic is the cause (e.g. 0/0 with a zero epsilon) rather than the size
     * of the step, as a clause for the training fault's message; null otherwise (then a smaller
     * learning rate is advised). By default null.
     */
    default String whyNotFinite(Parameter p, int index) {
        return null;
    }

    /**
     * Why weight decay alone makes the weights diverge at learning rate {@code lr}, whatever the
     * gradients ({@link DecayStability}), as a clause for a training fault's message; null when it
     * does not (or the optimizer cannot tell). By default null.
     */
    default String decayDiverges(double lr) {
        return null;
    }

    /**
     * How many elements of {@code p} their gradients can no longer move: the optimizer's running
     * average of squared gradients overflowed to infinity there (a gradient of the order of 1e155: its square overflows),
     * and every later update divides by its root, so the gradient's part of the step is 0 for the
     * rest of the run (as in PyTorch). 0 by default.
     */
    default int gradientBlind(Parameter p) {
        return 0;
    }

    /** The optimizer's state (e.g. momentum buffers), by name, for checkpoints. Copies. */
    Map<String, double[]> saveState();

    /** Restores what {@link #saveState()} returned. */
    void loadState(Map<String, double[]> state);
}
