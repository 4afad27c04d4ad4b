package io.nnpipe.tensor;

import java.util.Arrays;

/**
 * The shape of one sample's tensor, without the batch dimension: {@code [channels, height, width]}
 * for images, {@code [features]} for vectors. Immutable; element order is row-major.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** A shape with the given positive dimensions. */
    public static Shape of(int... dims) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a shape needs at least one dimension");
        }
        java.math.BigInteger size = java.math.BigInteger.ONE;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("dimensions must be positive: " + Arrays.toString(dims));
            }
            size = size.multiply(java.math.BigInteger.valueOf(d));
        }
        if (size.bitLength() > 31) {
            throw new IllegalArgumentException("a tensor of shape " + new Shape(dims) + " would have " + size
                    + " values, more than one buffer holds (" + Integer.MAX_VALUE + ")");
        }
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int i) {
        return dims[i];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements: the product of the dimensions. */
    public int size() {
        int s = 1;
        for (int d : dims) {
            s *= d;
        }
        return s;
    }

    /** Channels of an image shape {@code [c, h, w]}. */
    public int channels() {
        requireRank(3);
        return dims[0];
    }

    public int height() {
        requireRank(3);
        return dims[1];
    }

    public int width() {
        requireRank(3);
        return dims[2];
    }

    private void requireRank(int r) {
        if (dims.length != r) {
            throw new IllegalStateException("expected a rank-" + r + " shape, found " + this);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Dimensions joined by {@code x}, e.g. {@code 1x4x4}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                b.append('x');
            }
            b.append(dims[i]);
        }
        return b.toString();
    }
}
