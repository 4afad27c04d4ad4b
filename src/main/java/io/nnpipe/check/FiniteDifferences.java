package io.nnpipe.check;

/**
 * Compares analytic derivatives of a scalar function f with central finite differences,
 * <pre>  n_i = (f(v + h e_i) - f(v - h e_i)) / 2h,   h = {@value #H},</pre>
 * element by element of a tensor {@code v} that f reads, in double precision, with
 * {@link Tolerance}'s error. Each element is perturbed, f evaluated twice, and the element
 * restored bit for bit.
 *
 * <p>Kinks: where f is not differentiable within h of v (a ReLU input near 0, two max-pool inputs
 * within h of each other, often exactly tied values: zeros after a ReLU, or equal activations
 * over a uniform background), the central difference straddles two slopes and disagrees with any
 * correct backward. An element that fails the tolerance is skipped as "near a kink", not failed,
 * when f is seen not to be smooth on [v - h, v + h]. With the one-sided slopes
 * r(s) = (f(v+s) - f(v))/s and l(s) = (f(v) - f(v-s))/s and their gap g(s) = r(s) - l(s), a
 * smooth f has g(s) ≈ s·f'', so g(h) ≈ 2·g(h/2), and a wrong backward (a - n of the order of
 * the gradient) leaves both tiny. The element is near a kink when
 * <ul>
 *   <li>|g(h)| > |a - n|: one kink crossed on one side, where a is the slope of the other side
 *       and |a - n| = |g(h)| / 2; or</li>
 *   <li>|g(h) - 2·g(h/2)| > 0.1·|g(h)| + 1e-8·max(1, |f(v)|): the slopes do not change in
 *       proportion to the step, as at exact ties (g constant) or kinks between h/2 and h; this
 *       catches several ties moved at once (one input of a convolution reaches many), where a
 *       matches neither side. It costs two more evaluations, for failing elements only.</li>
 * </ul>
 * A wrong backward is therefore hidden only at elements where f is not smooth within h; it still
 * fails at every other.
 */
public final class FiniteDifferences {
    /** The step: about the cube root of the double epsilon, where truncation and rounding error balance for f ~ 1. */
    public static final double H = 1e-6;
    /**
     * Rounding noise in a difference of one-sided slopes, per unit of |f|: each slope carries
     * about 2.2e-16 · |f| / h = 2.2e-10 · |f|; a few of them, with room to spare.
     */
    private static final double NOISE = 1e-8;

    /** The function checked: reads the tensor being perturbed and returns f. */
    @FunctionalInterface
    public interface Objective {
        double value();
    }

    private FiniteDifferences() {
    }

    /**
     * What to compare: the tensor f reads ({@code values}, modified during the check and restored),
     * the analytic derivative of f with respect to each of its elements ({@code analytic}, not
     * modified), and how many elements to compare at most: {@code maxElements} evenly spread ones
     * (the first and, from two on, the last among them) when the tensor has more.
     */
    public record Target(double[] values, double[] analytic, int maxElements) {
        public Target {
            if (analytic.length < values.length || maxElements < 1) {
                throw new IllegalArgumentException(analytic.length + " derivatives for " + values.length
                        + " values, at most " + maxElements);
            }
        }

        /** Every element. */
        public static Target all(double[] values, double[] analytic) {
            return new Target(values, analytic, Integer.MAX_VALUE);
        }

        /** The k-th element compared, of {@link #count()}. */
        int index(int k) {
            int n = count();
            if (n == values.length || n == 1) {
                return k;
            }
            return (int) Math.round((double) k * (values.length - 1) / (n - 1));
        }

        /** How many elements are compared. */
        int count() {
            return Math.min(values.length, maxElements);
        }
    }

    /**
     * Compares the target's analytic derivatives with central differences of {@code f}, recording
     * each element in {@code into}.
     */
    public static void compare(Target target, Objective f, Tolerance tol, TensorCheck into) {
        double[] v = target.values();
        double[] analytic = target.analytic();
        double base = Double.NaN; // f(v), computed only when a kink must be told from a failure
        for (int k = 0; k < target.count(); k++) {
            int i = target.index(k);
            double old = v[i];
            v[i] = old + H;
            double plus = f.value();
            v[i] = old - H;
            double minus = f.value();
            v[i] = old;
            double numeric = (plus - minus) / (2 * H);
            double error = tol.error(analytic[i], numeric);
            if (tol.accepts(error)) {
                into.compared(i, analytic[i], numeric, error, true);
                continue;
            }
            if (Double.isNaN(error)) { // a NaN or infinite derivative is a failure, never a kink
                into.compared(i, analytic[i], numeric, error, false);
                continue;
            }
            if (Double.isNaN(base)) {
                base = f.value();
            }
            if (nearKink(v, i, f, new double[] {minus, base, plus}, Math.abs(analytic[i] - numeric))) {
                into.skippedNearKink();
            } else {
                into.compared(i, analytic[i], numeric, error, false);
            }
        }
    }

    /**
     * Whether f has a kink within h of v[i] ({@code at} = f(v - h), f(v), f(v + h)): the gap
     * between the one-sided slopes explains the disagreement, or it does not shrink in proportion
     * to the step (see the class comment). Evaluates f twice more at v[i] ± h/2.
     */
    private static boolean nearKink(double[] v, int i, Objective f, double[] at, double disagreement) {
        double gap = (at[2] - at[1]) / H - (at[1] - at[0]) / H;
        if (Math.abs(gap) > disagreement) {
            return true;
        }
        double old = v[i];
        v[i] = old + H / 2;
        double plus = f.value();
        v[i] = old - H / 2;
        double minus = f.value();
        v[i] = old;
        double halfGap = (plus - at[1]) / (H / 2) - (at[1] - minus) / (H / 2);
        double noise = NOISE * Math.max(1, Math.abs(at[1]));
        return Math.abs(gap - 2 * halfGap) > 0.1 * Math.abs(gap) + noise;
    }
}
