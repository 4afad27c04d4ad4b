package io.nnpipe.layer;

import io.nnpipe.config.Params;
import io.nnpipe.plugin.LayerSpec;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Shape;

/**
 * Reshapes each sample to a vector in row-major order ([c][h][w] → c·h·w); the seed document's
 * "vectorization". Values are copied unchanged both ways.
 */
public final class Flatten implements Layer {
    private final String name;
    private final Shape in;

    /** Reads nothing: flatten has no settings. */
    public static LayerSpec read(Params p, Registry registry) {
        return ctx -> new Flatten(ctx.name(), ctx.input());
    }

    private Flatten(String name, Shape in) {
        this.name = name;
        this.in = in;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "flatten";
    }

    @Override
    public Shape inputShape() {
        return in;
    }

    @Override
    public Shape outputShape() {
        return Shape.of(in.size());
    }

    @Override
    public void forward(Pass pass, LayerIO io) {
        System.arraycopy(io.x(), 0, io.y(), 0, pass.batch() * in.size());
    }

    @Override
    public void backward(Pass pass, LayerIO io) {
        if (io.dx() != null) {
            System.arraycopy(io.dy(), 0, io.dx(), 0, pass.batch() * in.size());
        }
    }
}
