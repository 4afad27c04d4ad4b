package io.nnpipe.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a NumPy {@code .npy} file (format versions 1.0, 2.0 and 3.0, as
 * numpy/lib/format.py writes them): the magic {@code \x93NUMPY}, the major and minor version
 * bytes, the header's length (a little-endian uint16 in 1.0, uint32 in 2.0 and 3.0), then a
 * Python dict literal with exactly the keys {@code 'descr'} (a dtype string such as {@code '<f8'}),
 * {@code 'fortran_order'} (True or False) and {@code 'shape'} (a tuple of sizes). Only the literal
 * forms numpy writes are parsed (strings, True/False, tuples of whole numbers): the header is never
 * evaluated, and object arrays (pickles) are refused, never unpickled.
 *
 * @param kind the dtype's kind: 'f' float, 'i' signed, 'u' unsigned integer, 'b' bool
 * @param itemSize bytes per value
 * @param order the byte order of values of more than one byte
 * @param fortran whether values are stored column-major
 * @param shape the array's dimensions
 * @param text the header's dict literal as written, for messages
 */
record NpyHeader(char kind, int itemSize, ByteOrder order, boolean fortran, long[] shape, String text) {
    /** The first six bytes of every .npy file. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;

    /** A header that cannot be read, in words for the message. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** Reads the header from the start of the content; the stream is then at the first value. */
    static NpyHeader read(DataInputStream in) throws IOException, Refused {
        byte[] start = new byte[8];
        try {
            in.readFully(start);
        } catch (EOFException e) {
            throw new Refused("expected a NumPy .npy file (magic \\x93NUMPY), found a file of fewer than 8 bytes");
        }
        if (!java.util.Arrays.equals(start, 0, 6, MAGIC, 0, 6)) {
            throw new Refused("expected a NumPy .npy file (magic \\x93NUMPY, as numpy.save writes), found the bytes "
                    + hex(start) + (start[0] == 'P' && start[1] == 'K' ? " (a zip archive: .npz files are not read;"
                    + " save each array with numpy.save)" : ""));
        }
        int major = start[6] & 0xFF;
        if (major < 1 || major > 3) {
            throw new Refused("expected .npy format version 1.0, 2.0 or 3.0, found " + major + "." + (start[7] & 0xFF));
        }
        long length;
        try {
            length = major == 1 ? Short.toUnsignedInt(Short.reverseBytes(in.readShort()))
                    : Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
        } catch (EOFException e) {
            throw new Refused("the file ends inside its .npy header; is it complete?");
        }
        if (length > MAX_HEADER) {
            throw new Refused("the .npy header announces " + length + " bytes; expected at most " + MAX_HEADER);
        }
        byte[] bytes = new byte[(int) length];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            throw new Refused("the file ends inside its .npy header of " + length + " bytes; is it complete?");
        }
        String text = new String(bytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).strip();
        return of(text);
    }

    /** The header of the dict literal {@code text}. */
    static NpyHeader of(String text) throws Refused {
        Map<String, Object> dict = new Literal(text).dict();
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
            throw new Refused("expected a header with the keys 'descr', 'fortran_order' and 'shape', found " + text);
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new Refused("expected 'fortran_order' to be True or False, found " + text);
        }
        if (!(dict.get("shape") instanceof List<?> dims) || !dims.stream().allMatch(d -> d instanceof Long)) {
            throw new Refused("expected 'shape' to be a tuple of sizes, found " + text);
        }
        long[] shape = dims.stream().mapToLong(d -> (Long) d).toArray();
        if (!(dict.get("descr") instanceof String descr)) {
            throw new Refused("expected 'descr' to be a plain dtype such as '<f8', found " + text
                    + " (a structured array: save one plain array per file)");
        }
        return dtype(descr, fortran, shape, text);
    }

    private static NpyHeader dtype(String descr, boolean fortran, long[] shape, String text) throws Refused {
        String expected = "a dtype of float64/32, int8/16/32/64, uint8/16/32/64 or bool ('<f8', '>f4', '|u1', '|b1', ...)";
        if (descr.length() < 3 || "<>|=".indexOf(descr.charAt(0)) < 0 || !descr.substring(2).matches("[1-8]")) {
            throw new Refused("expected " + expected + ", found '" + descr + "'"
                    + (descr.contains("O") ? " (an object array holds pickled Python objects: never unpickled;"
                    + " convert it with .astype(float))" : "") + " in the header " + text);
        }
        char kind = descr.charAt(1);
        int size = descr.charAt(2) - '0';
        boolean known = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            default -> false;
        };
        if (!known || (descr.charAt(0) == '|' && size > 1) || descr.charAt(0) == '=' && size > 1) {
            throw new Refused("expected " + expected + (descr.charAt(0) == '=' && known
                    ? " with its byte order, '<' or '>'" : "") + ", found '" + descr + "' in the header " + text);
        }
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return new NpyHeader(kind, size, order, fortran, shape, text);
    }

    /** The dtype in numpy's words: "float64", "uint8", "bool". */
    String dtypeName() {
        return switch (kind) {
            case 'f' -> "float" + 8 * itemSize;
            case 'i' -> "int" + 8 * itemSize;
            case 'u' -> "uint" + 8 * itemSize;
            default -> "bool";
        };
    }

    /** The shape as numpy prints it: "(60000, 28, 28)", "(5,)". */
    String shapeText() {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append(i == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "%02x", b[i] & 0xFF));
        }
        return s.toString();
    }

    /** A parser of the Python literals a .npy header holds: a dict of strings, booleans, tuples of ints. */
    private static final class Literal {
        private final String s;
        private int pos;

        Literal(String s) {
            this.s = s;
        }

        Map<String, Object> dict() throws Refused {
            expect('{');
            Map<String, Object> map = new LinkedHashMap<>();
            while (!peek('}')) {
                Object key = value();
                expect(':');
                if (!(key instanceof String k) || map.put(k, value()) != null) {
                    throw refused();
                }
                if (!peek('}')) {
                    expect(',');
                }
            }
            expect('}');
            skipSpace();
            if (pos != s.length()) {
                throw refused();
            }
            return map;
        }

        private Object value() throws Refused {
            skipSpace();
            if (pos >= s.length()) {
                throw refused();
            }
            char c = s.charAt(pos);
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, pos + 1);
                if (end < 0) {
                    throw refused();
                }
                String v = s.substring(pos + 1, end);
                pos = end + 1;
                return v;
            }
            if (c == '(' || c == '[') {
                return sequence(c == '(' ? ')' : ']');
            }
            for (String word : List.of("True", "False")) {
                if (s.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("True");
                }
            }
            return number();
        }

        private List<Object> sequence(char close) throws Refused {
            pos++;
            List<Object> items = new ArrayList<>();
            while (!peek(close)) {
                items.add(value());
                if (!peek(close)) {
                    expect(',');
                }
            }
            expect(close);
            return items;
        }

        private Long number() throws Refused {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == start || pos - start > 18) {
                throw refused();
            }
            long v = Long.parseLong(s.substring(start, pos));
            if (pos < s.length() && s.charAt(pos) == 'L') { // Python 2 wrote longs so
                pos++;
            }
            return v;
        }

        private boolean peek(char c) {
            skipSpace();
            return pos < s.length() && s.charAt(pos) == c;
        }

        private void expect(char c) throws Refused {
            if (!peek(c)) {
                throw refused();
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private Refused refused() {
            return new Refused("expected a .npy header: a Python dict literal such as {'descr': '<f8', 'fortran_order':"
                    + " False, 'shape': (3, 4)}, found " + (s.length() > 300 ? s.substring(0, 300) + "..." : s) + " (unreadable at character "
                    + (pos + 1) + ")");
        }
    }
}
