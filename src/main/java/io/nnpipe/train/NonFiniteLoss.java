package io.nnpipe.train;

import io.nnpipe.loss.LossIO;
import io.nnpipe.output.Num;
import java.util.function.IntUnaryOperator;

/**
 * Says why a loss is not finite although every layer's output is: names the first sample of the
 * batch whose loss is not finite and, from its outputs and targets, the likely cause — for
 * {@code cross_entropy} and {@code binary_cross_entropy}, which take the log of the outputs, an
 * output of exactly 0 (or 1) whose log the target needs (a saturated softmax or sigmoid: they do
 * not clamp the log, docs/config.md); for any loss, a difference from the target too large to
 * square. Without a recognisable cause it lists the sample's first outputs and targets.
 */
final class NonFiniteLoss {
    /** Beyond this, a difference's square overflows a double (√Double.MAX_VALUE ≈ 1.34e154). */
    private static final double SQUARE_LIMIT = Math.sqrt(Double.MAX_VALUE);
    private static final int LISTED = 8;
    /** The clause when the per-sample losses are not known, or all finite. */
    static final String UNKNOWN = " (a result too large for a double, e.g. the square of a huge output, or the log of an"
            + " output of exactly 0 or 1)";

    private NonFiniteLoss() {
    }

    /**
     * The clause after "the loss ... itself gave X", starting with ": " or " (".
     *
     * @param lossId the loss's id (cross_entropy gets the advice of softmax_cross_entropy)
     * @param sampleNo the data's sample number (from 1) of the batch's k-th sample
     */
    static String describe(LossIO io, String lossId, int batch, IntUnaryOperator sampleNo) {
        int s = 0;
        while (s < batch && Double.isFinite(io.losses()[s])) {
            s++;
        }
        if (s == batch) {
            return UNKNOWN;
        }
        int w = io.width();
        int o = s * w;
        double[] p = io.pred();
        double[] t = io.target();
        String head = ": sample " + sampleNo.applyAsInt(s) + "'s loss is " + io.losses()[s] + "; ";
        for (int i = 0; i < w; i++) {
            if (Math.abs(p[o + i] - t[o + i]) > SQUARE_LIMIT) {
                return head + "its output " + i + " is " + Num.format(p[o + i]) + " for the target "
                        + Num.format(t[o + i]) + ", a difference whose square is too large for a double";
            }
        }
        boolean logOfOutput = lossId.equals("cross_entropy") || lossId.equals("binary_cross_entropy");
        for (int pass = 0; logOfOutput && pass < 2; pass++) {
            double bad = pass == 0 ? 0.0 : 1.0; // log p needs p > 0 first (every log loss); log(1 - p) needs p < 1
            for (int i = 0; i < w; i++) {
                if (p[o + i] == bad && t[o + i] != bad) {
                    return head + "its output " + i + " is exactly " + (int) bad + " where the target is "
                            + Num.format(t[o + i]) + ", so log" + (pass == 0 ? " p" : "(1 - p)") + " = -Infinity: the final"
                            + " softmax or sigmoid saturated (the loss does not clamp the log, unlike PyTorch's BCELoss;"
                            + " docs/config.md)" + (lossId.equals("cross_entropy") ? "; softmax_cross_entropy on the raw"
                                    + " scores (without the softmax layer) takes the log of no rounded probability" : "");
                }
            }
        }
        return head + "its outputs " + list(p, o, w) + " for the targets " + list(t, o, w)
                + " (a result too large for a double)";
    }

    /**
     * The first non-finite value of the loss's gradient with respect to the outputs (where
     * backward starts), as "the gradient of the loss ... became X at AT: ...", or null when it is
     * finite. A log loss divides by its output: -t/p overflows for a (subnormal) output below
     * ~1e-308 although the loss, -log p ≈ 709, is finite (a saturated softmax or sigmoid).
     */
    static String gradient(LossIO io, String lossId, int batch, IntUnaryOperator sampleNo, String at) {
        int w = io.width();
        for (int k = 0; k < batch * w; k++) {
            double g = io.grad()[k];
            if (!Double.isFinite(g)) {
                double p = io.pred()[k];
                return "the gradient of the loss '" + lossId + "' with respect to output " + k % w + " of sample "
                        + sampleNo.applyAsInt(k / w) + " became " + g + " at " + at + ": the output is " + Num.format(p)
                        + ", its target " + Num.format(io.target()[k]) + (p != 0 && Math.abs(p) < 1e-300 ? "; the log's"
                        + " derivative -t/p overflows for an output this small (a saturated softmax or sigmoid): use"
                        + " softmax_cross_entropy on the raw scores, whose gradient p - t has no such division" : "");
            }
        }
        return null;
    }

    private static String list(double[] v, int from, int w) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < Math.min(w, LISTED); i++) {
            b.append(i > 0 ? ", " : "").append(Num.format(v[from + i]));
        }
        return b.append(w > LISTED ? ", ... (" + w + " values)]" : "]").toString();
    }
}
