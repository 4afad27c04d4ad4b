package io.nnpipe.check;

/**
 * The result of checking one tensor (a parameter, a layer's input, the loss's input): how many
 * elements it has, how many were compared, how many were skipped near a kink, the largest error
 * among those compared, and the first element that failed. Filled by {@link FiniteDifferences}.
 */
public final class TensorCheck {
    private final String layer;
    private final String tensor;
    private final int elements;
    private int checked;
    private int kinks;
    private int failures;
    private double largest;
    private String firstFailure;

    public TensorCheck(String layer, String tensor, int elements) {
        this.layer = layer;
        this.tensor = tensor;
        this.elements = elements;
    }

    /** Records a compared element; {@code error} from {@link Tolerance#error} (NaN counts as the largest). */
    void compared(int index, double analytic, double numeric, double error, boolean ok) {
        checked++;
        if (Double.isNaN(error) || error > largest) { // a NaN stays: nothing larger replaces it
            largest = Double.isNaN(largest) ? largest : error;
        }
        if (!ok) {
            failures++;
            if (firstFailure == null) {
                firstFailure = layer + " d/d" + tensor + "[" + index + "]: backward gives " + analytic
                        + ", finite differences " + numeric;
            }
        }
    }

    /** Records an element skipped because the function has a kink within the step of it. */
    void skippedNearKink() {
        kinks++;
    }

    public String layer() {
        return layer;
    }

    public String tensor() {
        return tensor;
    }

    /** The tensor's element count. */
    public int elements() {
        return elements;
    }

    /** Elements compared (not skipped). */
    public int checked() {
        return checked;
    }

    /** Elements skipped because a kink (ReLU at 0, a max-pool tie) lies within the step. */
    public int kinks() {
        return kinks;
    }

    public int failures() {
        return failures;
    }

    /** The largest error of a compared element (0 when none; NaN when a derivative was not finite). */
    public double largestError() {
        return largest;
    }

    /** Which element failed first, with both values, or null when none failed. */
    public String firstFailure() {
        return firstFailure;
    }

    public boolean passed() {
        return failures == 0;
    }
}
