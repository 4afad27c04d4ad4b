package io.nnpipe.layer;

import io.nnpipe.kernel.Parallel;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.tensor.Shape;

/**
 * An element-wise activation y_i = f(x_i); backward is dx_i = dy_i · f'(x_i), with f' written
 * in terms of x and y so each subclass states only its function and its derivative.
 */
public abstract class Activation implements Layer, Elementwise {
    /** Elements per task when a pass runs on several threads. */
    static final int BLOCK = 8192;
    private final String name;
    private final Shape shape;
    /** The buffers and element count of the call in progress, read by its tasks. */
    private LayerIO io;
    private int elements;
    private final Parallel.Task forwardTask = this::forwardBlock;
    private final Parallel.Task backwardTask = this::backwardBlock;

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
        run(pass, io, forwardTask);
    }

    @Override
    public void backward(Pass pass, LayerIO io) {
        if (io.dx() != null) {
            run(pass, io, backwardTask);
        }
    }

    /**
     * Runs a block task over the pass's elements: on one thread, or in blocks of {@link #BLOCK}
     * elements on the pass's threads (each element is computed on its own, so the split changes
     * nothing but the time).
     */
    private void run(Pass pass, LayerIO buffers, Parallel.Task block) {
        int n = pass.batch() * shape.size();
        this.io = buffers;
        this.elements = n;
        try {
            if (pass.parallel().threads() == 1 || n < 2 * BLOCK) {
                block.run(-1, 0);
            } else {
                pass.parallel().forEach((n + BLOCK - 1) / BLOCK, block);
            }
        } finally {
            this.io = null;
        }
    }

    private void forwardBlock(int t, int worker) {
        int from = t < 0 ? 0 : t * BLOCK;
        int to = t < 0 ? elements : Math.min(elements, from + BLOCK);
        forward(io.x(), io.y(), from, to);
    }

    private void backwardBlock(int t, int worker) {
        int from = t < 0 ? 0 : t * BLOCK;
        int to = t < 0 ? elements : Math.min(elements, from + BLOCK);
        backward(io.x(), io.y(), io.dy(), io.dx(), from, to);
    }

    /** y[i] = f(x[i]) for i in [from, to). */
    protected void forward(double[] x, double[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = apply(x[i]);
        }
    }

    /** dx[i] = dy[i] · f'(x[i]) for i in [from, to). */
    protected void backward(double[] x, double[] y, double[] dy, double[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
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
