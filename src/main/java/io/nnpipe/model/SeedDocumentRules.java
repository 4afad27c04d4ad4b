package io.nnpipe.model;

import io.nnpipe.layer.Activation;
import io.nnpipe.layer.Dense;
import io.nnpipe.layer.Layer;
import io.nnpipe.layer.LayerIO;
import io.nnpipe.layer.Pass;
import io.nnpipe.layer.Softmax;
import java.util.List;

/**
 * The two places where the seed document's hand arithmetic departs from the true gradient of its
 * own loss, kept here and nowhere else, each off unless asked for. With both on, the pipeline
 * reproduces the document's printed numbers; with both off (the default) gradients are exact.
 *
 * <ol>
 *   <li>{@code diagonal_softmax}: softmax backward uses only the Jacobian's diagonal,
 *       dx_i = dy_i · o_i(1 - o_i) (document §5-1 b), instead of o_i(dy_i - Σ_j dy_j o_j).
 *   <li>{@code softmax_factor_at_features}: the gradient at the pooled features, i.e. the input
 *       gradient of the first dense layer, is dx_i = Σ_j g_j · o_j(1 - o_j) · W_ij, where g is the
 *       gradient at the output of the activation that follows that dense layer and o the final
 *       softmax output (document §5-3, which multiplies by 0.2326 where ReLU' belongs). The dense
 *       layer's own weight and bias gradients stay exact, as in the document. This only makes
 *       sense when that layer has as many units as the network has outputs.
 * </ol>
 */
public record SeedDocumentRules(boolean diagonalSoftmax, boolean softmaxFactorAtFeatures) {

    /** The exact gradient: no rule on. */
    public static final SeedDocumentRules NONE = new SeedDocumentRules(false, false);

    public boolean any() {
        return diagonalSoftmax || softmaxFactorAtFeatures;
    }

    /**
     * Why these rules cannot apply to this chain of layers, or {@code null} when they can: both
     * need a final softmax; the second also needs a dense layer followed by an activation, with
     * as many units as the network has outputs.
     */
    public String check(List<Layer> layers) {
        if (!any()) {
            return null;
        }
        Layer last = layers.get(layers.size() - 1);
        if (!(last instanceof Softmax)) {
            return "the seed document's rules need a network that ends with a softmax layer; it ends with '"
                    + last.type() + "'";
        }
        if (softmaxFactorAtFeatures) {
            int d = firstDense(layers);
            if (d < 0 || d + 1 >= layers.size() || !(layers.get(d + 1) instanceof Activation)) {
                return "softmax_factor_at_features needs a dense layer followed by an activation (as the"
                        + " document's Wxh and ReLU)";
            }
            int units = layers.get(d).outputShape().size();
            int outputs = last.outputShape().size();
            if (units != outputs) {
                return "softmax_factor_at_features needs the first dense layer ('" + layers.get(d).name() + "', "
                        + units + " units) to have as many units as the network has outputs (" + outputs + ")";
            }
        }
        return null;
    }

    /** The network with these rules' overrides installed; {@link #check} must have passed. */
    public Network apply(Network net) {
        if (!any()) {
            return net;
        }
        List<Layer> layers = net.layers();
        Network.BackwardOverride[] o = new Network.BackwardOverride[layers.size()];
        if (diagonalSoftmax) {
            o[layers.size() - 1] = SeedDocumentRules::diagonalSoftmaxBackward;
        }
        if (softmaxFactorAtFeatures) {
            o[firstDense(layers)] = new FeatureGradient();
        }
        return net.withOverrides(o);
    }

    private static int firstDense(List<Layer> layers) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Dense) {
                return i;
            }
        }
        return -1;
    }

    /** Rule 1: dx_i = dy_i · o_i(1 - o_i). */
    private static void diagonalSoftmaxBackward(Pass pass, Network net, int i) {
        LayerIO io = net.io(i);
        if (io.dx() == null) {
            return;
        }
        int n = pass.batch() * net.layers().get(i).outputShape().size();
        for (int k = 0; k < n; k++) {
            double o = io.y()[k];
            io.dx()[k] = io.dy()[k] * (o * (1.0 - o));
        }
    }

    /** Rule 2, for the first dense layer: exact parameter gradients, the document's input gradient. */
    private static final class FeatureGradient implements Network.BackwardOverride {
        private double[] g;

        @Override
        public void backward(Pass pass, Network net, int d) {
            Dense dense = (Dense) net.layers().get(d);
            LayerIO io = net.io(d);
            dense.backward(pass, io);
            if (io.dx() == null) {
                return;
            }
            int units = dense.outputShape().size();
            double[] activationGrad = net.io(d + 1).dy();
            double[] out = net.output();
            int n = pass.batch();
            if (g == null || g.length < n * units) {
                g = new double[net.maxBatch() * units];
            }
            for (int k = 0; k < n * units; k++) {
                double o = out[k];
                g[k] = activationGrad[k] * (o * (1.0 - o));
            }
            dense.inputGradient(pass.parallel(), n, g, io.dx());
        }
    }
}
