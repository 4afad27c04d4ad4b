package io.nnpipe.check;

/**
 * Compares analytic derivatives of a scalar function f with central finite differences,
 * <pre>  n_i = (f(v + h e_i) - f(v - h e_i)) / 2h,   h = {@value #H},</pre>
 * element by element of a tensor {@code v} that f reads, in double precision, with
 * {@link Tolerance}'s error. Each element is perturbed, f evaluated twice, and the element
 * restored bit for bit.
 *
 * <p>Kinks: where f is not differentiable within h of v (a ReLU input near 0, two max-pool inputs
 * within h of each other, often exactly tied zeros after a ReLU), the central difference
 * straddles two slopes and disagrees with any correct backward. An element that fails the
 * tolerance is skipped as "near a kink", not failed, when the one-sided slopes
 * r = (f(v+h) - f(v))/h and l = (f(v) - f(v-h))/h differ by more than the analytic value differs
 * from the central difference: |r - l| > |a - n|. At a kink crossed on one side, a equals the
 * slope on the other and |a - n| = |r - l| / 2; across several kinks (one input of a
 * convolution feeds many ReLUs) the same holds unless slopes on both sides move the same way.
 * A smooth f has |r - l| ≈ h·|f''|, so a wrong backward (|a - n| of the order of the gradient)
 * is never taken for a kink; it may be hidden only at the elements that are at a kink, and it
 * still fails at every other.
 */
public final class FiniteDifferences {
    /** The step: about the cube root of the double epsilon, where truncation and rounding error balance for f ~ 1. */
    public static final double H = 1e-6;

    /** The function checked: reads the tensor being perturbed and returns f. */
    @FunctionalInterface
    public interface Objective {
        double value();
    }

    private FiniteDifferences() {
    }

    /**
     * Compares {@code analytic[i]} with the central difference of {@code f} in {@code v[i]} for
     * every {@code i}, recording each element in {@code into}. {@code v} is modified during the
     * call and restored; {@code analytic} is not modified.
     */
    public static void compare(double[] v, double[] analytic, Objective f, Tolerance tol, TensorCheck into) {
        double base = Double.NaN; // f(v), computed only when a kink must be told from a failure
        for (int i = 0; i < v.length; i++) {
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
            if (Double.isNaN(base)) {
                base = f.value();
            }
            if (Math.abs((plus - base) / H - (base - minus) / H) > Math.abs(analytic[i] - numeric)) {
                into.skippedNearKink();
            } else {
                into.compared(i, analytic[i], numeric, error, false);
            }
        }
    }
}
