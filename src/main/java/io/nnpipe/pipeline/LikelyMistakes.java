package io.nnpipe.pipeline;

import io.nnpipe.config.Node;
import io.nnpipe.config.Problem;
import io.nnpipe.config.Params;
import io.nnpipe.layer.Layer;
import io.nnpipe.optim.DecayStability;
import io.nnpipe.optim.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Configs that are legal but almost always a mistake: warnings (not errors: the run goes on), each
 * at its place in the config, printed by {@code validate} and at the start of {@code train}. The set
 * is kept small and sound — each rule names something whose effect is provably nil or harmful:
 * <ul>
 * <li>a {@code dense} or {@code conv2d} bias directly before {@code batch_norm}: batch norm
 * subtracts every feature's (every channel's) mean over the batch, so a per-feature constant
 * cancels exactly; the bias's gradient is zero in exact arithmetic, only rounding noise, which
 * Adam's normalisation or weight decay turns into drift (docs/config.md "Checked against PyTorch").
 * PyTorch users write {@code bias=False} there.</li>
 * <li>SGD or AdamW with a learning rate and weight decay whose product makes the decay alone
 * grow the weights every step ({@link DecayStability}): the run diverges whatever the data.</li>
 * </ul>
 * A final {@code softmax} before {@code softmax_cross_entropy}, and a final {@code sigmoid} or
 * {@code softmax} before {@code sigmoid_cross_entropy}, are not warnings but errors (the losses'
 * {@code checkLastLayer}): the activation would be applied twice.
 */
final class LikelyMistakes {
    private LikelyMistakes() {
    }

    /** The warnings for the built {@code layers}, read by {@code builder}; each message starts with "warning: ". */
    static List<Problem> find(List<Layer> layers, NetworkBuilder builder) {
        List<Problem> warnings = new ArrayList<>();
        for (int i = 0; i + 1 < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (hasBias(layer) && layers.get(i + 1).type().equals("batch_norm")) {
                warnings.add(biasBeforeBatchNorm(layer, i, builder));
            }
        }
        return List.copyOf(warnings);
    }

    /**
     * The warning (or none) for an optimizer {@code spec} read from {@code opt} whose weight decay
     * alone diverges at the first epoch's rate {@code lr}, at the {@code weight_decay} key (or the
     * learning rate, when the decay is a default).
     */
    static List<Problem> decay(Params opt, OptimizerSpec spec, double lr) {
        String why = spec == null ? null : spec.decayDiverges(lr);
        if (why == null) {
            return List.of();
        }
        Node.MapNode node = opt.node();
        Node at = node.get("weight_decay") != null ? node.get("weight_decay")
                : node.get("learning_rate") != null ? node.get("learning_rate") : node;
        return List.of(new Problem(at.mark(), at.path(), "warning: " + why + "; the run will diverge"));
    }

    private static boolean hasBias(Layer layer) {
        return (layer.type().equals("dense") || layer.type().equals("conv2d"))
                && layer.parameters().stream().anyMatch(p -> p.name().equals("bias"));
    }

    private static Problem biasBeforeBatchNorm(Layer layer, int i, NetworkBuilder builder) {
        Node.MapNode node = builder.params(i).node();
        Node at = node.get("bias") != null ? node.get("bias") : node;
        String unit = layer.type().equals("conv2d") ? "channel" : "feature";
        return new Problem(at.mark(), at.path(), "warning: " + builder.where(i) + " adds a bias directly before "
                + builder.where(i + 1) + ", which subtracts every " + unit + "'s mean: the bias cancels out, its"
                + " gradient is only rounding noise (which Adam or weight decay turns into drift); write 'bias: false'"
                + " (PyTorch: bias=False)");
    }
}
