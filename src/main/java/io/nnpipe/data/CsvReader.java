package io.nnpipe.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads samples from CSV text: a header {@code label,p0,...,pN} (the first column must be named
 * {@code label}; the others may have any names, but there must be exactly one per input value),
 * then one sample per line: the class index, then the input values in row-major order. Or, for
 * targets that are not classes (regression, soft or multi-label targets), a header whose first
 * columns are named {@code target...} ({@code target}, or {@code target0,target1,...}), one per
 * network output, and then the input values; each line holds the target vector, then the input.
 * Values are decimal numbers ({@code 3}, {@code -0.25}, {@code 1e-3}); no quoting, no spaces
 * inside fields (spaces around them are ignored). Blank lines are skipped. Bytes are read
 * directly (ASCII), so a 60,000-line MNIST file parses in about a second.
 */
final class CsvReader {
    private static final int MAX_FIELD = 64;
    private final InputStream in;
    private final FileErrors errors;
    private final byte[] buf = new byte[1 << 16];
    private final byte[] field = new byte[MAX_FIELD];
    private int len;
    private int pos;
    private int fieldLen;
    private boolean fieldTooLong;
    private long line = 1;
    private long column = 1;
    private long fieldColumn;
    private boolean pendingSpace;
    private double[] row;
    /** Target columns before the input values; 0: one class label column. */
    private int targets;
    /** The current row's target vector (reused; the store copies it). */
    private double[] target;

    /**
     * What the file must hold: values per sample, the network's outputs (labels are checked
     * against {@link ClassTargets#count}; 0 or less: unknown), and at most how many samples (0 = all).
     */
    record Expect(int size, int classes, int limit) {
    }

    private CsvReader(InputStream in, FileErrors errors) {
        this.in = in;
        this.errors = errors;
    }

    /** Reads the samples; problems go to {@code errors} and the result is then incomplete. */
    static SampleStore read(InputStream in, Expect expect, FileErrors errors) throws IOException {
        return new CsvReader(in, errors).readAll(expect);
    }

    private SampleStore readAll(Expect expect) throws IOException {
        row = new double[expect.size()];
        if (!header(expect)) {
            return new SampleStore.Builder(expect.size(), 1).build();
        }
        SampleStore.Builder b = new SampleStore.Builder(expect.size(), targets, 1024);
        while (expect.limit() == 0 || b.count() < expect.limit()) {
            int end = nextField();
            if (end == EOF && fieldLen == 0) {
                break;
            }
            if (end == EOL && fieldLen == 0) {
                continue;
            }
            row(b, expect, end);
        }
        if (b.count() == 0 && !errors.any()) {
            errors.at(line, 1, "expected at least one sample after the header, found none");
        }
        return b.build();
    }

    /** Checks the header line and finds the target columns; false if it is unusable. */
    private boolean header(Expect expect) throws IOException {
        int n = 0;
        boolean leading = true; // still in the leading target columns
        int end;
        do {
            end = nextField();
            if (n == 0 && end == EOF && fieldLen == 0) {
                errors.at(1, 1, "expected a header line label,p0,...,p" + (expect.size() - 1) + ", found an empty file");
                return false;
            }
            if (n == 0) {
                skipBom();
                if (!text().equals("label") && !text().startsWith("target")) {
                    errors.at(1, 1, "expected a header line starting with 'label' (label,p0,...,p" + (expect.size() - 1)
                            + ") or with target columns (target0,...,p0,...), found \""
                            + io.nnpipe.config.Messages.clip(text()) + "\"");
                    return false;
                }
            }
            leading &= text().startsWith("target");
            targets += leading ? 1 : 0;
            n++;
        } while (end == COMMA);
        int first = Math.max(1, targets);
        target = targets > 0 ? new double[targets] : null;
        if (targets > 0 && expect.classes() > 0 && targets != expect.classes()) {
            errors.at(1, 1, "expected " + expect.classes() + " target column" + (expect.classes() == 1 ? "" : "s")
                    + ", one per network output (the network has " + expect.classes() + "), found " + targets
                    + " named target...");
            return false;
        }
        if (n != expect.size() + first) {
            errors.at(1, 1, "expected " + (expect.size() + first) + " columns (" + leading() + " and " + expect.size()
                    + " input values for the input shape), found " + n + " in the header");
            return false;
        }
        return true;
    }

