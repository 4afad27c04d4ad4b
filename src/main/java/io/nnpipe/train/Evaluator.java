package io.nnpipe.train;

import io.nnpipe.data.ClassTargets;
import io.nnpipe.data.Dataset;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.layer.Pass;
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

    /** Mean loss, accuracy (NaN without classes), and confusion counts (null without classes). */
    public record Result(double loss, double accuracy, long[][] confusion, int samples) {
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
        if (net.maxBatch() == 0) {
            net.prepare(batch);
        }
        int w = net.outputShape().size();
        Batches b = new Batches(data, net.maxBatch());
        double[] losses = new double[net.maxBatch()];
        double[] grad = new double[net.maxBatch() * w];
        LossIO io = new LossIO(w, net.output(), b.targets(), losses, grad);
        boolean classes = Metrics.hasClasses(data);
        long[][] confusion = classes ? new long[ClassTargets.count(w)][ClassTargets.count(w)] : null;
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        double sum = 0;
        long correct = 0;
        for (int start = 0; start < order.length; start += net.maxBatch()) {
            int n = Math.min(net.maxBatch(), order.length - start);
            b.load(order, start, n, net.input());
            net.forward(new Pass(n, false, 0, parallel));
            loss.compute(n, io);
            for (int i = 0; i < n; i++) {
                sum += losses[i];
                if (classes) {
                    int predicted = ClassTargets.predicted(net.output(), i * w, w);
                    confusion[b.labels()[i]][predicted]++;
                    if (predicted == b.labels()[i]) {
                        correct++;
                    }
                }
            }
        }
        return new Result(sum / data.size(), classes ? (double) correct / data.size() : Double.NaN, confusion,
                data.size());
    }
}
