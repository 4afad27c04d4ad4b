package io.nnpipe.output;

import io.nnpipe.train.Evaluator;
import java.util.Locale;

/**
 * The result of {@code evaluate}, rendered two ways: a table for people (stdout) and a tidy CSV
 * {@code metric,true_class,predicted_class,value} with rows {@code samples}, {@code loss},
 * {@code accuracy} (when the targets are classes) and one {@code confusion} row per (true,
 * predicted) pair, rows by true class then predicted class. Numbers as {@link Num#format}.
 */
public final class EvaluationReport {
    public static final String HEADER = "metric,true_class,predicted_class,value";

    private EvaluationReport() {
    }

    /** The CSV text. */
    public static String csv(Evaluator.Result r) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        b.append("samples,,,").append(r.samples()).append('\n');
        b.append("loss,,,").append(Num.format(r.loss())).append('\n');
        if (r.confusion() != null) {
            b.append("accuracy,,,").append(Num.format(r.accuracy())).append('\n');
            long[][] m = r.confusion();
            for (int t = 0; t < m.length; t++) {
                for (int p = 0; p < m.length; p++) {
                    b.append("confusion,").append(t).append(',').append(p).append(',').append(m[t][p]).append('\n');
                }
            }
        }
        return b.toString();
    }

    /** The table for people: loss, accuracy and the confusion matrix with per-class recall. */
    public static String table(Evaluator.Result r, String what) {
        StringBuilder b = new StringBuilder();
        b.append(what).append(": ").append(r.samples()).append(" samples\n");
        b.append("loss      ").append(Num.format(r.loss())).append('\n');
        long[][] m = r.confusion();
        if (m == null) {
            return b.toString();
        }
        long correct = 0;
        for (int i = 0; i < m.length; i++) {
            correct += m[i][i];
        }
        b.append(String.format(Locale.ROOT, "accuracy  %s (%d of %d)%n", Num.format(r.accuracy()), correct, r.samples()));
        b.append("\nconfusion matrix: rows = true class, columns = predicted class\n");
        int w = Math.max(String.valueOf(r.samples()).length(), String.valueOf(m.length - 1).length()) + 1;
        b.append(pad("", w + 1));
        for (int p = 0; p < m.length; p++) {
            b.append(pad(String.valueOf(p), w + 1));
        }
        b.append("   recall\n");
        for (int t = 0; t < m.length; t++) {
            long row = 0;
            b.append(pad(String.valueOf(t), w)).append(' ');
            for (int p = 0; p < m.length; p++) {
                b.append(pad(String.valueOf(m[t][p]), w + 1));
                row += m[t][p];
            }
            b.append(row == 0 ? "        -" : String.format(Locale.ROOT, "   %.4f", (double) m[t][t] / row)).append('\n');
        }
        return b.toString();
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
