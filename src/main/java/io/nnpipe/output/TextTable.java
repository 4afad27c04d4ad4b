package io.nnpipe.output;

import java.util.List;

/** Plain-text tables for the terminal: the stage table of {@code validate}, the {@code gradcheck} table. */
public final class TextTable {
    private TextTable() {
    }

    /**
     * Rows of cells as aligned text, two spaces between columns, each line without trailing
     * spaces; {@code right[k]}: column k is right-aligned (numbers). A null row is the rule under
     * the headings: dashes the width of each column, at least {@code lastRuleMin} under the last.
     */
    public static String align(List<String[]> cells, boolean[] right, int lastRuleMin) {
        int[] w = new int[right.length];
        for (String[] c : cells) {
            for (int k = 0; c != null && k < w.length; k++) {
                w[k] = Math.max(w[k], c[k].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] c : cells) {
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < w.length; k++) {
                String cell = c == null ? "-".repeat(k == w.length - 1 ? Math.max(w[k], lastRuleMin) : w[k]) : c[k];
                String pad = " ".repeat(w[k] - Math.min(w[k], cell.length()));
                line.append(k > 0 ? "  " : "").append(right[k] ? pad + cell : cell + pad);
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
