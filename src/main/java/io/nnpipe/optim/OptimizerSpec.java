package io.nnpipe.optim;

import io.nnpipe.tensor.Parameter;
import java.util.List;

/** An optimizer's checked settings (immutable), ready to be bound to a network's parameters. */
public interface OptimizerSpec {

    /** A new optimizer with zeroed state for these parameters. */
    Optimizer create(List<Parameter> parameters);
}
