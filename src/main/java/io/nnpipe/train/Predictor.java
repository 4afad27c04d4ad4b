package io.nnpipe.train;

import io.nnpipe.data.Dataset;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.model.Network;

/**
 * Runs a network forward on samples that need no targets (new data, {@code predict}): inference
 * mode (dropout off, batch norm on its running statistics), in the dataset's order, in batches.
 * The forward passes are the ones {@link Evaluator} makes (both run {@code InferenceBatches}), so
 * with the same batch size the outputs are the same bits.
 */
public final class Predictor {
    private final Network net;
    private final Parallel parallel;

    /** Receives every sample's outputs, in the dataset's order. */
    public interface EachSample {
        /**
         * Sample {@code index} (0-based in the dataset): its outputs {@code output[off .. off + width)},
         * valid only during the call.
         */
        void sample(int index, double[] output, int off, int width);
    }

    public Predictor(Network net, Parallel parallel) {
        this.net = net;
        this.parallel = parallel;
    }

    /**
     * Runs every sample of {@code data} in batches of up to {@code batch} (or of the network's
     * prepared size, if it is already prepared) and hands each one's outputs to {@code each}.
     */
    public void predict(Dataset data, int batch, EachSample each) {
        InferenceBatches batches = new InferenceBatches(net, parallel, data, batch);
        int w = net.outputShape().size();
        while (batches.next()) {
            for (int i = 0; i < batches.size(); i++) {
                each.sample(batches.start() + i, net.output(), i * w, w);
            }
        }
    }
}
