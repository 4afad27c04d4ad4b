package io.nnpipe.optim;

import io.nnpipe.output.Num;

/**
 * When weight decay alone makes an optimizer's weights grow without bound, whatever the
 * gradients: with h = learning_rate × weight_decay, the decay's part of an SGD step is
 * w ← (1 - h)·w, which grows when h &gt; 2. With momentum μ (v ← μv + λw, w ← w - lr·v) the
 * iteration on (w, lr·v) has trace 1 - h + μ and determinant μ, stable exactly when
 * h &lt; 2(1 + μ); with Nesterov's step (w ← w - lr(λw + μv)) the determinant is μ(1 - h) and
 * the bound is h &lt; 2(1 + μ)/(1 + 2μ) (Schur–Cohn conditions for a 2×2 iteration). AdamW's
 * decoupled decay w ← w(1 - h) before a step of size about lr grows when h &gt; 2. A loss's
 * curvature only adds to the decay's (for a convex loss), so past the bound the run diverges
 * (QA's eighth pass: lr 0.1 with weight decay 1e6 was reported as "Try a smaller learning rate",
 * the decay unnamed). Adam's and RMSprop's coupled decay passes through their normalisation and
 * has no such bound.
 */
public final class DecayStability {
    private DecayStability() {
    }

    /**
     * For SGD: null when the decay alone is stable at {@code lr}, else why it is not (a clause
     * naming the product and the bound).
     */
    public static String sgd(double lr, double weightDecay, double momentum, boolean nesterov) {
        double bound;
        String form;
        if (momentum == 0) {
            bound = 2;
            form = "2";
        } else if (nesterov) {
            bound = 2 * (1 + momentum) / (1 + 2 * momentum);
            form = Num.format(bound) + " = 2·(1 + momentum)/(1 + 2·momentum) for Nesterov momentum " + Num.format(momentum);
        } else {
            bound = 2 * (1 + momentum);
            form = Num.format(bound) + " = 2·(1 + momentum) for momentum " + Num.format(momentum);
        }
        return check(lr, weightDecay, bound, form, "sgd");
    }

    /** For AdamW's decoupled decay w·(1 - lr·λ): null when lr·λ ≤ 2, else why it diverges. */
    public static String adamW(double lr, double weightDecay) {
        return check(lr, weightDecay, 2, "2", "adamw");
    }

    private static String check(double lr, double weightDecay, double bound, String form, String optimizer) {
        double h = lr * weightDecay;
        if (!(h > bound)) {
            return null;
        }
        return "learning_rate × weight_decay = " + Num.format(lr) + " × " + Num.format(weightDecay) + " = "
                + Num.format(h) + " is above " + form + ", where " + optimizer + "'s weight decay alone makes"
                + " the weights grow every step whatever the gradients: make that product smaller (a smaller"
                + " learning_rate or weight_decay)";
    }
}
