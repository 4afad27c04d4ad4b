package io.nnpipe.output;

import io.nnpipe.data.ClassTargets;
import io.nnpipe.train.Predictor;

/**
 * The outputs of {@code predict} as CSV: a header {@code sample,predicted,output_0,…,output_k-1}
 * for k network outputs, then one row per sample in file order. {@code sample} counts from 1;
 * {@code predicted} is the class the outputs predict ({@link ClassTargets#predicted}: the first
 * maximum, or for one output 1 when it is at least 0.5, or 0 for a logit), as {@code evaluate --predictions} writes
 * it, and empty when the config's data have no classes (e.g. regression). Numbers as
 * {@link Num#format}. Written through a {@link TextSink} while the samples run, never held whole.
 */
public final class PredictCsv implements Predictor.EachSample {
    private final TextSink sink;
    private final boolean classes;
    private final double threshold;

    /** Writes the header for {@code outputs} network outputs now, and a row per sample later. */
    public PredictCsv(TextSink sink, int outputs, boolean classes) {
        this(sink, outputs, classes, 0.5);
    }

    /**
     * As {@link #PredictCsv(TextSink, int, boolean)}, one output predicting class 1 from {@code threshold}
     * on (the loss's {@link io.nnpipe.loss.Loss#decisionThreshold}: 0 for logits).
     */
    public PredictCsv(TextSink sink, int outputs, boolean classes, double threshold) {
        this.sink = sink;
        this.classes = classes;
        this.threshold = threshold;
        StringBuilder b = sink.text().append("sample,predicted");
        for (int j = 0; j < outputs; j++) {
            b.append(",output_").append(j);
        }
        b.append('\n');
    }

    @Override
    public void sample(int index, double[] output, int off, int width) {
        StringBuilder b = sink.text().append(index + 1).append(',');
        if (classes) {
            b.append(ClassTargets.predicted(output, off, width, threshold));
        }
        for (int j = 0; j < width; j++) {
            Num.append(b.append(','), output[off + j]);
        }
        b.append('\n');
        sink.drainIfFull();
    }
}
