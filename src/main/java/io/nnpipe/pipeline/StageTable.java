package io.nnpipe.pipeline;

import io.nnpipe.layer.Layer;
import io.nnpipe.output.TextTable;
import io.nnpipe.tensor.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stages of a pipeline as a table: one row per layer (position, name, type, input and output
 * shape of one sample, parameter count, settings) and a summary of the run. {@code validate}
 * prints it as text ({@link #text()}); the run report shows it as HTML. {@code details} are the
 * summary lines of the text form: data, training and the memory estimate.
 */
public record StageTable(String input, List<Row> rows, long totalParameters, String summary, List<String> details) {

    /** One layer. */
    public record Row(int index, String name, String type, String input, String output, long parameters,
            String settings) {
    }

    public static StageTable of(Pipeline p) {
        List<Row> rows = new ArrayList<>();
        int i = 1;
        long total = 0;
        for (Layer l : p.network().layers()) {
            long count = 0;
            for (Parameter q : l.parameters()) {
                count += q.size();
            }
            total += count;
            rows.add(new Row(i++, l.name(), l.type(), l.inputShape().toString(), l.outputShape().toString(), count,
                    l.describe()));
        }
        String summary = String.format(Locale.ROOT, "training samples: %d%s; loss %s; %d epochs, batch size %d",
                p.train().size(), p.test() == null ? "" : ", test samples: " + p.test().size(), p.loss().id(),
                p.settings().epochs(), p.settings().batchSize());
        return new StageTable(p.network().inputShape().toString(), List.copyOf(rows), total, summary, details(p));
    }

    private static List<String> details(Pipeline p) {
        Pipeline.Settings s = p.settings();
        int batch = Math.min(s.batchSize(), p.train().size());
        long steps = (p.train().size() + s.batchSize() - 1) / s.batchSize();
        String data = "data: " + count(p.train().size(), "training sample")
                + (p.test() == null ? "" : ", " + count(p.test().size(), "test sample"))
                + "; each input " + p.network().inputShape() + ", output " + p.network().outputShape();
        String training = "training: loss " + p.loss().id() + ", optimizer " + optimizerId(p) + ", learning rate "
                + io.nnpipe.output.Num.format(s.learningRate()) + "; " + count(s.epochs(), "epoch") + " of "
                + count(steps, "step")
                + " (batch size " + s.batchSize() + ")";
        return List.of(data, training, "memory: " + MemoryBudget.describe(p.network(), batch));
    }

    /** {@code n} and the noun, plural unless {@code n} is 1: "1 step", "2 epochs". */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String optimizerId(Pipeline p) {
        Object o = p.resolved().get("optimizer");
        return o instanceof Map<?, ?> m && m.get("type") != null ? m.get("type").toString() : "?";
    }

    /** The column headings. */
    public static List<String> headings() {
        return List.of("#", "name", "type", "input", "output", "params", "settings");
    }

    /**
     * The table as aligned text: the headings, a rule, a row for the input, one row per layer, the
     * total and the details. Columns are separated by two spaces, numbers right-aligned, shapes and
     * names left-aligned; no line has trailing spaces.
     */
    public String text() {
        List<String[]> cells = new ArrayList<>();
        cells.add(headings().toArray(new String[0]));
        cells.add(null);
        cells.add(new String[] {"", "(input)", "", "", input, "", ""});
        for (Row r : rows) {
            cells.add(new String[] {String.valueOf(r.index()), r.name(), r.type(), r.input(), r.output(),
                String.valueOf(r.parameters()), r.settings()});
        }
        StringBuilder b = new StringBuilder(TextTable.align(cells, new boolean[] {true, false, false, false, false, true, false}, 8));
        b.append("total parameters: ").append(totalParameters).append(" in ").append(count(rows.size(), "layer"))
                .append('\n');
        for (String d : details) {
            b.append(d).append('\n');
        }
        return b.toString();
    }
}
