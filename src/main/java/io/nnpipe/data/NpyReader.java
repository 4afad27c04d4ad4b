package io.nnpipe.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads NumPy {@code .npy} arrays ({@link NpyHeader}) as a data source: an inputs array whose first
 * dimension is the samples and whose other dimensions fit the input shape by the IDX rule
 * ({@link IdxReader#fits}), and a labels array of shape (n,) or (n, 1) of class indices (whole
 * numbers of any numeric dtype), or a targets array of shape (n, outputs) (or (n,) for one
 * output) of finite numbers. Samples are numbered from 1 in messages, as in the outputs, with
 * numpy's 0-based index beside them ({@code x[4]}).
 */
final class NpyReader {
    private NpyReader() {
    }

    /**
     * What a labels or targets array gave: class labels, or target vectors of {@code width}; how many
     * it holds; and its file as the inputs' errors name it (null until {@link #of} gives it).
     */
    record Column(int[] labels, double[] targets, int width, long records, String file) {
        /** This column, read from {@code file}. */
        Column of(String file) {
            return new Column(labels, targets, width, records, file);
        }
    }

    /** Reads a labels array for a network of {@code classes} outputs (0 or less: unknown); null after a problem. */
    static Column labels(InputStream in, int classes, int limit, FileErrors errors) throws IOException {
        DataInputStream data = new DataInputStream(in);
        NpyHeader h = header(data, errors);
        if (h == null) {
            return null;
        }
        if (!(h.shape().length == 1 || (h.shape().length == 2 && h.shape()[1] == 1)) || h.shape()[0] < 1) {
            errors.file("expected labels of shape (n,) or (n, 1), one class index per sample, found " + describe(h));
            return null;
        }
        int n = count(h, limit);
        int[] labels = new int[n];
        NpyArray array = NpyArray.of(h, data, 1);
        double[] v = new double[1];
        for (int i = 0; i < n; i++) {
            array.sample(i, v);
            boolean whole = v[0] == Math.rint(v[0]) && v[0] >= 0 && v[0] <= Integer.MAX_VALUE; // 3.0 as CSV's "3.0"
            if (!whole || (classes > 0 && v[0] >= ClassTargets.count(classes))) {
                errors.file(at(i) + ": " + (classes > 0 ? "expected " + ClassTargets.expected(classes)
                        : "expected a class label (a whole number from 0)") + ", found " + number(v[0]));
                if (errors.full()) {
                    return null;
                }
            }
            labels[i] = (int) v[0];
        }
        end(array, h, limit, errors);
        return errors.any() ? null : new Column(labels, null, 0, h.shape()[0], null);
    }

    /** Reads a targets array for a network of {@code outputs} outputs (0 or less: unknown); null after a problem. */
    static Column targets(InputStream in, int outputs, int limit, FileErrors errors) throws IOException {
        DataInputStream data = new DataInputStream(in);
        NpyHeader h = header(data, errors);
        if (h == null) {
            return null;
        }
        long[] s = h.shape();
        int width = s.length == 1 ? 1 : s.length == 2 ? (int) Math.min(s[1], Integer.MAX_VALUE) : -1;
        if (width < 1 || s[0] < 1 || (outputs > 0 && width != outputs)) {
            errors.file("expected targets of shape (n, " + (outputs > 0 ? outputs : "outputs") + ")"
                    + (outputs == 1 || outputs <= 0 ? " or (n,)" : "") + ", one value per network output"
                    + (outputs > 0 ? " (the network has " + outputs + ")" : "") + ", found " + describe(h));
            return null;
        }
        int n = count(h, limit);
        double[] targets = new double[Math.multiplyExact(n, width)];
        double[] row = new double[width];
        NpyArray array = NpyArray.of(h, data, width);
        for (int i = 0; i < n; i++) {
            array.sample(i, row);
            if (!finite(row, i, h, errors)) {
                return null;
            }
            System.arraycopy(row, 0, targets, i * width, width);
        }
        end(array, h, limit, errors);
        return errors.any() ? null : new Column(null, targets, width, s[0], null);
    }

    /**
     * Reads the inputs array for {@code read} (labels or targets, one per sample, already read; null
     * for {@code predict}: every sample, each with the label -1) with samples of {@code shape}.
     */
    static SampleStore inputs(InputStream in, Column read, int[] shape, FileErrors errors) throws IOException {
        DataInputStream data = new DataInputStream(in);
        NpyHeader h = header(data, errors);
        if (h == null) {
            return null;
        }
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (!fits(h, shape, size)) {
            errors.file("expected an array of shape (n, " + join(shape) + ") or (n, " + size + "): samples first, then"
                    + " the input shape, found " + describe(h) + channelsLast(h, shape));
            return null;
        }
        if (read != null && read.records() != h.shape()[0]) {
            errors.file("expected as many samples as the " + (read.labels() != null ? "labels" : "targets") + " array "
                    + (read.file() == null ? "" : read.file() + " ") + "has (" + read.records() + "), found " + describe(h));
            return null;
        }
        int n = read != null ? (read.labels() != null ? read.labels().length : read.targets().length / read.width())
                : count(h, 0);
        SampleStore.Builder b = new SampleStore.Builder(size, read == null ? 0 : read.width(), n);
        NpyArray array = NpyArray.of(h, data, size);
        if (!samples(array, h, read, n, b, errors)) {
            return null;
        }
        end(array, h, read == null || n == h.shape()[0] ? 0 : n, errors);
        return errors.any() ? null : b.build();
    }

    /** Adds the first n samples with their labels or targets ({@code read}; null: label -1); false at the cap of problems. */
    private static boolean samples(NpyArray array, NpyHeader h, Column read, int n, SampleStore.Builder b, FileErrors errors)
            throws IOException {
        double[] row = new double[array.size()];
        double[] target = read == null || read.width() == 0 ? null : new double[read.width()];
        boolean bytes = h.kind() == 'u' && h.itemSize() == 1 && !array.readWhole() && target == null;
        for (int i = 0; i < n; i++) {
            if (bytes) { // uint8 images (MNIST from numpy): one byte per value, as IDX
                b.addSample(array.rawSample(i), read == null ? -1 : read.labels()[i]);
                continue;
            }
            array.sample(i, row);
            if (!finite(row, i, h, errors)) {
                return false;
            }
            for (double v : row) {
                b.add(v);
            }
            if (target != null) {
                System.arraycopy(read.targets(), i * target.length, target, 0, target.length);
                b.end(target);
            } else {
                b.end(read == null ? -1 : read.labels()[i]);
            }
        }
        return true;
    }

    /** Reads and checks the header; null after reporting a problem. */
    private static NpyHeader header(DataInputStream data, FileErrors errors) throws IOException {
        try {
            NpyHeader h = NpyHeader.read(data);
            long total = 1;
            for (long d : h.shape()) {
                total *= Math.min(Math.max(d, 1), 1L << 32); // both factors below 2^33: no overflow
                if (total > Integer.MAX_VALUE) {
                    errors.file("the array " + describe(h) + " holds more than 2^31 values; expected fewer");
                    return null;
                }
            }
            if (h.shape().length == 0 || h.shape()[0] == 0) {
                errors.file("expected an array with one sample or more along its first dimension, found " + describe(h));
                return null;
            }
            return h;
        } catch (NpyHeader.Refused e) {
            errors.file(e.getMessage());
            return null;
        }
    }

    /** The IDX rule; and an array of shape (n,) holds samples of one value. */
    private static boolean fits(NpyHeader h, int[] shape, int size) {
        long[] s = h.shape();
        long record = 1;
        int[] dims = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            dims[i] = (int) s[i];
            record *= i > 0 ? s[i] : 1;
        }
        return record == size && (s.length == 1 || IdxReader.fits(dims, shape));
    }

    private static String channelsLast(NpyHeader h, int[] shape) {
        long[] s = h.shape();
        return shape.length == 3 && s.length == 4 && s[1] == shape[1] && s[2] == shape[2] && s[3] == shape[0]
                ? " (channels last? values are read as [channels][height][width]: save x.transpose(0, 3, 1, 2))" : "";
    }

    /** Every value of sample i finite, else each reported (up to the cap); false when the cap is reached. */
    private static boolean finite(double[] row, int i, NpyHeader h, FileErrors errors) {
        for (int j = 0; j < row.length; j++) {
            if (!Double.isFinite(row[j])) {
                errors.file(at(i) + ", value " + index(h, i, j) + ": expected a finite number, found " + row[j]);
                if (errors.full()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The samples to read: all, or the first {@code limit}. */
    private static int count(NpyHeader h, int limit) {
        return (int) (limit > 0 ? Math.min(limit, h.shape()[0]) : h.shape()[0]);
    }

    /** Refuses bytes after the data, when the whole array was to be read. */
    private static void end(NpyArray array, NpyHeader h, int limit, FileErrors errors) throws IOException {
        if ((limit == 0 || limit >= h.shape()[0] || array.readWhole()) && array.moreBytes()) {
            errors.file("expected the file to end after the data of " + describe(h) + ", found more bytes");
        }
    }

    /** "sample 5 (x[4])": numbered from 1 as in the outputs, with numpy's index. */
    private static String at(int i) {
        return "sample " + (i + 1) + " (index " + i + ")";
    }

    /** numpy's index of value j (row-major) of sample i: "[4, 0, 2, 1]". */
    private static String index(NpyHeader h, int i, int j) {
        long[] s = h.shape();
        StringBuilder b = new StringBuilder();
        for (int d = s.length - 1; d >= 1; d--) {
            b.insert(0, ", " + (j % s[d]));
            j /= (int) s[d];
        }
        return "[" + i + b + "]";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String join(int[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(v[i]);
        }
        return b.toString();
    }

    private static String describe(NpyHeader h) {
        return "shape " + h.shapeText() + " of " + h.dtypeName() + (h.fortran() ? " (Fortran order)" : "")
                + " (header " + h.text() + ")";
    }
}
