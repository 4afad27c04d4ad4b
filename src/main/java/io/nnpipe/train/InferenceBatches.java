package io.nnpipe.train;

import io.nnpipe.data.Dataset;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.layer.Pass;
import io.nnpipe.model.Network;

/**
 * Runs a dataset forward through a network in inference mode (dropout off, batch norm on its
 * running statistics), in the dataset's order, one batch per {@link #next()}. The one loop
 * {@link Evaluator} and {@link Predictor} share, so their outputs for the same batch size are the
 * same bits.
 *
 * <p>Lifecycle: the constructor prepares the network for {@code batch} samples unless it is already
 * prepared (buffers in use are never reallocated: batches are then of its prepared size); then
 * {@code while (next())} the network's output holds samples {@code start() .. start() + size())}.
 */
final class InferenceBatches {
    private final Network net;
    private final Parallel parallel;
    private final Dataset data;
    private int start;
    private int size;

    InferenceBatches(Network net, Parallel parallel, Dataset data, int batch) {
        if (net.maxBatch() == 0) {
            net.prepare(batch);
        }
        this.net = net;
        this.parallel = parallel;
        this.data = data;
    }

    /** Copies the next batch's inputs into the network and runs it forward; false when all are done. */
    boolean next() {
        start += size;
        if (start >= data.size()) {
            return false;
        }
        size = Math.min(net.maxBatch(), data.size() - start);
        int width = data.shape().size();
        for (int i = 0; i < size; i++) {
            data.input(start + i, net.input(), i * width);
        }
        net.forward(new Pass(size, false, 0, parallel));
        return true;
    }

    /** The dataset index of the current batch's first sample. */
    int start() {
        return start;
    }

    /** The number of samples in the current batch. */
    int size() {
        return size;
    }
}
