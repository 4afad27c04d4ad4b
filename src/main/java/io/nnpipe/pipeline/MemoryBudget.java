package io.nnpipe.pipeline;

import io.nnpipe.layer.Layer;
import io.nnpipe.tensor.Shape;
import java.util.List;
import java.util.Locale;

/**
 * Estimates, before anything is allocated, the memory a network will need, and refuses what
 * cannot fit: a single buffer longer than a Java array can be, or a total above what this JVM may
 * use ({@link Runtime#maxMemory()}, i.e. {@code -Xmx}). Without it an absurd size (a dense layer
 * of millions of units, a huge batch of large images) would surface as an
 * {@link OutOfMemoryError} or a negative array size deep inside training.
 *
 * <p>The estimate counts, per parameter value, the value, its gradient and two optimizer slots
 * (Adam's moments; an upper bound for SGD, one short for AdamW with amsgrad and for centered
 * RMSprop with momentum, which keep three); per activation value, the output and its gradient for
 * every sample of a batch, plus the input batch; and each layer's working memory as it declares
 * it ({@link Layer#scratchValues}, e.g. a convolution's unfolded columns). The data set and the
 * JVM's own overhead are not counted, so the estimate is a lower bound on what a run uses.
 */
public final class MemoryBudget {
    /** The longest Java array the JVM reliably allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final long PARAMETER_BYTES = 4 * Double.BYTES;
    private static final long ACTIVATION_BYTES = 2 * Double.BYTES;

    private final long limitBytes;
    private long parameterBytes;

    /** A budget of {@code limitBytes} in all. */
    MemoryBudget(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    long parameterBytes() {
        return parameterBytes;
    }

    /**
     * Books a parameter of {@code values} values; returns why it cannot be had ("would need ...")
     * or null when it fits.
     */
    String reserveParameter(long values) {
        long bytes = values * PARAMETER_BYTES;
        if (parameterBytes + bytes > limitBytes) {
            return "would need " + bytes(bytes) + " (with its gradient and optimizer state), and the parameters so far "
                    + bytes(parameterBytes) + "; this JVM may use at most " + bytes(limitBytes) + " (java -Xmx)";
        }
        parameterBytes += bytes;
        return null;
    }

    /**
     * Checks the activations of {@code layers} (fed samples of {@code input}) for batches of
     * {@code batch}: returns null when parameters and activations fit, else the index of the layer
     * to blame (the largest one; -1 for the input) and the message, as a {@link Refusal}.
     */
    Refusal checkActivations(Shape input, List<Layer> layers, int batch) {
        long inputValues = (long) batch * input.size();
        long total = inputValues * Double.BYTES;
        int largest = -1;
        long largestValues = inputValues;
        for (int i = 0; i < layers.size(); i++) {
            long scratch = layers.get(i).scratchValues(batch);
            if (scratch > MAX_ARRAY) {
                return new Refusal(i, "its working memory would be " + scratch + " values (" + bytes(scratch * Double.BYTES)
                        + "), more than one buffer can hold (" + MAX_ARRAY + "); use a smaller kernel, padding or input");
            }
            long values = (long) batch * layers.get(i).outputShape().size();
            total += values * ACTIVATION_BYTES + scratch * Double.BYTES;
            if (values > largestValues) {
                largest = i;
                largestValues = values;
            }
        }
        if (largestValues > MAX_ARRAY) {
            return new Refusal(largest, "its output for a batch of " + batch + " would be " + largestValues
                    + " values, more than one buffer can hold (" + MAX_ARRAY + "); use a smaller batch_size");
        }
        if (parameterBytes + total > limitBytes) {
            return new Refusal(largest, String.format(Locale.ROOT, "training would need about %s (parameters %s,"
                    + " activations and working memory for a batch of %d: %s, the largest being this layer's output of %s); this JVM may"
                    + " use at most %s (java -Xmx); use a smaller batch_size or smaller layers",
                    bytes(parameterBytes + total), bytes(parameterBytes), batch, bytes(total),
                    bytes(largestValues * ACTIVATION_BYTES), bytes(limitBytes)));
        }
        return null;
    }

    /** Why the activations do not fit, and which layer (-1: the input) is the largest. */
    record Refusal(int layer, String message) {
    }

    /**
     * The estimate for a built network and batch, as shown by {@code validate}: {@code about
     * 1.2 MiB (parameters with gradients and optimizer state 80.0 KiB; activations and working memory
     * for a batch of 32: 1.1 MiB)}.
     */
    public static String describe(io.nnpipe.model.Network net, int batch) {
        long params = 0;
        for (io.nnpipe.tensor.Parameter p : net.parameters()) {
            params += p.size() * PARAMETER_BYTES;
        }
        long acts = (long) batch * net.inputShape().size() * Double.BYTES;
        for (Layer l : net.layers()) {
            acts += (long) batch * l.outputShape().size() * ACTIVATION_BYTES + l.scratchValues(batch) * Double.BYTES;
        }
        return "about " + bytes(params + acts) + " (parameters with gradients and optimizer state " + bytes(params)
                + "; activations and working memory for a batch of " + batch + ": " + bytes(acts) + ")";
    }

    /** Why a sample shape is too large for one buffer, or null. */
    static String tooLarge(int[] dims) {
        long size = 1;
        for (int d : dims) {
            size *= d;
            if (size > MAX_ARRAY) {
                return "a sample of this shape would have more than " + MAX_ARRAY + " values, more than one buffer can hold";
            }
        }
        return null;
    }

    /** {@code 1.5 GiB} style. */
    static String bytes(long b) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
