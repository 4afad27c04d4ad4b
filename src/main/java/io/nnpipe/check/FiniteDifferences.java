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
