package io.nnpipe.output;

import io.nnpipe.data.ClassTargets;
import io.nnpipe.train.Predictor;

/**
 * The outputs of {@code predict} as CSV: a header {@code sample,predicted,output_0,…,output_k-1}
 * for k network outputs (with {@code file} after {@code sample} for image inputs, and
 * {@code predicted_name} after {@code predicted} when the classes have names), then one row per
 * sample in file order. {@code sample} counts from 1;
 * {@code predicted} is the class the outputs predict ({@link ClassTargets#predicted}: the first
 * maximum, or for one output 1 when it is at least 0.5, or 0 for a logit), as {@code evaluate --predictions} writes
 * it, and empty when the config's data have no classes (e.g. regression). Numbers as
 * {@link Num#format}. Written through a {@link TextSink} while the samples run, never held whole.
 */
public final class PredictCsv implements Predictor.EachSample {
    private final TextSink sink;
    private final boolean classes;
    private final double threshold;
    private final java.util.List<String> files;
    private final java.util.List<String> classNames;

    /** Writes the header for {@code outputs} network outputs now, and a row per sample later. */
    public PredictCsv(TextSink sink, int outputs, boolean classes) {
        this(sink, outputs, classes, 0.5);
    }

    /**
     * As {@link #PredictCsv(TextSink, int, boolean)}, one output predicting class 1 from {@code threshold}
     * on (the loss's {@link io.nnpipe.loss.Loss#decisionThreshold}: 0 for logits).
     */
    public PredictCsv(TextSink sink, int outputs, boolean classes, double threshold) {
        this(sink, outputs, classes, threshold, null, null);
    }

    /**
     * As above, with a {@code file} column after {@code sample} when {@code files} (each sample's
     * image file name) is given, and a {@code predicted_name} column after {@code predicted} when
     * {@code classNames} (one per class, in class-index order: an image folder's class folders) is.
     */
    public PredictCsv(TextSink sink, int outputs, boolean classes, double threshold, java.util.List<String> files,
            java.util.List<String> classNames) {
        this.sink = sink;
        this.classes = classes;
        this.threshold = threshold;
        this.files = files;
        this.classNames = classes ? classNames : null;
        StringBuilder b = sink.text().append(files == null ? "sample," : "sample,file,").append("predicted")
                .append(this.classNames == null ? "" : ",predicted_name");
        for (int j = 0; j < outputs; j++) {
            b.append(",output_").append(j);
        }
        b.append('\n');
    }

    @Override
    public void sample(int index, double[] output, int off, int width) {
        StringBuilder b = sink.text().append(index + 1).append(',');
        if (files != null) {
            CsvText.field(b, files.get(index)).append(',');
        }
        if (classes) {
            int k = ClassTargets.predicted(output, off, width, threshold);
            b.append(k);
            if (classNames != null) {
                CsvText.field(b.append(','), classNames.get(k));
            }
        }
        for (int j = 0; j < width; j++) {
            Num.append(b.append(','), output[off + j]);
        }
        b.append('\n');
        sink.drainIfFull();
    }
}
