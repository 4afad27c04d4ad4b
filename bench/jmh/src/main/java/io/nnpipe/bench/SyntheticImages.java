package io.nnpipe.bench;

import io.nnpipe.data.Dataset;
import io.nnpipe.data.FileDataset;
import io.nnpipe.data.PixelTransform;
import io.nnpipe.data.SampleStore;
import io.nnpipe.tensor.Rng;
import io.nnpipe.tensor.Shape;
import java.nio.file.Path;
import java.util.List;

/**
 * Seeded random samples of a given shape and class count, held as the pipeline holds MNIST read
 * from IDX files: one byte per value in a {@link SampleStore} (60,000 28×28 images take 47 MB),
 * scaled to [0, 1] on copy by the same {@link FileDataset} and {@code scale: 255} transform (x / 255,
 * exactly); labels uniform over the classes. Stands in for real data of the same shape, so
 * benchmarks need no downloads and time the same batch copy a real run does.
 */
final class SyntheticImages {
    private SyntheticImages() {
    }

    /** {@code count} samples of {@code shape} with labels from 0 to {@code classes} - 1. */
    static Dataset of(Shape shape, int classes, int count, long seed) {
        int size = shape.size();
        byte[] pixels = new byte[count * size];
        int[] labels = new int[count];
        Rng rng = Rng.derive(seed, "bench/synthetic");
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (rng.nextDouble() * 256);
        }
        for (int i = 0; i < count; i++) {
            labels[i] = (int) (rng.nextDouble() * classes);
        }
        SampleStore.Builder store = new SampleStore.Builder(size, count);
        byte[] row = new byte[size];
        for (int i = 0; i < count; i++) {
            System.arraycopy(pixels, i * size, row, 0, size);
            store.addSample(row, labels[i]);
        }
        PixelTransform scale = new PixelTransform(new double[] {0, 255, 0, 1}, null, null);
        return new FileDataset(store.build(), shape, classes, scale, List.<Path>of());
    }
}
