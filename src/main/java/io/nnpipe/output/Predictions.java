package io.nnpipe.output;

import io.nnpipe.train.Evaluator;
import java.util.List;

/**
 * Every sample's result of {@code evaluate --predictions FILE}, as CSV: a header
 * {@code sample,label,predicted,loss,output_0,…,output_k-1,target_0,…,target_k-1} for k network
 * outputs, then one row per sample in the set's order. {@code sample} counts from 1 (file order;
 * after a split, within its side, as in {@code loss.csv}); {@code label} and {@code predicted}
 * (the class the outputs predict) are empty for a set without classes; {@code loss} is the
 * sample's own loss, so the rows' mean is the reported loss. Numbers as {@link Num#format}.
 * When the classes have names (an image folder's class folders), {@code label_name} and
 * {@code predicted_name} columns follow {@code label} and {@code predicted}, as {@code predict}'s
 * {@code predicted_name}. Written through a {@link TextSink} while the evaluation runs, so a large
 * set is never held.
 */
public final class Predictions implements Evaluator.EachSample {
    private final TextSink sink;
    private final List<String> names;

    /** Writes the header for {@code outputs} network outputs now, and a row per sample later. */
    public Predictions(TextSink sink, int outputs) {
        this(sink, outputs, null);
    }

    /** As above, with the classes' {@code names} (one per class, in class order), or null. */
    public Predictions(TextSink sink, int outputs, List<String> names) {
        this.sink = sink;
        this.names = names;
        StringBuilder b = sink.text().append(names == null ? "sample,label,predicted,loss"
                : "sample,label,label_name,predicted,predicted_name,loss");
        for (String column : new String[] {"output_", "target_"}) {
            for (int j = 0; j < outputs; j++) {
                b.append(',').append(column).append(j);
            }
        }
        b.append('\n');
    }

    @Override
    public void sample(int index, double[] output, double[] target, int off, int width, double loss, int label,
            int predicted) {
        StringBuilder b = sink.text().append(index + 1).append(',');
        named(b, label);
        b.append(',');
        named(b, predicted);
        Num.append(b.append(','), loss);
        for (int j = 0; j < width; j++) {
            Num.append(b.append(','), output[off + j]);
        }
        for (int j = 0; j < width; j++) {
            Num.append(b.append(','), target[off + j]);
        }
        b.append('\n');
        sink.drainIfFull();
    }

    /** A class number (nothing when negative: no class), and its name's field when the classes have names. */
    private void named(StringBuilder b, int k) {
        if (k >= 0) {
            b.append(k);
        }
        if (names != null) {
            b.append(',');
            if (k >= 0) {
                CsvText.field(b, names.get(k));
            }
        }
    }
}
