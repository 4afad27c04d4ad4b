package io.nnpipe.layer;

/**
 * The search for each pooling window's first maximum over one sample's planes, in flat row-major
 * {@code double[]} input rows of a fixed width: {@link #first} for any (clipped) window, and
 * {@link #run2x2}/{@link #run3x3} for runs of whole 2×2 and 3×3 windows along a row, the common
 * shapes, a short comparison tree instead of one chain.
 *
 * <p>NOTE: every method finds the same index: the <em>first</em> maximum in row-major order of
 * the window (a later equal value does not replace it), and a NaN wins over any number (the
 * first NaN over later ones), so it propagates. x is read only; the run methods write y[q + k] =
 * the maximum and argmax[q + k] = its index minus {@code xOff} (within its sample). No
 * allocation, no state: the pass's threads call them at once on their own samples.
 *
 * <p>Static, with the row length and stride passed in, on purpose: as instance methods with the
 * geometry in fields, a 3×3 stride-2 window took 11.5–12.4 ns (probably one more value kept live
 * across the loop, {@code this}, for the rare NaN fallback); static, 10.8–11.5 ns, as when the runs
 * were private methods of {@link MaxPool2d} (16×32×32 input, batch 32, one thread).
 */
final class WindowArgmax {
    private WindowArgmax() {
    }

    /**
     * The first maximum of rows [yFrom, yTo) × columns [xFrom, xTo) of the plane at {@code plane},
     * whose rows are {@code width} long.
     */
    static int first(double[] x, int width, int plane, int yFrom, int yTo, int xFrom, int xTo) {
        int best = plane + yFrom * width + xFrom;
        double max = x[best];
        for (int iy = yFrom; iy < yTo; iy++) {
            int row = plane + iy * width;
            for (int ix = xFrom; ix < xTo; ix++) {
                double v = x[row + ix];
                if (v > max || (v != v && max == max)) {
                    best = row + ix;
                    max = v;
                }
            }
        }
        return best;
    }

    /**
     * {@code count} whole 3×3 windows (overlapping ones too: 3×3 with stride 2 is the common
     * overlapping pooling), the first at input index i0 and each next one {@code stride} on, rows
     * {@code down} apart,
     * into outputs q, q + 1, …, as {@link #run2x2} does 2×2 ones: each row's first maximum
     * by comparisons that select only ints, then a lower row's only if strictly greater than the
     * rows above (its maximum compared as a {@link Math#max} value), a short tree instead of one
     * chain of nine; a window with a NaN takes the general loop. 34 → 10 ns a window on random
     * data (the general loop, branch-free or not, waits on its chain of nine).
     */
    static void run3x3(double[] x, double[] y, int[] argmax, int q, int i0, int count, int xOff, int stride, int down) {
        for (int k = 0, i = i0; k < count; k++, i += stride) {
            int j = i + down;
            int l = j + down;
            double a0 = x[i], a1 = x[i + 1], a2 = x[i + 2];
            double b0 = x[j], b1 = x[j + 1], b2 = x[j + 2];
            double c0 = x[l], c1 = x[l + 1], c2 = x[l + 2];
            double ma = Math.max(a0, a1);
            double mb = Math.max(b0, b1);
            double mc = Math.max(c0, c1);
            int ia = c2x(a0, a1, a2, ma, i);
            int ib = c2x(b0, b1, b2, mb, j);
            int ic = c2x(c0, c1, c2, mc, l);
            ma = Math.max(ma, a2);
            mb = Math.max(mb, b2);
            mc = Math.max(mc, c2);
            int best = mb > ma ? ib : ia;
            double mab = Math.max(ma, mb);
            best = mc > mab ? ic : best;
            if (Math.max(mab, mc) != Math.max(mab, mc)) {
                best = first(x, down, i, 0, 3, 0, 3);
            }
            y[q + k] = x[best];
            argmax[q + k] = best - xOff;
        }
    }

    /** The index (from i) of the first maximum of a row v0, v1, v2, given m01 = max(v0, v1). */
    private static int c2x(double v0, double v1, double v2, double m01, int i) {
        int first = v1 > v0 ? i + 1 : i;
        return v2 > m01 ? i + 2 : first;
    }

    /**
     * {@code count} whole 2×2 windows, the first at input index i0 and each next one
     * {@code stride} on, rows {@code down} apart, into outputs q, q + 1, …: the first maximum of a, b (top row), c, d (bottom row)
     * without a branch on the data. The first maximum of each row by a comparison, then the
     * bottom row's only if strictly greater than the top row's (the order in which "first strict
     * maximum" scans them); comparing the rows' maxima as {@link Math#max} values is the same as
     * comparing the values themselves, since ±0 compare equal. Only ints are selected, which C2
     * does without a branch (a selected double would be one, and on real data each comparison is
     * a coin toss). A window with a NaN takes the general loop (the first NaN wins there).
     */
    static void run2x2(double[] x, double[] y, int[] argmax, int q, int i0, int count, int xOff, int stride, int down) {
        // stride is 2 as a rule: loads not consecutive, so C2 does not vectorise
        for (int k = 0, i = i0; k < count; k++, i += stride) {
            double a = x[i];
            double b = x[i + 1];
            double c = x[i + down];
            double d = x[i + down + 1];
            double top = Math.max(a, b);
            double bottom = Math.max(c, d);
            int best;
            if ((top != top) | (bottom != bottom)) {
                best = first(x, down, i, 0, 2, 0, 2);
            } else {
                int inTop = b > a ? 1 : 0;
                int inBottom = d > c ? down + 1 : down;
                best = i + (bottom > top ? inBottom : inTop);
            }
            y[q + k] = x[best];
            argmax[q + k] = best - xOff;
        }
    }
}
