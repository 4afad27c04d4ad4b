package io.nnpipe.data;

import io.nnpipe.tensor.Shape;
import java.nio.file.Path;
import java.util.List;

/** Some samples of another dataset, in a given order (e.g. one side of a train/test split). Immutable. */
public final class Subset implements Dataset {
    private final Dataset base;
    private final int[] indices;

    /** Sample i of this set is sample {@code indices[i]} of {@code base}. */
    public Subset(Dataset base, int[] indices) {
        for (int k : indices) {
            if (k < 0 || k >= base.size()) {
                throw new IllegalArgumentException("index " + k + " outside 0.." + (base.size() - 1));
            }
        }
        this.base = base;
        this.indices = indices.clone();
    }

    /** The dataset this is part of. */
    public Dataset base() {
        return base;
    }

    /** The same indices into another dataset of the same size (e.g. the base with a transform). */
    public Subset over(Dataset other) {
        if (other.size() != base.size()) {
            throw new IllegalArgumentException("sizes differ: " + other.size() + " vs " + base.size());
        }
        return new Subset(other, indices);
    }

    /** Index in the base dataset of sample {@code i}. */
    public int baseIndex(int i) {
        return indices[i];
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Shape shape() {
        return base.shape();
    }

    @Override
    public int targetWidth() {
        return base.targetWidth();
    }

    @Override
    public void input(int i, double[] dst, int off) {
        base.input(indices[i], dst, off);
    }

    @Override
    public void target(int i, double[] dst, int off) {
        base.target(indices[i], dst, off);
    }

    @Override
    public int label(int i) {
        return base.label(indices[i]);
    }

    @Override
    public List<Path> sources() {
        return base.sources();
    }

    @Override
    public SourceDigest digest(Path source) {
        return base.digest(source);
    }
}
