package io.nnpipe.optim;

import io.nnpipe.tensor.Parameter;
import java.util.List;

/** An optimizer's checked settings (immutable), ready to be bound to a network's parameters. */
public interface OptimizerSpec {

    /** A new optimizer with zeroed state for these parameters. */
    Optimizer create(List<Parameter> parameters);

    /**
     * Why weight decay alone makes the weights diverge at learning rate {@code lr}
     * ({@link Optimizer#decayDiverges}), for a warning before training; null by default.
     */
    default String decayDiverges(double lr) {
        return null;
    }
}
