package io.nnpipe.output;

import io.nnpipe.train.Evaluator;

/**
 * Every sample's result of {@code evaluate --predictions FILE}, as CSV: a header
 * {@code sample,label,predicted,loss,output_0,…,output_k-1,target_0,…,target_k-1} for k network
 * outputs, then one row per sample in the set's order. {@code sample} counts from 1 (file order;
 * after a split, within its side, as in {@code loss.csv}); {@code label} and {@code predicted}
 * (the class the outputs predict) are empty for a set without classes; {@code loss} is the
 * sample's own loss, so the rows' mean is the reported loss. Numbers as {@link Num#format}.
 * Written through a {@link TextSink} while the evaluation runs, so a large set is never held.
 */
public final class Predictions implements Evaluator.EachSample {
    private final TextSink sink;

    /** Writes the header for {@code outputs} network outputs now, and a row per sample later. */
    public Predictions(TextSink sink, int outputs) {
        this.sink = sink;
        StringBuilder b = sink.text().append("sample,label,predicted,loss");
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
        if (label >= 0) {
            b.append(label);
        }
        b.append(',');
        if (predicted >= 0) {
            b.append(predicted);
        }
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
}
