package io.nnpipe.layer;

import io.nnpipe.tensor.Shape;

/**
 * What the 2-D pooling layers share: a name and a {@link PoolWindow} over a fixed input shape,
 * and the {@link Layer} methods that follow from them alone. Subclasses add forward and backward.
 */
abstract class Pooling implements Layer {
    private final String name;
    /** The window geometry. */
    protected final PoolWindow w;
    /** The input's channels, height and width (copied from {@link #w} for the kernels' loops). */
    protected final int channels;
    protected final int height;
    protected final int width;

    Pooling(String name, PoolWindow w) {
        this.name = name;
        this.w = w;
        this.channels = w.channels;
        this.height = w.height;
        this.width = w.width;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Shape inputShape() {
        return w.inputShape();
    }

    @Override
    public Shape outputShape() {
        return w.outputShape();
    }

    @Override
    public String describe() {
        return w.describe();
    }
}
