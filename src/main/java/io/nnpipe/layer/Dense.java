package io.nnpipe.layer;

import io.nnpipe.config.Params;
import io.nnpipe.init.Fans;
import io.nnpipe.init.ParamInit;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.kernel.TiledProduct;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.plugin.LayerSpec;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import java.util.List;

/**
 * Fully connected layer: y = x·W + b, with W stored [inputs][units] (row i holds the weights
 * leaving input i, as in the seed document's Wxh) and b of length units. Each y_j starts from
 * b_j and adds x_i·W_ij in increasing i.
 *
 * <p>Backward: dW += xᵀ·dy (summed over the batch in sample order), db += Σ dy, dx = dy·Wᵀ.
 * Each product runs as fixed tiles of its output on the pass's threads ({@link TiledProduct}).
 * Config keys: {@code units} (required), {@code inputs} (optional check of the incoming size),
 * {@code weight} (explicit [inputs][units] or initializer, default {@code he_uniform}),
 * {@code bias} (explicit [units], initializer, or false; default {@code zeros}).
 */
public final class Dense implements Layer {
    private final String name;
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private final TiledProduct forwardProduct = new TiledProduct();
    private final TiledProduct weightProduct = new TiledProduct();
    private final TiledProduct inputProduct = new TiledProduct();

    /** Checked settings. */
    public record Spec(int units, int inputs, ParamInit weight, ParamInit bias) implements LayerSpec {
        @Override
        public Layer build(LayerContext ctx) {
            Shape input = ctx.input();
            if (input.rank() != 1) {
                ctx.error(null, "dense needs a vector input, found shape " + input
                        + "; add a 'flatten' layer before it");
                return null;
            }
            if (inputs > 0 && inputs != input.dim(0)) {
                ctx.error("inputs", "expected 'inputs' to match the incoming size " + input.dim(0) + ", found " + inputs);
                return null;
            }
            int n = input.dim(0);
            Fans fans = new Fans(n, units);
            Parameter w = ctx.parameter("weight", weight, Shape.of(n, units), fans);
            Parameter b = bias instanceof ParamInit.Off ? null : ctx.parameter("bias", bias, Shape.of(units), fans);
            if (w == null || (b == null && !(bias instanceof ParamInit.Off))) {
                return null;
            }
            return new Dense(ctx.name(), n, units, w, b);
        }
    }

    /** Reads {@code units}, {@code inputs}, {@code weight} and {@code bias}. */
    public static LayerSpec read(Params p, Registry registry) {
        int units = p.integer("units", 1, 1 << 24);
        int inputs = p.integer("inputs", 0, 0, 1 << 24);
        ParamInit w = ParamInit.read(p, "weight", "he_uniform", false, registry);
        ParamInit b = ParamInit.read(p, "bias", "zeros", true, registry);
        return new Spec(units, inputs, w, b);
    }

    private Dense(String name, int in, int out, Parameter weight, Parameter bias) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.weight = weight;
        this.bias = bias;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "dense";
    }

    @Override
    public Shape inputShape() {
        return Shape.of(in);
    }

    @Override
    public Shape outputShape() {
        return Shape.of(out);
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    /** The weight, [inputs][units]. */
    public Parameter weight() {
        return weight;
    }

    @Override
    public String describe() {
        return in + " -> " + out + (bias == null ? ", no bias" : "");
    }

    @Override
    public void forward(Pass pass, LayerIO io) {
        int n = pass.batch();
        double[] y = io.y();
        for (int s = 0; s < n; s++) {
            if (bias != null) {
                System.arraycopy(bias.value(), 0, y, s * out, out);
            } else {
                java.util.Arrays.fill(y, s * out, (s + 1) * out, 0.0);
            }
        }
        forwardProduct.run(pass.parallel(), n, out, in, io.x(), 0, in, 1, weight.value(), 0, out, 1, y, 0, out);
    }

    @Override
    public void backward(Pass pass, LayerIO io) {
        int n = pass.batch();
        double[] dy = io.dy();
        // dW[i][j] += Σ_s x[s][i]·dy[s][j]: A = xᵀ, read with strides (1, in).
        weightProduct.run(pass.parallel(), in, out, n, io.x(), 0, 1, in, dy, 0, out, 1, weight.grad(), 0, out);
        if (bias != null) {
            double[] db = bias.grad();
            for (int s = 0; s < n; s++) {
                for (int j = 0; j < out; j++) {
                    db[j] += dy[s * out + j];
                }
            }
        }
        if (io.dx() != null) {
            inputGradient(pass.parallel(), n, dy, io.dx());
        }
    }

    /** dx = g·Wᵀ for {@code n} samples: dx_i = Σ_j g_j·W_ij in increasing j (dx overwritten). */
    public void inputGradient(Parallel parallel, int n, double[] g, double[] dx) {
        java.util.Arrays.fill(dx, 0, n * in, 0.0);
        // B = Wᵀ, read with strides (1, out).
        inputProduct.run(parallel, n, in, out, g, 0, out, 1, weight.value(), 0, 1, out, dx, 0, in);
    }
}
