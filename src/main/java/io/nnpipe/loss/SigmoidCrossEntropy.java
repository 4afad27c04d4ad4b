package io.nnpipe.loss;

import io.nnpipe.config.Node;
import io.nnpipe.config.Numbers;
import io.nnpipe.config.Params;
import io.nnpipe.layer.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * Sigmoid fused with binary cross-entropy, on raw scores (logits) — PyTorch's
 * {@code BCEWithLogitsLoss}, for binary (one output, labels 0 and 1) and multi-label heads. Per
 * sample, summed over the outputs as {@link BinaryCrossEntropy} sums (PyTorch's default
 * {@code reduction='mean'} averages over the outputs too: ours is that times the number of outputs):
 * <pre>
 *   L = Σ_i (1 - t_i)·z_i + w_i·softplus(-z_i),   w_i = 1 + (p_i - 1)·t_i   (p = pos_weight, default 1)
 * </pre>
 * which without {@code pos_weight} is Σ_i max(z_i, 0) - z_i·t_i + log1p(exp(-|z_i|)). It is computed
 * per sign so that nothing overflows or cancels: for z ≥ 0, (1 - t)·z + w·log1p(exp(-z)); for z &lt; 0,
 * -z·p·t + w·log1p(exp(z)). Gradient d(mean)/dz_i = (w_i·σ(z_i) - p_i·t_i) / n, written as
 * (1 - t) - w·(1 - σ(z)) for z ≥ 0 and w·σ(z) - p·t for z &lt; 0, with 1 - σ(z) = e/(1 + e), e = exp(-z),
 * and σ(z) = e/(1 + e), e = exp(z): finite for every finite z (±1e300 included), never 0/0.
 * NOTE: a final sigmoid or softmax is refused (the sigmoid would be applied twice, as a softmax
 * before {@link SoftmaxCrossEntropy} is refused).
 */
public final class SigmoidCrossEntropy implements Loss {
    /** The largest {@code pos_weight} accepted: well past any class imbalance, far from overflow. */
    private static final double MAX_POS_WEIGHT = 1e9;
    /** One weight per output, or one for all (length 1), or null: none (every weight 1). */
    private final double[] posWeight;

    /** Without {@code pos_weight}. */
    public SigmoidCrossEntropy() {
        this(null);
    }

    /** With {@code pos_weight}: one number for every output, or one per output; null for none. */
    public SigmoidCrossEntropy(double[] posWeight) {
        this.posWeight = posWeight == null ? null : posWeight.clone();
    }

    /** Reads {@code pos_weight} (optional): a number ≥ 0, or a list of them, one per output. */
    public static Loss read(Params p) {
        if (!p.has("pos_weight")) {
            return new SigmoidCrossEntropy();
        }
        Node n = p.raw("pos_weight");
        if (!(n instanceof Node.ListNode list)) {
            return new SigmoidCrossEntropy(new double[] {p.number("pos_weight", 0, MAX_POS_WEIGHT)});
        }
        List<Double> values = new ArrayList<>();
        for (Node item : list.items()) {
            Double v = Numbers.toDouble(item);
            if (v == null || !(v >= 0 && v <= MAX_POS_WEIGHT)) {
                p.diagnostics().error(item, "expected a number >= 0 and <= 1e9 (pos_weight of one output), found "
                        + item.describe());
                return new SigmoidCrossEntropy();
            }
            values.add(v);
        }
        if (values.isEmpty()) {
            p.error("pos_weight", "expected a number >= 0, or a list of them, one per output, found an empty list");
            return new SigmoidCrossEntropy();
        }
        p.resolve("pos_weight", values);
        return new SigmoidCrossEntropy(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Override
    public String id() {
        return "sigmoid_cross_entropy";
    }

    @Override
    public String checkLastLayer(Layer last) {
        if (last.type().equals("sigmoid") || last.type().equals("softmax")) {
            return "sigmoid_cross_entropy applies the sigmoid itself and expects raw scores (logits); remove the final "
                    + last.type() + " layer, or use 'binary_cross_entropy' on probabilities";
        }
        int outputs = last.outputShape().size();
        if (posWeight != null && posWeight.length != 1 && posWeight.length != outputs) {
            return "sigmoid_cross_entropy's pos_weight has " + posWeight.length + " values; expected one number, or "
                    + outputs + " (one per output of the network)";
        }
        return null;
    }

    /** The logit 0 is the probability 0.5: a single output predicts class 1 from 0 on. */
    @Override
    public double decisionThreshold() {
        return 0.0;
    }

    @Override
    public void compute(int n, LossIO io) {
        int w = io.width();
        double[] z = io.pred();
        double[] t = io.target();
        double[] g = io.grad();
        for (int s = 0; s < n; s++) {
            double loss = 0;
            for (int i = s * w; i < (s + 1) * w; i++) {
                double pw = posWeight == null ? 1.0 : posWeight[posWeight.length == 1 ? 0 : i - s * w];
                double lw = posWeight == null ? 1.0 : 1 + (pw - 1) * t[i];
                double x = z[i];
                if (x >= 0) {
                    double e = StrictMath.exp(-x);
                    loss += (1 - t[i]) * x + lw * StrictMath.log1p(e);
                    g[i] = ((1 - t[i]) - lw * (e / (1 + e))) / n;
                } else {
                    // also NaN: the loss is then NaN and stops the run, naming where the NaN began
                    double e = StrictMath.exp(x);
                    loss += -x * (pw * t[i]) + lw * StrictMath.log1p(e);
                    g[i] = (lw * (e / (1 + e)) - pw * t[i]) / n;
                }
            }
            io.losses()[s] = loss;
        }
    }
}
