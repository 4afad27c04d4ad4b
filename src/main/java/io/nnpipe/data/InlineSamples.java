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
 * either {@code label} (a class index, or a one-hot list; for a one-output network 0 or 1, its
 * target: {@link ClassTargets}) or {@code target} (any vector, e.g. for mse); {@code name} is an
 * optional note for people.
 */
public final class InlineSamples {
    private InlineSamples() {
    }

    /**
     * The dataset of the samples in list {@code node}, for inputs of {@code shape} and targets of
     * {@code width} values; every problem goes to {@code d}, and {@code null} is returned if any.
     * A {@code width} of 0 or less means the network's output size is not known (its layers have
     * problems): the inputs are checked in full, the labels and targets only for their form.
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
                p.missing("input", "the sample's values, shape " + shape);
            }
            double[] t = new double[Math.max(width, 0)];
            labels[i] = width > 0 ? readTarget(p, width, t) : checkTargetForm(p);
            targets.add(t);
            p.finish();
        }
        if (d.count() > before || width <= 0) {
            return null;
        }
        return new InlineDataset(shape, width, inputs.toArray(new double[0][]), targets.toArray(new double[0][]), labels);
    }

    private static double[] readInput(Node in, Shape shape, Diagnostics d) {
        int[] written = NumericArray.dimsOf(in);
        boolean flat = written != null && written.length == 1;
        boolean nested = written != null && written.length == shape.rank();
        boolean matrix = written != null && written.length == 2 && shape.rank() == 3 && shape.channels() == 1;
        if (!(flat || nested || matrix) || flat && written[0] != shape.size()) {
            // the overall form is wrong: one message for the input, not one per row
            d.error(in, "expected the input of shape " + shape + ": " + forms(shape) + "; found " + describe(in, written));
            return null;
        }
        int[] dims = flat ? new int[] {shape.size()} : matrix ? new int[] {shape.height(), shape.width()} : shape.dims();
        return NumericArray.read(in, dims, d);
    }

    /** The ways an input of {@code shape} may be written, for messages. */
    private static String forms(Shape shape) {
        StringBuilder b = new StringBuilder();
        if (shape.rank() > 1) {
            b.append("lists nested ").append(bracketed(shape.dims()));
            if (shape.rank() == 3 && shape.channels() == 1) {
                b.append(", a ").append(bracketed(new int[] {shape.height(), shape.width()})).append(" matrix");
            }
            b.append(" or ");
        }
        return b.append("a flat list of ").append(shape.size()).append(" numbers").toString();
    }

    private static String describe(Node in, int[] written) {
        if (written == null) {
            return in.describe();
        }
        return written.length == 1 ? "a list of " + written[0] : "lists nested " + bracketed(written);
    }

    private static String bracketed(int[] dims) {
        StringBuilder b = new StringBuilder();
        for (int x : dims) {
            b.append('[').append(x).append(']');
        }
        return b.toString();
    }

    /** Checks a label or target whose width is not known: its form only. Returns -1. */
    private static int checkTargetForm(Params p) {
        boolean hasLabel = p.has("label");
        boolean hasTarget = p.has("target");
        if (hasLabel && hasTarget) {
            p.error("target", "give either 'label' or 'target', not both");
            return -1;
        }
        if (!hasLabel && !hasTarget) {
            p.missing("label", "a class index, or one-hot; or instead 'target', a list of numbers");
            return -1;
        }
        Node n = p.raw(hasLabel ? "label" : "target");
        if (n instanceof Node.ListNode l) {
            NumericArray.read(n, new int[] {l.items().size()}, p.diagnostics());
        } else if (hasTarget) {
            p.error("target", "expected a list of numbers, found " + n.describe());
        } else {
            Long c = Numbers.toLong(n);
            if (c == null || c < 0) {
                p.error("label", "expected a class index (an integer >= 0) or a one-hot list, found " + n.describe());
            }
        }
        return -1;
    }

    /** {@code [0.3, 0.7]}: the values as written for a message, at most 8 shown. */
    private static String oneLine(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < Math.min(v.length, 8); i++) {
            b.append(i > 0 ? ", " : "").append(io.nnpipe.output.Num.format(v[i]));
        }
        return b.append(v.length > 8 ? ", ...]" : "]").toString();
    }

    /** Fills {@code t}; returns the class index or -1. */
    private static int readTarget(Params p, int width, double[] t) {
        boolean hasLabel = p.has("label");
        boolean hasTarget = p.has("target");
        if (hasLabel && hasTarget) {
            p.error("target", "give either 'label' or 'target', not both");
            return -1;
        }
        if (!hasLabel && !hasTarget) {
            p.missing("label", width == 1 ? "a class label, 0 or 1; or instead 'target', a list of 1 number"
                    : "a class index from 0 to " + (width - 1) + ", or one-hot; or instead 'target', a list of "
                    + width + " numbers");
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
        if (label instanceof Node.ListNode && width == 1) {
            p.error("label", "expected a class label, 0 or 1 (the network has one output: the label is its target), "
                    + "found a list; for any other value use 'target'");
            return -1;
        }
        if (label instanceof Node.ListNode l && l.items().size() != width) {
            p.error("label", "expected a one-hot list of " + width + " values (one per network output), found a list of "
                    + l.items().size());
            return -1;
        }
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
                p.error("label", "expected a one-hot list (one 1, the rest 0) of " + width + " values, found "
                        + oneLine(v) + "; for other targets use 'target'");
                return -1;
            }
            t[hot] = 1;
            return hot;
        }
        Long c = Numbers.toLong(label);
        if (c == null || c < 0 || c >= ClassTargets.count(width)) {
            p.error("label", "expected " + (width == 1 ? ClassTargets.expected(width)
                    : "a class index from 0 to " + (width - 1) + " (the network has " + width + " outputs)")
                    + ", found " + label.describe());
            return -1;
        }
        ClassTargets.encode(c.intValue(), width, t, 0);
        return c.intValue();
    }
}
