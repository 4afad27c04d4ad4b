package io.nnpipe.layer;

import io.nnpipe.config.Params;
import io.nnpipe.output.Num;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.plugin.LayerSpec;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Rng;
import io.nnpipe.tensor.Shape;

/**
 * Inverted dropout: while training, each value is kept with probability 1 - rate and then scaled
 * by 1 / (1 - rate), or set to 0; at inference the layer passes values unchanged (so no rescaling
 * is needed there), as PyTorch's {@code Dropout}.
 *
 * <p>The mask of a step is drawn from {@code Rng.derive(seed, "dropout/" + name + "/" + step)}:
 * one draw per value of the batch, in order, value kept when the draw (uniform in [0, 1)) is at
 * least the rate. It depends only on the run's seed, the layer's name and the global step — not on
 * any carried generator state — so a resumed run draws the same masks, and backward redraws the
 * forward pass's mask instead of storing it. NOTE: the masks are this tool's own; they cannot
 * match PyTorch's generator.
 */
public final class Dropout implements Layer, Elementwise {
    private final String name;
    private final Shape shape;
    private final double rate;
    private final double scale;
    private final long seed;

    /** Reads {@code rate} (the probability of dropping a value, in [0, 1); default 0.5). */
    public static LayerSpec read(Params p, Registry registry) {
        double rate = p.number("rate", 0.5, 0.0, Math.nextDown(1.0));
        return ctx -> new Dropout(ctx, rate);
    }

    private Dropout(LayerContext ctx, double rate) {
        this.name = ctx.name();
        this.shape = ctx.input();
        this.rate = rate;
        this.scale = 1.0 / (1.0 - rate);
        this.seed = ctx.seed();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "dropout";
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
    public String describe() {
        return "rate " + Num.format(rate);
    }

    /** Fills {@code out} with each value's factor for this pass: 0 or 1/(1 - rate) when training, else 1. */
    private void factors(Pass pass, double[] out, int n) {
        if (!pass.training() || rate == 0) {
            java.util.Arrays.fill(out, 0, n, 1.0);
            return;
        }
        Rng rng = Rng.derive(seed, "dropout/" + name + "/" + pass.step());
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextDouble() >= rate ? scale : 0.0;
        }
    }

    @Override
    public void forward(Pass pass, LayerIO io) {
        int n = pass.batch() * shape.size();
        if (!pass.training() || rate == 0) {
            System.arraycopy(io.x(), 0, io.y(), 0, n);
            return;
        }
        Rng rng = Rng.derive(seed, "dropout/" + name + "/" + pass.step());
        for (int i = 0; i < n; i++) {
            io.y()[i] = rng.nextDouble() >= rate ? io.x()[i] * scale : 0.0;
        }
    }

    @Override
    public void backward(Pass pass, LayerIO io) {
        if (io.dx() == null) {
            return;
        }
        int n = pass.batch() * shape.size();
        if (!pass.training() || rate == 0) {
            System.arraycopy(io.dy(), 0, io.dx(), 0, n);
            return;
        }
        Rng rng = Rng.derive(seed, "dropout/" + name + "/" + pass.step());
        for (int i = 0; i < n; i++) {
            io.dx()[i] = rng.nextDouble() >= rate ? io.dy()[i] * scale : 0.0;
        }
    }

    @Override
    public void localDerivative(Pass pass, LayerIO io, double[] out) {
        factors(pass, out, pass.batch() * shape.size());
    }
}
