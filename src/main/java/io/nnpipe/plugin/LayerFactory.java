package io.nnpipe.plugin;

import io.nnpipe.config.Params;

/**
 * Makes one layer type from its config mapping, in two steps so that every problem can be found
 * in one pass: {@link #read} checks the keys on their own (no shapes known yet), and the
 * resulting spec builds the layer once the input shape is known.
 */
public interface LayerFactory {

    /**
     * Reads and checks the layer's own keys ({@code type} and {@code name} are already taken).
     * Problems go to {@code params}; the returned spec must still be safe to call
     * {@link LayerSpec#build} on, which may then report nothing further.
     */
    LayerSpec read(Params params, Registry registry);
}
