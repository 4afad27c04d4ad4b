package io.nnpipe.pipeline;

import io.nnpipe.layer.Layer;
import io.nnpipe.tensor.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The stages of a pipeline as a table: one row per layer (position, name, type, input and output
 * shape, parameter count, settings) and a summary of the run. {@code validate} prints it as text;
 * the run report shows it as HTML.
 */
public record StageTable(List<Row> rows, long totalParameters, String summary) {

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
        return new StageTable(List.copyOf(rows), total, summary);
    }

    /** The column headings. */
    public static List<String> headings() {
        return List.of("#", "name", "type", "input", "output", "params", "settings");
    }

    /** The table as aligned text, one line per layer, with a header, the total and the summary. */
    public String text() {
        List<String[]> cells = new ArrayList<>();
        cells.add(headings().toArray(new String[0]));
        for (Row r : rows) {
            cells.add(new String[] {String.valueOf(r.index()), r.name(), r.type(), r.input(), r.output(),
                String.valueOf(r.parameters()), r.settings()});
        }
        int[] w = new int[7];
        for (String[] c : cells) {
            for (int k = 0; k < 7; k++) {
                w[k] = Math.max(w[k], c[k].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] c : cells) {
            String line = String.format(Locale.ROOT, "%" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %" + w[3] + "s  %"
                    + w[4] + "s  %" + w[5] + "s  %s", (Object[]) c);
            b.append(line.stripTrailing()).append('\n');
        }
        b.append(String.format(Locale.ROOT, "total parameters: %d%n", totalParameters));
        b.append(summary).append('\n');
        return b.toString();
    }
}
