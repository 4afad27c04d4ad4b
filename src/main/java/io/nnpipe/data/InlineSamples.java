package io.nnpipe.data;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Node;
import io.nnpipe.config.NumericArray;
import io.nnpipe.config.Numbers;
import io.nnpipe.config.Params;
import io.nnpipe.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads samples written in the config: a list of mappings, each with {@code input} (nested lists
 * in the input shape — for one channel the [height][width] matrix is enough — or a flat list) and
 * either {@code label} (a class index, or a one-hot list) or {@code target} (any vector, e.g. for
 * mse); {@code name} is an optional note for people.
 */
public final class InlineSamples {
    private InlineSamples() {
    }

    /**
     * The dataset of the samples in list {@code node}, for inputs of {@code shape} and targets of
     * {@code width} values; every problem goes to {@code d}, and {@code null} is returned if any.
     */
    public static Dataset read(Node node, Shape shape, int width, Diagnostics d) {
        if (!(node instanceof Node.ListNode list) || list.items().isEmpty()) {
            d.error(node, "expected a non-empty list of samples (each with 'input' and 'label'), found " + node.describe());
            return null;
        }
        int before = d.count();
        List<double[]> inputs = new ArrayList<>();
        List<double[]> targets = new ArrayList<>();
        int[] labels = new int[list.items().size()];
        for (int i = 0; i < list.items().size(); i++) {
            Params p = Params.of(list.items().get(i), d, "a sample");
            p.string("name", null);
            Node in = p.raw("input");
            inputs.add(in == null ? null : readInput(in, shape, d));
            if (in == null) {
                p.error("input", "missing required key 'input' (the sample's values, shape " + shape + ")");
            }
            double[] t = new double[width];
            labels[i] = readTarget(p, width, t);
            targets.add(t);
            p.finish();
        }
        if (d.count() > before) {
            return null;
        }
        return new InlineDataset(shape, width, inputs.toArray(new double[0][]), targets.toArray(new double[0][]), labels);
    }

    private static double[] readInput(Node in, Shape shape, Diagnostics d) {
        int[] written = NumericArray.dimsOf(in);
        int[] dims = shape.dims();
        if (written != null && written.length == 1) {
            dims = new int[] {shape.size()};
        } else if (written != null && shape.rank() == 3 && shape.channels() == 1 && written.length == 2) {
            dims = new int[] {shape.height(), shape.width()};
        }
        return NumericArray.read(in, dims, d);
    }

    /** Fills {@code t}; returns the class index or -1. */
    private static int readTarget(Params p, int width, double[] t) {
        boolean hasLabel = p.has("label");
        boolean hasTarget = p.has("target");
        if (hasLabel == hasTarget) {
            p.error(hasLabel ? "target" : "label", hasLabel
                    ? "give either 'label' or 'target', not both"
                    : "missing 'label' (a class index from 0 to " + (width - 1) + ", or one-hot) or 'target' (a list of "
                            + width + " numbers)");
            return -1;
        }
        if (hasTarget) {
            double[] v = NumericArray.read(p.raw("target"), new int[] {width}, p.diagnostics());
            if (v != null) {
                System.arraycopy(v, 0, t, 0, width);
            }
            return -1;
        }
        Node label = p.raw("label");
        if (label instanceof Node.ListNode) {
            double[] v = NumericArray.read(label, new int[] {width}, p.diagnostics());
            if (v == null) {
                return -1;
            }
            int hot = -1;
            for (int i = 0; i < width; i++) {
                if (v[i] == 1 && hot < 0) {
                    hot = i;
                } else if (v[i] != 0) {
                    hot = -2;
                }
            }
            if (hot < 0) {
                p.error("label", "expected a one-hot list (one 1, the rest 0) of " + width + " values; for other"
                        + " targets use 'target'");
                return -1;
            }
            t[hot] = 1;
            return hot;
        }
        Long c = Numbers.toLong(label);
        if (c == null || c < 0 || c >= width) {
            p.error("label", "expected a class index from 0 to " + (width - 1) + " (the network has " + width
                    + " outputs), found " + label.describe());
            return -1;
        }
        t[c.intValue()] = 1;
        return c.intValue();
    }
}