    /** Reads one sample whose first field has just been read. */
    private void row(SampleStore.Builder b, Expect expect, int firstEnd) throws IOException {
        long rowLine = line - (firstEnd == EOL ? 1 : 0);
        int first = Math.max(1, targets);
        int label = 0;
        boolean ok;
        if (target != null) {
            target[0] = number(rowLine);
            ok = !Double.isNaN(target[0]);
        } else {
            label = label(expect.classes(), rowLine);
            ok = label >= 0;
        }
        int fields = 1;
        int end = firstEnd;
        boolean lastEmpty = false;
        while (end == COMMA) {
            end = nextField();
            lastEmpty = fieldLen == 0;
            int values = fields - first;
            if (values < 0) {
                target[fields] = number(rowLine);
                ok &= !Double.isNaN(target[fields]);
            } else if (values < row.length) { // fields past the expected count are only counted: one message
                row[values] = number(rowLine);
                ok &= !Double.isNaN(row[values]);
            }
            fields++;
        }
        if (fields != expect.size() + first) {
            errors.at(rowLine, 1, "expected " + (expect.size() + first) + " fields (" + leading() + " and "
                    + expect.size() + " values), found "
                    + fields + (fields == expect.size() + first + 1 && lastEmpty
                    ? " (the last one empty: a comma at the end of the line?)" : ""));
            return;
        }
        if (ok) {
            for (double v : row) {
                b.add(v);
            }
            if (target != null) {
                b.end(target);
            } else {
                b.end(label);
            }
        }
    }

    /** What precedes the input values, in words: "label", "1 target", "3 targets". */
    private String leading() {
        return targets == 0 ? "label" : targets + " target" + (targets == 1 ? "" : "s");
    }

    private int label(int classes, long rowLine) {
        long v = integer();
        if (v == Long.MIN_VALUE || v < 0 || v > Integer.MAX_VALUE || (classes > 0 && v >= ClassTargets.count(classes))) {
            errors.at(rowLine, fieldColumn, (classes > 0 ? "expected " + ClassTargets.expected(classes)
                    : "expected a class label (a whole number from 0)")
                    + ", found \"" + io.nnpipe.config.Messages.clip(text()) + "\"");
            return -1;
        }
        return (int) v;
    }

    /** The current field as a finite number, or NaN after reporting a problem. */
    private double number(long rowLine) {
        long v = integer();
        if (v != Long.MIN_VALUE) {
            return v;
        }
        String t = text();
        if (!fieldTooLong && isDecimal(t)) {
            double d = Double.parseDouble(t);
            if (Double.isFinite(d)) {
                return d;
            }
        }
        errors.at(rowLine, fieldColumn, "expected a finite decimal number, found \"" + io.nnpipe.config.Messages.clip(t)
                + "\"" + (fieldTooLong ? " (longer than " + MAX_FIELD + " characters)" : ""));
        return Double.NaN;
    }

    /** The current field as a whole number with at most 18 digits, or Long.MIN_VALUE if it is not one. */
    private long integer() {
        int i = 0;
        boolean negative = false;
        if (fieldLen > 0 && (field[0] == '-' || field[0] == '+')) {
            negative = field[0] == '-';
            i = 1;
        }
        if (fieldTooLong || i == fieldLen || fieldLen - i > 18) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < fieldLen; i++) {
            int d = field[i] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    /** Decimal notation only: Java's parser would also take "NaN", "0x1p3" or "1d". */
    private static boolean isDecimal(String t) {
        return t.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    }

    private String text() {
        return new String(field, 0, fieldLen, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private void skipBom() {
        if (fieldLen >= 3 && (field[0] & 0xFF) == 0xEF && (field[1] & 0xFF) == 0xBB && (field[2] & 0xFF) == 0xBF) {
            System.arraycopy(field, 3, field, 0, fieldLen - 3);
            fieldLen -= 3;
        }
    }

    private static final int COMMA = 0;
    private static final int EOL = 1;
    private static final int EOF = 2;

    /** Reads the next field (spaces around it dropped) into {@link #field}; returns what ended it. */
    private int nextField() throws IOException {
        fieldLen = 0;
        fieldTooLong = false;
        pendingSpace = false;
        fieldColumn = column;
        while (true) {
            if (pos == len) {
                len = in.read(buf);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    return EOF;
                }
            }
            byte c = buf[pos++];
            column++;
            if (c == ',') {
                return COMMA;
            }
            if (c == '\n') {
                line++;
                column = 1;
                return EOL;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                if (fieldLen == 0) {
                    fieldColumn = column;
                } else {
                    pendingSpace = true;
                }
                continue;
            }
            if (pendingSpace) {
                append((byte) ' ');
                pendingSpace = false;
            }
            append(c);
        }
    }

    private void append(byte c) {
        if (fieldLen < MAX_FIELD) {
            field[fieldLen++] = c;
        } else {
            fieldTooLong = true;
        }
    }
}
