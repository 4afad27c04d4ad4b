package io.nnpipe.data;

import io.nnpipe.tensor.Shape;

/** Samples held as arrays of doubles, e.g. read from the config file itself. Immutable. */
public final class InlineDataset implements Dataset {
    private final Shape shape;
    private final int width;
    private final double[][] inputs;
    private final double[][] targets;
    private final int[] labels;

    /** Arrays are copied. {@code labels[i]} is -1 where sample i has no class. */
    public InlineDataset(Shape shape, int width, double[][] inputs, double[][] targets, int[] labels) {
        if (inputs.length != targets.length || inputs.length != labels.length) {
            throw new IllegalArgumentException("inputs, targets and labels differ in count");
        }
        this.shape = shape;
        this.width = width;
        this.inputs = new double[inputs.length][];
        this.targets = new double[targets.length][];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].length != shape.size() || targets[i].length != width) {
                throw new IllegalArgumentException("sample " + i + " does not match shape " + shape + " / width " + width);
            }
            this.inputs[i] = inputs[i].clone();
            this.targets[i] = targets[i].clone();
        }
        this.labels = labels.clone();
    }

    @Override
    public int size() {
        return inputs.length;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public int targetWidth() {
        return width;
    }

    @Override
    public void input(int i, double[] dst, int off) {
        System.arraycopy(inputs[i], 0, dst, off, inputs[i].length);
    }

    @Override
    public void target(int i, double[] dst, int off) {
        System.arraycopy(targets[i], 0, dst, off, width);
    }

    @Override
    public int label(int i) {
        return labels[i];
    }
}
