package io.nnpipe.plugin;

import io.nnpipe.init.Fans;
import io.nnpipe.init.ParamInit;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;

/** What a layer spec gets when it is built: its name, its input shape, and services. */
public interface LayerContext {

    /** The layer's unique name. */
    String name();

    /** The shape of one input sample. */
    Shape input();

    /**
     * The run's seed, for layers that draw random numbers while training (e.g. dropout): derive
     * a stream per use with {@link io.nnpipe.tensor.Rng#derive(long, String)} from the seed, the
     * layer's name and {@link io.nnpipe.layer.Pass#step()}.
     */
    long seed();

    /** Reports a problem at one of the layer's keys (or at the layer itself when the key is absent). */
    void error(String key, String message);

    /**
     * Creates a parameter's values: the explicit numbers given in the config (checked against
     * {@code shape}) or the initializer's, drawn from a random stream derived from the run's seed
     * and the layer and parameter names. Returns {@code null} after reporting a problem.
     */
    Parameter parameter(String paramName, ParamInit init, Shape shape, Fans fans);
}
