package io.nnpipe.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The values of a .npy array read sample by sample (the first dimension), each sample's values in
 * row-major order over the other dimensions, as doubles. A C-order array is streamed one sample at
 * a time; a Fortran-order one (column-major, as {@code numpy.save} writes a transposed array or
 * many a pandas {@code DataFrame.to_numpy()}) is read whole first, then gathered, so both give the
 * same samples. Samples must be read in order from the first.
 */
final class NpyArray {
    /** The largest Fortran-order array held whole, in bytes (a Java array's limit). */
    private static final long MAX_WHOLE = Integer.MAX_VALUE - 64;
    private final NpyHeader h;
    private final DataInputStream in;
    private final int samples;
    private final int size;
    private final ByteBuffer buffer;
    private final int[] dims;
    /** Scratch for one value's index past the first dimension (Fortran order). */
    private final int[] index;

    private NpyArray(NpyHeader h, DataInputStream in, int size, ByteBuffer buffer) {
        this.h = h;
        this.in = in;
        this.samples = (int) h.shape()[0];
        this.size = size;
        this.buffer = buffer;
        this.dims = new int[h.shape().length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = (int) h.shape()[i];
        }
        this.index = new int[dims.length];
    }

    /**
     * The array after its header {@code h} (whose shape holds at most 2^31 values, checked by the
     * caller); a Fortran-order array is read here.
     */
    static NpyArray of(NpyHeader h, DataInputStream in, int size) throws IOException {
        if (!h.fortran() || h.shape().length < 2) { // one dimension: both orders are the same bytes
            return new NpyArray(h, in, size, ByteBuffer.allocate(size * h.itemSize()).order(h.order()));
        }
        long bytes = h.shape()[0] * (long) size * h.itemSize();
        if (bytes > MAX_WHOLE) {
            throw new IdxReader.Truncated("a Fortran-order array is read whole and this one has " + bytes + " bytes;"
                    + " save it in C order (numpy.ascontiguousarray)");
        }
        byte[] all = new byte[(int) bytes];
        try {
            in.readFully(all);
        } catch (EOFException e) {
            throw new IdxReader.Truncated("the file ends before the " + bytes + " bytes of data its header announces ("
                    + h.shapeText() + " of " + h.dtypeName() + ", Fortran order); is it complete?");
        }
        return new NpyArray(h, in, size, ByteBuffer.wrap(all).order(h.order()));
    }

    /** Reads sample {@code i} (0-based, the next one) into {@code dst[0 .. size)}. */
    void sample(int i, double[] dst) throws IOException {
        if (!h.fortran() || dims.length < 2) {
            fill(i);
            for (int j = 0; j < size; j++) {
                dst[j] = value(j * h.itemSize());
            }
            return;
        }
        for (int j = 0; j < size; j++) { // value x[i, a, b, ...] sits at i + n·(a + d1·(b + d2·...))
            long at = i;
            long stride = samples;
            int rest = j;
            for (int d = dims.length - 1; d >= 1; d--) {
                index[d] = rest % dims[d];
                rest /= dims[d];
            }
            for (int d = 1; d < dims.length; d++) {
                at += stride * index[d];
                stride *= dims[d];
            }
            dst[j] = value((int) (at * h.itemSize()));
        }
    }

    /** Values per sample. */
    int size() {
        return size;
    }

    /** Whether the whole array was read when it was opened (Fortran order). */
    boolean readWhole() {
        return h.fortran() && dims.length >= 2;
    }

    /** Whether bytes follow the array's data (for the check that the file ends where its header says). */
    boolean moreBytes() throws IOException {
        return in.read() >= 0;
    }

    /** The raw bytes of sample {@code i} of a C-order uint8 array (read into the reused buffer). */
    byte[] rawSample(int i) throws IOException {
        fill(i);
        return buffer.array();
    }

    private void fill(int i) throws IOException {
        try {
            in.readFully(buffer.array());
        } catch (EOFException e) {
            throw new IdxReader.Truncated("the file ends inside sample " + (i + 1) + " of the " + samples
                    + " its header announces (" + h.shapeText() + " of " + h.dtypeName() + "); is it complete?");
        }
    }

    /** The value at byte {@code off} of the buffer, as a double (bool as 0 or 1). */
    private double value(int off) {
        return switch (h.kind()) {
            case 'f' -> h.itemSize() == 8 ? buffer.getDouble(off) : buffer.getFloat(off);
            case 'i' -> switch (h.itemSize()) {
                case 1 -> buffer.get(off);
                case 2 -> buffer.getShort(off);
                case 4 -> buffer.getInt(off);
                default -> buffer.getLong(off);
            };
            case 'u' -> switch (h.itemSize()) {
                case 1 -> buffer.get(off) & 0xFF;
                case 2 -> buffer.getShort(off) & 0xFFFF;
                case 4 -> buffer.getInt(off) & 0xFFFFFFFFL;
                default -> unsigned(buffer.getLong(off));
            };
            default -> buffer.get(off) != 0 ? 1 : 0;
        };
    }

    /** A uint64 as the nearest double (halving keeps the rounding right: the low bit stays sticky). */
    private static double unsigned(long v) {
        return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
    }
}
