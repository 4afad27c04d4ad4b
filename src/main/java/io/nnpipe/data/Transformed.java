package io.nnpipe.data;

import io.nnpipe.tensor.Shape;
import java.nio.file.Path;
import java.util.List;

/** Another dataset's samples with a {@link PixelTransform} applied to each input on copy. Immutable. */
public final class Transformed implements Dataset {
    private final Dataset base;
    private final PixelTransform transform;
    private final int channels;

    public Transformed(Dataset base, PixelTransform transform) {
        this.base = base;
        this.transform = transform;
        this.channels = base.shape().rank() == 3 ? base.shape().channels() : 1;
    }

    @Override
    public int size() {
        return base.size();
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
        base.input(i, dst, off);
        transform.applyTo(dst, off, base.shape().size(), channels);
    }

    @Override
    public void target(int i, double[] dst, int off) {
        base.target(i, dst, off);
    }

    @Override
    public int label(int i) {
        return base.label(i);
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
