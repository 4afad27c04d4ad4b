package io.nnpipe.plugin;

import io.nnpipe.layer.Layer;

/** A layer's checked settings (immutable), ready to be built for an input shape. */
public interface LayerSpec {

    /**
     * Builds the layer for {@code ctx.input()}, reporting shape problems through {@code ctx};
     * returns {@code null} if the layer cannot be built (a problem has then been reported).
     */
    Layer build(LayerContext ctx);
}
