package io.nnpipe.train;

import io.nnpipe.data.ClassTargets;
import io.nnpipe.data.Dataset;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.loss.Loss;
import io.nnpipe.loss.LossIO;
import io.nnpipe.model.Network;

/**
 * Measures a network on a dataset without training: forward passes in inference mode, in order,
 * in batches; mean loss, accuracy, and the confusion matrix (rows = true class, columns =
 * predicted).
 */
public final class Evaluator {
    private final Network net;
    private final Loss loss;
    private final Parallel parallel;

    /**
     * Mean loss, accuracy (NaN without classes), confusion counts (null without classes), and the
     * index of the first sample whose loss is not finite (-1: none).
     */
    public record Result(double loss, double accuracy, long[][] confusion, int samples, int firstNonFinite) {
    }

    /** Receives every sample's result, in the dataset's order. */
    public interface EachSample {
        /**
         * Sample {@code index} (0-based in the dataset): its outputs {@code output[off .. off + width)}
         * and targets {@code target[off .. off + width)} (valid only during the call), its loss, its
         * label and predicted class (both -1 without classes).
         */
        void sample(int index, double[] output, double[] target, int off, int width, double loss, int label,
                int predicted);
    }

    public Evaluator(Network net, Loss loss, Parallel parallel) {
        this.net = net;
        this.loss = loss;
        this.parallel = parallel;
    }

    /**
     * Evaluates every sample of {@code data} in batches of up to {@code batch} (or of the network's
     * prepared size, if it is already prepared: buffers in use are never reallocated).
     */
    public Result evaluate(Dataset data, int batch) {
        return evaluate(data, batch, null);
    }

    /** As {@link #evaluate(Dataset, int)}, handing every sample to {@code each} (if not null) too. */
    public Result evaluate(Dataset data, int batch, EachSample each) {
        InferenceBatches batches = new InferenceBatches(net, parallel, data, batch);
        int w = net.outputShape().size();
        Batches b = new Batches(data, net.maxBatch());
        double[] losses = new double[net.maxBatch()];
        double[] grad = new double[net.maxBatch() * w];
        LossIO io = new LossIO(w, net.output(), b.targets(), losses, grad);
        boolean classes = Metrics.hasClasses(data);
        long[][] confusion = classes ? new long[ClassTargets.count(w)][ClassTargets.count(w)] : null;
        double sum = 0;
        long correct = 0;
        int firstNonFinite = -1;
        while (batches.next()) {
            int start = batches.start();
            int n = batches.size();
            b.loadTargets(start, n);
            loss.compute(n, io);
            for (int i = 0; i < n; i++) {
                sum += losses[i];
                if (firstNonFinite < 0 && !Double.isFinite(losses[i])) {
                    firstNonFinite = start + i;
                }
                int predicted = classes ? ClassTargets.predicted(net.output(), i * w, w, loss.decisionThreshold()) : -1;
                if (classes) {
                    confusion[b.labels()[i]][predicted]++;
                    if (predicted == b.labels()[i]) {
                        correct++;
                    }
                }
                if (each != null) {
                    each.sample(start + i, net.output(), b.targets(), i * w, w, losses[i], classes ? b.labels()[i] : -1,
                            predicted);
                }
            }
        }
        return new Result(sum / data.size(), classes ? (double) correct / data.size() : Double.NaN, confusion,
                data.size(), firstNonFinite);
    }
}
