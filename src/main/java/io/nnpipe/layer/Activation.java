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
        int n = pass.batch() * shape.size();
        if (pass.parallel().threads() == 1 || n < 2 * BLOCK) {
            forward(io.x(), io.y(), 0, n);
        } else {
            run(pass, io, n, forwardTask);
        }
    }

    @Override
    public void backward(Pass pass, LayerIO io) {
        if (io.dx() == null) {
            return;
        }
        int n = pass.batch() * shape.size();
        if (pass.parallel().threads() == 1 || n < 2 * BLOCK) {
            backward(io.x(), io.y(), io.dy(), io.dx(), 0, n);
        } else {
            run(pass, io, n, backwardTask);
        }
    }

    /**
     * Runs a block task over the pass's {@code n} elements in blocks of {@link #BLOCK} on the
     * pass's threads (each element is computed on its own, so the split changes nothing but the
     * time; small batches and one thread call the loop directly).
     */
    private void run(Pass pass, LayerIO buffers, int n, Parallel.Task block) {
        this.io = buffers;
        this.elements = n;
        try {
            pass.parallel().forEach((n + BLOCK - 1) / BLOCK, block);
        } finally {
            this.io = null;
        }
    }

    private void forwardBlock(int t, int worker) {
        forward(io.x(), io.y(), t * BLOCK, Math.min(elements, (t + 1) * BLOCK));
    }

    private void backwardBlock(int t, int worker) {
        backward(io.x(), io.y(), io.dy(), io.dx(), t * BLOCK, Math.min(elements, (t + 1) * BLOCK));
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
