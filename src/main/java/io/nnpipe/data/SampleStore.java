package io.nnpipe.data;

import java.util.Arrays;

/**
 * Raw sample values as read from a data file, held compactly: one unsigned byte per value while
 * every value is a whole number from 0 to 255 (MNIST, the 8×8 digits), otherwise one double per
 * value (exact, as written). One int label per sample, or instead (a CSV file of target columns)
 * a target vector of doubles per sample, whose label is then -1. 60,000 MNIST images take 47 MB
 * as bytes, against 376 MB as doubles. Immutable once built; shared by the train and test views
 * of a split.
 */
public final class SampleStore {
    private final int count;
    private final int size;
    private final byte[] bytes;
    private final double[] doubles;
    private final int[] labels;
    private final int targetWidth;
    private final double[] targets;

    private SampleStore(int count, int size, byte[] bytes, double[] doubles, int[] labels, int targetWidth,
            double[] targets) {
        this.count = count;
        this.size = size;
        this.bytes = bytes;
        this.doubles = doubles;
        this.labels = labels;
        this.targetWidth = targetWidth;
        this.targets = targets;
    }

    /** Values of each sample's target vector, or 0 when the samples have class labels instead. */
    public int targetWidth() {
        return targetWidth;
    }

    /** Copies the target vector of sample {@code i} (only when {@link #targetWidth()} > 0). */
    public void target(int i, double[] dst, int off) {
        System.arraycopy(targets, i * targetWidth, dst, off, targetWidth);
    }

    /** Number of samples. */
    public int count() {
        return count;
    }

    /** Values per sample. */
    public int sampleSize() {
        return size;
    }

    /** Whether values are held as unsigned bytes (then {@link #rawByte} is valid). */
    public boolean isBytes() {
        return bytes != null;
    }

    /** Value {@code j} of sample {@code i} as an unsigned byte (only when {@link #isBytes()}). */
    public int rawByte(int i, int j) {
        return bytes[i * size + j] & 0xFF;
    }

    /** Value {@code j} of sample {@code i}. */
    public double value(int i, int j) {
        return bytes != null ? bytes[i * size + j] & 0xFF : doubles[i * size + j];
    }

    /** The class label of sample {@code i}; -1 when the samples have target vectors. */
    public int label(int i) {
        return labels[i];
    }

    /** Bytes held by the arrays (values and labels), for the memory figures in docs/data.md. */
    public long memoryBytes() {
        return (bytes != null ? (long) bytes.length : 8L * doubles.length) + 4L * labels.length
                + (targets != null ? 8L * targets.length : 0);
    }

    /**
     * Collects samples value by value. Starts in byte mode and switches to doubles (converting
     * what it holds) at the first value that is not a whole number from 0 to 255.
     */
    public static final class Builder {
        private final int size;
        private final int targetWidth;
        private byte[] bytes;
        private double[] doubles;
        private int[] labels;
        private double[] targets;
        private int count;
        private int filled;

        /** A builder for samples of {@code size} values with class labels; {@code expected} sizes the first arrays. */
        public Builder(int size, int expected) {
            this(size, 0, expected);
        }

        /**
         * A builder for samples of {@code size} values with target vectors of {@code targetWidth}
         * values ({@link #end(double[])}), or with class labels when it is 0 ({@link #end(int)}).
         */
        public Builder(int size, int targetWidth, int expected) {
            this.size = size;
            this.targetWidth = targetWidth;
            int n = Math.max(1, expected);
            this.bytes = new byte[Math.multiplyExact(n, size)];
            this.labels = new int[n];
            this.targets = targetWidth > 0 ? new double[Math.multiplyExact(n, targetWidth)] : null;
        }

        /** Values of the current (unfinished) sample so far. */
        public int filled() {
            return filled;
        }

        /** Appends the next value of the current sample. */
        public void add(double v) {
            if (filled == size) {
                throw new IllegalStateException("sample already has " + size + " values");
            }
            if (filled == 0 && count == labels.length) {
                grow();
            }
            int at = count * size + filled;
            if (bytes != null) {
                if (v >= 0 && v <= 255 && v == Math.rint(v) && !(v == 0 && 1 / v < 0)) {
                    bytes[at] = (byte) (int) v;
                    filled++;
                    return;
                }
                toDoubles();
            }
            doubles[at] = v;
            filled++;
        }

        /** Appends a value known to be a byte (0..255), e.g. from an IDX file. */
        public void addByte(int v) {
            if (bytes == null || (filled == 0 && count == labels.length)) {
                add(v);
                return;
            }
            bytes[count * size + filled++] = (byte) v;
        }

        /** Appends a whole sample of unsigned bytes {@code row[0 .. size)} with its label. */
        public void addSample(byte[] row, int label) {
            if (filled != 0) {
                throw new IllegalStateException("a sample is unfinished");
            }
            if (count == labels.length) {
                grow();
            }
            if (bytes == null) {
                for (int j = 0; j < size; j++) {
                    add(row[j] & 0xFF);
                }
                end(label);
                return;
            }
            System.arraycopy(row, 0, bytes, count * size, size);
            labels[count++] = label;
        }

        /** Ends the current sample, which must have all its values, with its label. */
        public void end(int label) {
            if (filled != size) {
                throw new IllegalStateException("sample has " + filled + " of " + size + " values");
            }
            if (targetWidth > 0) {
                throw new IllegalStateException("these samples take target vectors, not labels");
            }
            labels[count++] = label;
            filled = 0;
        }

        /** Ends the current sample, which must have all its values, with its target vector. */
        public void end(double[] target) {
            if (filled != size || target.length != targetWidth || targetWidth == 0) {
                throw new IllegalStateException("sample has " + filled + " of " + size + " values and a target of "
                        + target.length + " for " + targetWidth);
            }
            System.arraycopy(target, 0, targets, count * targetWidth, targetWidth);
            labels[count++] = -1;
            filled = 0;
        }

        /** Samples ended so far. */
        public int count() {
            return count;
        }

        /** The store of the samples ended so far (arrays trimmed to size). */
        public SampleStore build() {
            int n = count * size;
            return new SampleStore(count, size, bytes == null ? null : trim(bytes, n),
                    doubles == null ? null : trim(doubles, n), trim(labels, count), targetWidth,
                    targets == null ? null : trim(targets, count * targetWidth));
        }

        private static byte[] trim(byte[] a, int n) {
            return a.length == n ? a : Arrays.copyOf(a, n);
        }

        private static double[] trim(double[] a, int n) {
            return a.length == n ? a : Arrays.copyOf(a, n);
        }

        private static int[] trim(int[] a, int n) {
            return a.length == n ? a : Arrays.copyOf(a, n);
        }

        private void grow() {
            int cap = labels.length + Math.max(1, labels.length / 2);
            labels = Arrays.copyOf(labels, cap);
            if (targets != null) {
                targets = Arrays.copyOf(targets, Math.multiplyExact(cap, targetWidth));
            }
            if (bytes != null) {
                bytes = Arrays.copyOf(bytes, Math.multiplyExact(cap, size));
            } else {
                doubles = Arrays.copyOf(doubles, Math.multiplyExact(cap, size));
            }
        }

        private void toDoubles() {
            doubles = new double[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                doubles[i] = bytes[i] & 0xFF;
            }
            bytes = null;
        }
    }
}
