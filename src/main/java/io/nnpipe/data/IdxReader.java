package io.nnpipe.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the IDX format of MNIST (http://yann.lecun.com/exdb/mnist/): two zero bytes, a type byte
 * (0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64), the
 * number of dimensions, each dimension as a big-endian int32, then the values big-endian in
 * row-major order. An images file has dimensions [n, ...] whose product past n is the input size;
 * a labels file has [n] class indices. Records are numbered from 1 in messages, as samples are
 * in the outputs.
 */
final class IdxReader {
    private static final int MAX_DIMS = 8;

    private IdxReader() {
    }

    /** A file's type code and dimensions. */
    record Header(int type, int[] dims) {
        long records() {
            return dims[0];
        }

        long recordSize() {
            long s = 1;
            for (int i = 1; i < dims.length; i++) {
                s *= dims[i];
            }
            return s;
        }
    }

    /** The labels read (at most the limit) and how many records the labels file holds. */
    record Labels(int[] values, long records) {
    }

    /**
     * Reads the labels file: n class indices, each checked against a network of {@code classes}
     * outputs ({@link ClassTargets#count}; 0 or less: unknown); null if unusable.
     */
    static Labels labels(InputStream in, int classes, int limit, FileErrors errors) throws IOException {
        DataInputStream data = new DataInputStream(in);
        Header h = header(data, errors);
        if (h == null) {
            return null;
        }
        if (h.dims().length != 1 || h.type() == 0x0D || h.type() == 0x0E) {
            errors.file("expected a labels file: one dimension of whole numbers, found " + describe(h));
            return null;
        }
        int n = limit > 0 ? (int) Math.min(limit, h.records()) : (int) h.records();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double v = value(data, h.type(), i, h); // whole numbers: the types above exclude floats
            if (v < 0 || (classes > 0 && v >= ClassTargets.count(classes))) {
                errors.file("record " + (i + 1) + ": " + (classes > 0 ? "expected " + ClassTargets.expected(classes)
                        : "expected a class label (a whole number from 0)")
                        + ", found " + (long) v);
                if (errors.full()) {
                    return null;
                }
            }
            labels[i] = (int) v;
        }
        if (limit == 0 && data.read() >= 0) {
            errors.file("expected the file to end after its " + n + " records, found more bytes");
        }
        return errors.any() ? null : new Labels(labels, h.records());
    }

    /**
     * Reads the images file for {@code labels} (one per record, already read) with records of the
     * input {@code shape} ({@link #fits}). With {@code read} null (images without labels, for
     * {@code predict}) every record is read, each with the label -1.
     */
    static SampleStore images(InputStream in, Labels read, int[] shape, FileErrors errors) throws IOException {
        DataInputStream data = new DataInputStream(in);
        Header h = header(data, errors);
        if (h == null) {
            return null;
        }
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (!fits(h, shape, size)) {
            errors.file(misfit(h, shape, size));
            return null;
        }
        int[] labels = read != null ? read.values() : unlabelled(h.records());
        boolean limited = labels.length < h.records();
        if (read != null && read.records() != h.records()) {
            errors.file("expected as many images as the labels file has labels (" + read.records() + "), found "
                    + h.records());
            return null;
        }
        SampleStore.Builder b = new SampleStore.Builder(size, labels.length);
        byte[] row = new byte[size];
        for (int i = 0; i < labels.length; i++) {
            if (h.type() == 0x08) {
                readRecord(data, row, i, h);
                b.addSample(row, labels[i]);
                continue;
            }
            for (int j = 0; j < size; j++) {
                double v = value(data, h.type(), i, h);
                if (!Double.isFinite(v)) { // every one, up to the cap: all problems at once (QA, eighth pass)
                    errors.file("record " + (i + 1) + ", value " + (j + 1) + " of " + size + " (row-major): expected a"
                            + " finite number, found " + v);
                    if (errors.full()) {
                        return null;
                    }
                }
                b.add(v);
            }
            b.end(labels[i]);
        }
        if (errors.any()) {
            return null;
        }
        if (!limited && data.read() >= 0) {
            errors.file("expected the file to end after its " + labels.length + " records, found more bytes");
        }
        return b.build();
    }

    private static int[] unlabelled(long records) {
        int[] labels = new int[(int) records];
        java.util.Arrays.fill(labels, -1);
        return labels;
    }

    private static void readRecord(DataInputStream data, byte[] row, int i, Header h) throws IOException {
        try {
            data.readFully(row);
        } catch (EOFException e) {
            throw truncated(i, h);
        }
    }

    /** One value of record i, as stored (a float may be NaN or infinite: the caller checks). */
    private static double value(DataInputStream data, int type, int i, Header h) throws IOException {
        double v;
        try {
            v = switch (type) {
                case 0x08 -> data.readUnsignedByte();
                case 0x09 -> data.readByte();
                case 0x0B -> data.readShort();
                case 0x0C -> data.readInt();
                case 0x0D -> data.readFloat();
                default -> data.readDouble();
            };
        } catch (EOFException e) {
            throw truncated(i, h);
        }
        return v;
    }

    private static Truncated truncated(int i, Header h) {
        return new Truncated("the file ends inside record " + (i + 1) + " of the " + h.records()
                + " its header announces (" + describe(h) + "); is it complete?");
    }

    /** Thrown when a file ends early (or cannot be read as a whole); the caller reports the message at the file. */
    static final class Truncated extends IOException {
        private static final long serialVersionUID = 1L;

        Truncated(String message) {
            super(message);
        }
    }

    /** Reads and checks the header; null after reporting a problem. */
    static Header header(DataInputStream data, FileErrors errors) throws IOException {
        try {
            int z0 = data.readUnsignedByte();
            int z1 = data.readUnsignedByte();
            int type = data.readUnsignedByte();
            int rank = data.readUnsignedByte();
            if (z0 != 0 || z1 != 0 || !java.util.List.of(0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E).contains(type)
                    || rank < 1 || rank > MAX_DIMS) {
                errors.file(String.format(java.util.Locale.ROOT, "expected an IDX file (magic 00 00, a type 08/09/0B/0C/0D/0E"
                        + " and 1 to %d dimensions), found the bytes %02x %02x %02x %02x", MAX_DIMS, z0, z1, type, rank));
                return null;
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = data.readInt();
                total *= Math.max(dims[i], 0);
                if (dims[i] <= 0 || total > Integer.MAX_VALUE) {
                    // sizes are unsigned 32-bit: 4000000000 is too large, not "-294967296"
                    StringBuilder so = new StringBuilder(); // "dimension 3 is 6" blamed the 6 of 300000000x2x6 (QA, fifth pass)
                    for (int j = 0; j <= i; j++) {
                        so.append(j == 0 ? "" : "x").append(Integer.toUnsignedString(dims[j]));
                    }
                    errors.file(dims[i] > 0 && i > 0
                            ? "the IDX header's dimensions " + so + " already hold more than 2^31 values; expected fewer"
                            : "dimension " + (i + 1) + " of the IDX header is " + Integer.toUnsignedString(dims[i])
                            + (dims[i] != 0 ? " (the data would exceed 2^31 values)" : "; expected a positive size"));
                    return null;
                }
            }
            return new Header(type, dims);
        } catch (EOFException e) {
            errors.file("the file ends inside its IDX header; is it complete?");
            return null;
        }
    }

    /**
     * Whether records of {@code dims[1..]} hold samples of {@code shape}: as many values, and when a
     * record has as many dimensions as the shape, the same ones ([n, 6, 6, 2] is not [2, 6, 6]:
     * channels-last images were read as channels-first without a word until QA's fifth pass); for
     * one-channel images [1, h, w], two-dimensional records must be [h, w]. Other records (a flat
     * [n, size], MNIST's [n, 28, 28] for [784]) match by size, as docs/data.md says.
     */
    private static boolean fits(Header h, int[] shape, int size) {
        return h.recordSize() == size && fits(h.dims(), shape);
    }

    /**
     * The same rule for an array of dimensions {@code dims} (samples first) whose records hold as
     * many values as {@code shape}; shared with {@link NpyReader}, so both formats take the same arrays.
     */
    static boolean fits(int[] dims, int[] shape) {
        if (dims.length < 2) {
            return false;
        }
        int rank = dims.length - 1;
        if (rank == shape.length) {
            for (int i = 0; i < rank; i++) {
                if (dims[i + 1] != shape[i]) {
                    return false;
                }
            }
        }
        boolean image = shape.length == 3 && shape[0] == 1;
        return !(image && rank == 2 && (dims[1] != shape[1] || dims[2] != shape[2]));
    }

    /** Why records of {@code h} do not hold samples of {@code shape}, naming a channels-last layout. */
    private static String misfit(Header h, int[] shape, int size) {
        boolean image = shape.length == 3 && shape[0] == 1;
        String want = shape.length == 1 ? "" : image ? " (" + shape[1] + "x" + shape[2] + ")" : " (" + join(shape, 0) + ")";
        boolean channelsLast = shape.length == 3 && h.dims().length == 4 && h.dims()[1] == shape[1]
                && h.dims()[2] == shape[2] && h.dims()[3] == shape[0];
        return "expected records of " + size + " values" + want + " to match the input shape, found " + describe(h)
                + (channelsLast ? " (channels last? records are read as [channels][height][width])" : "");
    }

    private static String join(int[] v, int from) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < v.length; i++) {
            b.append(i == from ? "" : "x").append(v[i]);
        }
        return b.toString();
    }

    private static String describe(Header h) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < h.dims().length; i++) {
            b.append(i == 0 ? "" : "x").append(h.dims()[i]);
        }
        String type = switch (h.type()) {
            case 0x08 -> "unsigned bytes";
            case 0x09 -> "signed bytes";
            case 0x0B -> "int16";
            case 0x0C -> "int32";
            case 0x0D -> "float32";
            default -> "float64";
        };
        return "dimensions " + b + " of " + type;
    }
}
