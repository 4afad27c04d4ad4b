package io.nnpipe.data;

import io.nnpipe.tensor.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Samples read from data files, held compactly in a {@link SampleStore} and converted to inputs
 * on copy by a {@link PixelTransform} (through a 256-entry table per channel when the store holds
 * bytes, which gives the same bits as applying the transform directly). Targets are one-hot
 * vectors of the label. Immutable.
 */
public final class FileDataset implements Dataset {
    private final SampleStore store;
    private final Shape shape;
    private final int width;
    private final int channels;
    private final PixelTransform transform;
    private final double[][] table;
    private final List<Path> files;
    private final Map<Path, SourceDigest> digests;

    /** Samples of {@code store} for inputs of {@code shape} and {@code width} classes. */
    public FileDataset(SampleStore store, Shape shape, int width, PixelTransform transform, List<Path> files) {
        this(store, shape, width, transform, files, Map.of());
    }

    /** As above, with the digests the reader computed for some of the files ({@link #digest}). */
    FileDataset(SampleStore store, Shape shape, int width, PixelTransform transform, List<Path> files,
            Map<Path, SourceDigest> digests) {
        if (store.sampleSize() != shape.size()) {
            throw new IllegalArgumentException("store holds " + store.sampleSize() + " values per sample, shape " + shape);
        }
        this.store = store;
        this.shape = shape;
        this.width = width;
        this.channels = shape.rank() == 3 ? shape.channels() : 1;
        this.transform = transform;
        this.table = store.isBytes() ? transform.byteTable(channels) : null;
        this.files = List.copyOf(files);
        this.digests = Map.copyOf(digests);
    }

    /** The same samples with another transform. */
    public FileDataset withTransform(PixelTransform t) {
        return new FileDataset(store, shape, width, t, files, digests);
    }

    /** The compact store (for memory figures). */
    public SampleStore store() {
        return store;
    }

    @Override
    public int size() {
        return store.count();
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
        int size = store.sampleSize();
        int plane = size / channels;
        if (table != null) {
            for (int c = 0, j = 0; c < channels; c++) {
                double[] t = table[c];
                for (int end = j + plane; j < end; j++) {
                    dst[off + j] = t[store.rawByte(i, j)];
                }
            }
            return;
        }
        for (int j = 0; j < size; j++) {
            dst[off + j] = transform.apply(j / plane, store.value(i, j));
        }
    }

    @Override
    public void target(int i, double[] dst, int off) {
        if (store.targetWidth() > 0) {
            store.target(i, dst, off);
        } else if (store.label(i) < 0) { // inputs without labels (predict): never a target, not a wrong one
            throw new IllegalStateException("sample " + i + " has no label, so no target");
        } else {
            ClassTargets.encode(store.label(i), width, dst, off);
        }
    }

    @Override
    public int label(int i) {
        return store.label(i);
    }

    @Override
    public List<Path> sources() {
        return files;
    }

    @Override
    public SourceDigest digest(Path source) {
        return digests.get(source);
    }
}
