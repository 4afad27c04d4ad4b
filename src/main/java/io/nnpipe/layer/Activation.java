package io.nnpipe.layer;

import io.nnpipe.plugin.LayerContext;
import io.nnpipe.tensor.Shape;

/**
 * An element-wise activation y_i = f(x_i); backward is dx_i = dy_i · f'(x_i), with f' written
 * in terms of x and y so each subclass states only its function and its derivative.
 */
public abstract class Activation implements Layer, Elementwise {
    private final String name;
    private final Shape shape;

    protected Activation(LayerContext ctx) {
        this.name = ctx.name();
        this.shape = ctx.input();
    }

    /** f(x). */
    protected abstract double apply(double x);

    /** f'(x), given x and y = f(x). */
    protected abstract double derivative(double x, double y);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Shape inputShape() {
        return shape;
    }

    @Override
    public final Shape outputShape() {
        return shape;
    }

    @Override
    public void forward(Pass pass, LayerIO io) {
        double[] x = io.x();
        double[] y = io.y();
        int n = pass.batch() * shape.size();
        for (int i = 0; i < n; i++) {
            y[i] = apply(x[i]);
        }
    }

    @Override
    public void backward(Pass pass, LayerIO io) {
        if (io.dx() == null) {
            return;
        }
        double[] x = io.x();
        double[] y = io.y();
        double[] dy = io.dy();
        double[] dx = io.dx();
        int n = pass.batch() * shape.size();
        for (int i = 0; i < n; i++) {
            dx[i] = dy[i] * derivative(x[i], y[i]);
        }
    }

    @Override
    public void localDerivative(Pass pass, LayerIO io, double[] out) {
        int n = pass.batch() * shape.size();
        for (int i = 0; i < n; i++) {
            out[i] = derivative(io.x()[i], io.y()[i]);
        }
    }
}
