package io.nnpipe.bench;

import io.nnpipe.data.Dataset;
import io.nnpipe.tensor.Rng;
import io.nnpipe.tensor.Shape;

/**
 * Seeded random samples of a given shape and class count, held compactly as one byte per value
 * (as MNIST pixels are: 60,000 28×28 images take 47 MB), scaled to [0, 1] on copy; labels uniform
 * over the classes. Stands in for real data of the same shape, so benchmarks need no downloads.
 */
final class SyntheticImages implements Dataset {
    private final Shape shape;
    private final int classes;
    private final byte[] pixels;
    private final byte[] labels;

    SyntheticImages(Shape shape, int classes, int count, long seed) {
        this.shape = shape;
        this.classes = classes;
        this.pixels = new byte[count * shape.size()];
        this.labels = new byte[count];
        Rng rng = Rng.derive(seed, "bench/synthetic");
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (rng.nextDouble() * 256);
        }
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (rng.nextDouble() * classes);
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public int targetWidth() {
        return classes;
    }

    @Override
    public void input(int i, double[] dst, int off) {
        int n = shape.size();
        for (int k = 0; k < n; k++) {
            dst[off + k] = (pixels[i * n + k] & 0xff) / 255.0;
        }
    }

    @Override
    public void target(int i, double[] dst, int off) {
        java.util.Arrays.fill(dst, off, off + classes, 0.0);
        dst[off + labels[i]] = 1.0;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }
}
