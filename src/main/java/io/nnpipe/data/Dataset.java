package io.nnpipe.data;

import io.nnpipe.tensor.Shape;
import java.nio.file.Path;
import java.util.List;

/**
 * A fixed, indexed set of samples: an input tensor and a target vector each, plus the class label
 * when the target is one-hot. Implementations may hold samples compactly (e.g. bytes) and convert
 * on copy; copies always give the same values for the same index.
 */
public interface Dataset {

    /** Number of samples. */
    int size();

    /** Shape of one input. */
    Shape shape();

    /** Length of one target vector. */
    int targetWidth();

    /** Copies input {@code i} into {@code dst[off .. off + shape().size())}. */
    void input(int i, double[] dst, int off);

    /** Copies target {@code i} into {@code dst[off .. off + targetWidth())}. */
    void target(int i, double[] dst, int off);

    /** The class index of sample {@code i}, or -1 when its target is not a class. */
    int label(int i);

    /**
     * The files this dataset was read from, in a fixed order (the run manifest records each one's
     * SHA-256, and a resumed run checks them); empty for samples written in the config itself.
     */
    default List<Path> sources() {
        return List.of();
    }

    /**
     * The digest the reader computed for {@code source}, one of {@link #sources()} (an image folder:
     * the digest of the images it read), or null: the manifest hashes the file's bytes itself.
     */
    default SourceDigest digest(Path source) {
        return null;
    }
}
