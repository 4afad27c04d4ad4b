package io.nnpipe.output;

import io.nnpipe.train.Evaluator;
import java.util.List;
import java.util.Locale;

/**
 * The result of {@code evaluate}, rendered two ways: a table for people (stdout) and a tidy CSV
 * {@code metric,true_class,predicted_class,value} with rows {@code samples}, {@code loss},
 * {@code accuracy} (when the targets are classes) and one {@code confusion} row per (true,
 * predicted) pair, rows by true class then predicted class. Numbers as {@link Num#format}.
 * When the classes have names (an image folder's class folders), the CSV has {@code true_name}
 * and {@code predicted_name} columns after the class numbers they name ({@link #NAMED_HEADER}),
 * and the table lists the names; without names both are as they always were.
 */
public final class EvaluationReport {
    public static final String HEADER = "metric,true_class,predicted_class,value";
    /** The CSV header when the classes have names. */
    public static final String NAMED_HEADER = "metric,true_class,true_name,predicted_class,predicted_name,value";

    private EvaluationReport() {
    }

    /** The CSV text. */
    public static String csv(Evaluator.Result r) {
        return csv(r, null);
    }

    /** The CSV text, with the classes' names ({@code names}, one per class in class order; null: none). */
    public static String csv(Evaluator.Result r, List<String> names) {
        boolean named = names != null && r.confusion() != null && names.size() == r.confusion().length;
        String empty = named ? ",,,,," : ",,,";
        StringBuilder b = new StringBuilder(named ? NAMED_HEADER : HEADER).append('\n');
        b.append("samples").append(empty).append(r.samples()).append('\n');
        b.append("loss").append(empty).append(Num.format(r.loss())).append('\n');
        if (r.confusion() != null) {
            b.append("accuracy").append(empty).append(Num.format(r.accuracy())).append('\n');
            long[][] m = r.confusion();
            for (int t = 0; t < m.length; t++) {
                for (int p = 0; p < m.length; p++) {
                    b.append("confusion,").append(t).append(',');
                    if (named) {
                        CsvText.field(b, names.get(t)).append(',');
                    }
                    b.append(p).append(',');
                    if (named) {
                        CsvText.field(b, names.get(p)).append(',');
                    }
                    b.append(m[t][p]).append('\n');
                }
            }
        }
        return b.toString();
    }

    /** The table for people: loss, accuracy and the confusion matrix with per-class recall. */
    public static String table(Evaluator.Result r, String what) {
        return table(r, what, null);
    }

    /** As {@link #table(Evaluator.Result, String)}, naming the classes under the matrix when {@code names} is given. */
    public static String table(Evaluator.Result r, String what, List<String> names) {
        String t = matrix(r, what);
        if (names == null || r.confusion() == null || names.size() != r.confusion().length) {
            return t;
        }
        StringBuilder b = new StringBuilder(t).append("classes:");
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? " " : ", ").append(i).append(" = ").append(names.get(i));
        }
        return b.append('\n').toString();
    }

    private static String matrix(Evaluator.Result r, String what) {
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
