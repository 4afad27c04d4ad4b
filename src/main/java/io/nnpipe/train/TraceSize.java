package io.nnpipe.train;

import io.nnpipe.layer.Elementwise;
import io.nnpipe.layer.Layer;
import io.nnpipe.model.Network;
import io.nnpipe.optim.ClippedOptimizer;
import io.nnpipe.optim.Optimizer;
import io.nnpipe.tensor.Parameter;

/**
 * How many values a traced step writes (one {@code trace.csv} row each; see {@link StepTracer}),
 * for a warning before a trace that would fill a disk starts: {@code --trace all} on MNIST's
 * LeNet-5 would write about a terabyte (found in QA's second pass; nothing said so).
 */
public final class TraceSize {
    /** About this many bytes per row (measured: 55 to 58 on traced runs of small networks). */
    static final long BYTES_PER_ROW = 55;
    /** Traces estimated above this many bytes get a warning. */
    static final long WARN_BYTES = 1L << 30;

    private TraceSize() {
    }

    /**
     * The values one traced step of {@code batch} samples writes with {@code optimizer}, counted as
     * {@link StepTracer} writes them: with gradient clipping also each parameter's clipped
     * gradient, and with {@code clip_grad_norm} the total norm and the factor.
     */
    public static long valuesPerStep(Network net, int batch, Optimizer optimizer) {
        long values = valuesPerStep(net, batch);
        if (optimizer instanceof ClippedOptimizer clip) {
            for (int i = 0; i < net.size(); i++) {
                for (Parameter p : net.layers().get(i).parameters()) {
                    values += p.size();
                }
            }
            values += clip.clipping().maxNorm() > 0 ? 2 : 0;
        }
        return values;
    }

    /** The values one traced step of {@code batch} samples writes, counted as {@link StepTracer} writes them. */
    public static long valuesPerStep(Network net, int batch) {
        long perSample = net.inputShape().size() + net.outputShape().size() + 1; // input, target, loss
        long params = 0;
        long buffers = 0;
        for (int i = 0; i < net.size(); i++) {
            Layer l = net.layers().get(i);
            long out = l.outputShape().size();
            perSample += 2 * out + (l instanceof Elementwise ? out : 0) + (i > 0 ? l.inputShape().size() : 0);
            for (Parameter p : l.parameters()) {
                params += p.size();
            }
            for (Parameter b : l.buffers()) {
                buffers += b.size();
            }
        }
        // + the mean loss; gradient, before and after of each parameter; before and after of each buffer
        return batch * perSample + 1 + 3 * params + 2 * buffers;
    }

    /**
     * A warning when tracing {@code traced} steps of {@code batch} samples would write more than
     * {@link #WARN_BYTES}; null otherwise.
     */
    public static String warning(Network net, int batch, long traced) {
        return warning(net, batch, null, traced);
    }

    /** As {@link #warning(Network, int, long)}, counting the rows {@code optimizer}'s clipping adds. */
    public static String warning(Network net, int batch, Optimizer optimizer, long traced) {
        long perStep = valuesPerStep(net, batch, optimizer);
        double bytes = (double) traced * perStep * BYTES_PER_ROW;
        if (bytes <= WARN_BYTES) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "the trace asks for %d steps of about %d values each: trace.csv"
                + " will grow to about %.0f GB; trace fewer steps (e.g. --trace 1-10) unless you have the disk for it",
                traced, perStep, bytes / 1e9);
    }
}
