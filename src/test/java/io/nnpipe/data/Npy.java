package io.nnpipe.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes .npy files byte by byte as numpy/lib/format.py lays them out (magic, version, header
 * length, the dict literal padded with spaces and a newline to a multiple of 64 bytes, then the
 * values), independently of the reader under test.
 */
final class Npy {
    private Npy() {
    }

    /** A version 1.0 file of {@code values} (in storage order) of {@code descr}, C order. */
    static byte[] of(String descr, int[] shape, double... values) {
        return of(1, descr, false, shape, values);
    }

    /** A file of the given version (1, 2 or 3) and order; {@code values} in storage order. */
    static byte[] of(int major, String descr, boolean fortran, int[] shape, double... values) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        s.append(shape.length == 1 ? ",)" : ")");
        return withHeader(major, "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + s + ", }", data(descr, values));
    }

    /** A file with this header text (any text: for refusals) and data bytes. */
    static byte[] withHeader(int major, String dict, byte[] data) {
        int prefix = major == 1 ? 10 : 12;
        StringBuilder h = new StringBuilder(dict);
        while ((prefix + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] text = h.toString().getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(prefix + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        return b.put(text).put(data).array();
    }

    /** The values encoded as {@code descr} ('<f8', '>i2', '|u1', '|b1', ...). */
    static byte[] data(String descr, double... values) {
        int size = descr.charAt(2) - '0';
        ByteBuffer b = ByteBuffer.allocate(values.length * size)
                .order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (descr.substring(1)) {
                case "f8" -> b.putDouble(v);
                case "f4" -> b.putFloat((float) v);
                case "i8", "u8" -> b.putLong((long) v);
                case "i4", "u4" -> b.putInt((int) (long) v);
                case "i2", "u2" -> b.putShort((short) (long) v);
                case "i1", "u1", "b1" -> b.put((byte) (long) v);
                default -> throw new IllegalArgumentException(descr);
            }
        }
        return b.array();
    }
}
