package io.nnpipe.config;

import java.util.Arrays;

/**
 * Reads nested YAML lists of numbers (e.g. a conv weight {@code [out][in][kh][kw]}) into a flat
 * row-major {@code double[]}, checking the nesting against an expected shape and naming the exact
 * element that is ragged, missing or not a finite number.
 */
public final class NumericArray {
    private NumericArray() {
    }

    /**
     * The values of {@code n} if it is nested lists of finite numbers with exactly the dimensions
     * {@code dims}; otherwise every mismatch is reported to {@code diagnostics} and {@code null}
     * is returned.
     */
    public static double[] read(Node n, int[] dims, Diagnostics diagnostics) {
        int size = 1;
        for (int d : dims) {
            size *= d;
        }
        double[] out = new double[size];
        int before = diagnostics.count();
        fill(n, dims, 0, out, new int[] {0}, diagnostics);
        return diagnostics.count() == before ? out : null;
    }

    /** The dimensions of nested lists as written (following first elements), or {@code null} if not a list. */
    public static int[] dimsOf(Node n) {
        int[] dims = new int[0];
        Node cur = n;
        while (cur instanceof Node.ListNode l) {
            dims = Arrays.copyOf(dims, dims.length + 1);
            dims[dims.length - 1] = l.items().size();
            if (l.items().isEmpty()) {
                break;
            }
            cur = l.items().get(0);
        }
        return dims.length == 0 ? null : dims;
    }

    private static void fill(Node n, int[] dims, int level, double[] out, int[] pos, Diagnostics d) {
        if (level == dims.length) {
            Double v = Numbers.toDouble(n);
            if (v == null || !Double.isFinite(v)) {
                d.error(n, "expected a finite number, found " + n.describe() + Numbers.quotedHint(n));
            }
            out[pos[0]++] = v == null || !Double.isFinite(v) ? 0 : v;
            return;
        }
        int expected = dims[level];
        if (!(n instanceof Node.ListNode l)) {
            d.error(n, "expected a list of " + expected + " " + elementWord(dims, level) + ", found " + n.describe());
            pos[0] += stride(dims, level) * expected;
            return;
        }
        if (l.items().size() != expected) {
            d.error(n, "expected a list of " + expected + " " + elementWord(dims, level) + " (shape "
                    + shape(dims, level) + "), found a list of " + l.items().size());
            pos[0] += stride(dims, level) * expected;
            return;
        }
        for (Node item : l.items()) {
            fill(item, dims, level + 1, out, pos, d);
        }
    }

    private static String elementWord(int[] dims, int level) {
        return level == dims.length - 1 ? "numbers" : "lists";
    }

    private static int stride(int[] dims, int level) {
        int s = 1;
        for (int i = level + 1; i < dims.length; i++) {
            s *= dims[i];
        }
        return s;
    }

    private static String shape(int[] dims, int from) {
        StringBuilder b = new StringBuilder("[");
        for (int i = from; i < dims.length; i++) {
            b.append(i > from ? "][" : "").append(dims[i]);
        }
        return b.append(']').toString();
    }
}
