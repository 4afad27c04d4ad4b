package io.nnpipe.tensor;

/**
 * One trainable tensor of a layer (e.g. {@code weight}, {@code bias}): its values and the gradient
 * of the loss with respect to them. Backward passes <em>add</em> to {@link #grad}; the trainer
 * zeroes it before each step. Values and gradient are flat, row-major in {@link #shape()}.
 */
public final class Parameter {
    private final String name;
    private final Shape shape;
    private final double[] value;
    private final double[] grad;

    public Parameter(String name, Shape shape, double[] value) {
        if (value.length != shape.size()) {
            throw new IllegalArgumentException(name + ": " + value.length + " values for shape " + shape);
        }
        this.name = name;
        this.shape = shape;
        this.value = value;
        this.grad = new double[value.length];
    }

    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    /** The live values (modified by the optimizer). */
    public double[] value() {
        return value;
    }

    /** The live gradient (accumulated by backward, zeroed by the trainer). */
    public double[] grad() {
        return grad;
    }

    public int size() {
        return value.length;
    }

    public void zeroGrad() {
        java.util.Arrays.fill(grad, 0.0);
    }
}
