package io.nnpipe.output;

import io.nnpipe.tensor.Shape;
import java.util.Locale;

/**
 * Draws a tensor as HTML tables, the way the seed document writes matrices: a vector as one row,
 * a matrix as rows and columns, and a higher-rank tensor as one matrix per leading index (per
 * channel of an image; per output and input channel of a convolution kernel). Every cell shows the
 * value to four significant digits with the exact value as its tooltip, tinted red (positive) or
 * blue (negative) in {@value #TINTS} steps by its size relative to the tensor's largest. Large tensors are cut to
 * {@value #MAX_SIDE}×{@value #MAX_SIDE} per matrix and {@value #MAX_MATRICES} matrices, with a note.
 */
final class HtmlTensors {
    static final int MAX_SIDE = 16;
    static final int MAX_MATRICES = 8;
    /** Levels of tint, by |value| / max |value| of the tensor. */
    static final int TINTS = 5;

    private HtmlTensors() {
    }

    /** The tensor's HTML: its matrices side by side. */
    static String html(double[] values, Shape shape) {
        int[] dims = shape.dims();
        int rows = dims.length >= 2 ? dims[dims.length - 2] : 1;
        int cols = dims[dims.length - 1];
        int matrices = shape.size() / (rows * cols);
        double max = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        StringBuilder b = new StringBuilder("<div class=\"tensor\">");
        for (int m = 0; m < Math.min(matrices, MAX_MATRICES); m++) {
            b.append("<table class=\"m\">");
            if (matrices > 1) {
                b.append("<caption>").append(label(dims, m)).append("</caption>");
            }
            matrix(b, values, m * rows * cols, rows, cols, max);
            b.append("</table>");
        }
        b.append("</div>");
        String cut = cutNote(rows, cols, matrices, values.length);
        if (!cut.isEmpty()) {
            b.append("<p class=\"cut\">").append(cut).append("</p>");
        }
        return b.toString();
    }

    private static void matrix(StringBuilder b, double[] values, int offset, int rows, int cols, double max) {
        for (int r = 0; r < Math.min(rows, MAX_SIDE); r++) {
            b.append("<tr>");
            for (int c = 0; c < Math.min(cols, MAX_SIDE); c++) {
                int i = offset + r * cols + c;
                if (i < values.length) {
                    cell(b, values[i], max);
                } else {
                    b.append("<td></td>");
                }
            }
            if (cols > MAX_SIDE) {
                b.append("<td class=\"more\">…</td>");
            }
            b.append("</tr>");
        }
        if (rows > MAX_SIDE) {
            b.append("<tr><td class=\"more\" colspan=\"").append(Math.min(cols, MAX_SIDE)).append("\">⋮</td></tr>");
        }
    }

    /** A cell; its class {@code p1..p5} / {@code n1..n5} tints it by sign and relative size (see the page's style). */
    private static void cell(StringBuilder b, double v, double max) {
        b.append("<td");
        int level = max > 0 && Double.isFinite(v) ? (int) Math.ceil(TINTS * Math.abs(v) / max) : 0;
        if (level > 0) {
            b.append(" class=\"").append(v > 0 ? 'p' : 'n').append(Math.min(level, TINTS)).append('"');
        }
        b.append(" title=\"").append(Num.format(v)).append("\">").append(Html.rounded(v, 4)).append("</td>");
    }

    /** The matrix's place in the leading dimensions: "channel 2" for an image, "[2, 1]" beyond. */
    private static String label(int[] dims, int m) {
        if (dims.length == 3) {
            return "channel " + (m + 1);
        }
        int lead = Math.max(1, dims.length - 2);
        int[] index = new int[lead];
        int rest = m;
        for (int d = lead - 1; d >= 0; d--) {
            index[d] = rest % dims[d];
            rest /= dims[d];
        }
        StringBuilder b = new StringBuilder("[");
        for (int d = 0; d < lead; d++) {
            b.append(d > 0 ? ", " : "").append(index[d] + 1);
        }
        return b.append(']').toString();
    }

    private static String cutNote(int rows, int cols, int matrices, int size) {
        boolean cut = rows > MAX_SIDE || cols > MAX_SIDE || matrices > MAX_MATRICES;
        if (!cut) {
            return "";
        }
        int shown = Math.min(rows, MAX_SIDE) * Math.min(cols, MAX_SIDE) * Math.min(matrices, MAX_MATRICES);
        return String.format(Locale.ROOT, "%d of %d values shown; all are in trace.csv", shown, size);
    }
}
