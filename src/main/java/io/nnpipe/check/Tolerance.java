package io.nnpipe.check;

/**
 * When an analytic derivative {@code a} agrees with a numeric one {@code n}: the error
 * <pre>  e = |a - n| / (floor + max(|a|, |n|))</pre>
 * is at most {@code relative}. It is relative for derivatives well above {@code floor} and
 * absolute ({@code |a - n| <= relative * floor}) for derivatives near zero, where central
 * differences carry rounding noise of about 1e-16 * |f| / h whatever the derivative's size.
 * {@code a} and {@code n} must be finite to agree (NaN never passes).
 */
public record Tolerance(double relative, double floor) {

    /** The {@code gradcheck} command's default: 1e-6 relative, floor 1e-2 (an absolute 1e-8). */
    public static final Tolerance DEFAULT = new Tolerance(1e-6, 1e-2);

    public Tolerance {
        if (!(relative > 0) || !(floor > 0) || Double.isInfinite(relative) || Double.isInfinite(floor)) {
            throw new IllegalArgumentException("tolerance and floor must be positive and finite: " + relative + ", " + floor);
        }
    }

    /** The error of {@code analytic} against {@code numeric}, as in the class formula; NaN when either is not finite. */
    public double error(double analytic, double numeric) {
        if (!Double.isFinite(analytic) || !Double.isFinite(numeric)) {
            return Double.NaN;
        }
        return Math.abs(analytic - numeric) / (floor + Math.max(Math.abs(analytic), Math.abs(numeric)));
    }

    /** Whether {@code error} (from {@link #error}) is within the tolerance. */
    public boolean accepts(double error) {
        return error <= relative;
    }
}
