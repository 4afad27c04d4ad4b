package io.nnpipe.layer;

import io.nnpipe.config.Params;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.plugin.LayerSpec;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Shape;

/**
 * Softmax over all values of each sample: o_i = e^(x_i - m) / Σ_j e^(x_j - m), m = max x (the
 * shift changes nothing mathematically and prevents overflow). Backward uses the full Jacobian
 * diag(o) - o·oᵀ: dx_i = o_i (dy_i - Σ_j dy_j o_j), the sum in increasing j.
 */
public final class Softmax implements Layer, Elementwise {
    private final String name;
    private final Shape shape;

    /** Reads nothing. */
    public static LayerSpec read(Params p, Registry r) {
        return Softmax::new;
    }

    private Softmax(LayerContext ctx) {
        this.name = ctx.name();
        this.shape = ctx.input();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "softmax";
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public void forward(Pass pass, LayerIO io) {
        int w = shape.size();
        double[] x = io.x();
        double[] y = io.y();
        for (int s = 0; s < pass.batch(); s++) {
            int o = s * w;
            double m = x[o];
            for (int i = 1; i < w; i++) {
                m = Math.max(m, x[o + i]);
            }
            double sum = 0;
            for (int i = 0; i < w; i++) {
                y[o + i] = StrictMath.exp(x[o + i] - m);
                sum += y[o + i];
            }
            for (int i = 0; i < w; i++) {
                y[o + i] /= sum;
            }
        }
    }

    @Override
    public void backward(Pass pass, LayerIO io) {
        if (io.dx() == null) {
            return;
        }
        int w = shape.size();
        double[] y = io.y();
        double[] dy = io.dy();
        double[] dx = io.dx();
        for (int s = 0; s < pass.batch(); s++) {
            int o = s * w;
            double dot = 0;
            for (int j = 0; j < w; j++) {
                dot += dy[o + j] * y[o + j];
            }
            for (int i = 0; i < w; i++) {
                dx[o + i] = y[o + i] * (dy[o + i] - dot);
            }
        }
    }

    /** The Jacobian's diagonal, o_i (1 - o_i). */
    @Override
    public void localDerivative(Pass pass, LayerIO io, double[] out) {
        int n = pass.batch() * shape.size();
        for (int i = 0; i < n; i++) {
            out[i] = io.y()[i] * (1.0 - io.y()[i]);
        }
    }
}
