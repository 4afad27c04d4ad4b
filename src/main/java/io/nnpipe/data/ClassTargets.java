package io.nnpipe.data;

/**
 * How a class label becomes a network's target, and which class an output predicts. A network of
 * k ≥ 2 outputs takes the classes 0 … k−1, each as a one-hot target, and predicts the first
 * maximum output (ties go to the lower index). A network of <em>one</em> output takes two classes,
 * 0 and 1, as the target value itself — binary classification, as with PyTorch's {@code BCELoss}
 * on one sigmoid output (or {@code mse} towards 0 and 1) — and predicts class 1 when its output is
 * at least 0.5, or at least 0 when the output is a logit ({@code sigmoid_cross_entropy}); a NaN
 * output predicts 0.
 */
public final class ClassTargets {
    private ClassTargets() {
    }

    /** The number of classes a network of {@code outputs} outputs takes (two for one output). */
    public static int count(int outputs) {
        return outputs == 1 ? 2 : outputs;
    }

    /** Writes the target of class {@code label} into {@code dst[off .. off + outputs)}. */
    public static void encode(int label, int outputs, double[] dst, int off) {
        if (outputs == 1) {
            dst[off] = label;
            return;
        }
        java.util.Arrays.fill(dst, off, off + outputs, 0.0);
        dst[off + label] = 1.0;
    }

    /** The class that the outputs {@code out[off .. off + outputs)} predict (one output: from 0.5 on). */
    public static int predicted(double[] out, int off, int outputs) {
        return predicted(out, off, outputs, 0.5);
    }

    /**
     * The class that the outputs predict, a single output predicting 1 from {@code threshold} on
     * (0.5 for a probability, 0 for a logit: {@link io.nnpipe.loss.Loss#decisionThreshold}).
     */
    public static int predicted(double[] out, int off, int outputs, double threshold) {
        if (outputs == 1) {
            return out[off] >= threshold ? 1 : 0;
        }
        int best = 0;
        for (int i = 1; i < outputs; i++) {
            if (out[off + i] > out[off + best]) {
                best = i;
            }
        }
        return best;
    }

    /** What a label must be, in words, for error messages: "a class label from 0 to 9 (...)". */
    public static String expected(int outputs) {
        return outputs == 1 ? "a class label, 0 or 1 (the network has one output: the label is its target)"
                : "a class label from 0 to " + (outputs - 1) + " (the network has " + outputs + " outputs)";
    }
}
