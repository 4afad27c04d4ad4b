package io.nnpipe.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads samples from CSV text: a header naming one column {@code label} (anywhere: first as in
 * {@code label,p0,...,pN}, last, or between) and one column per input value (any other names),
 * then one sample per line: the class index in the label's column, the input values in the other
 * columns, in row-major order. Or, for targets that are not classes (regression, soft or
 * multi-label targets), columns named {@code target...} instead of {@code label} ({@code target},
 * or {@code target0,target1,...}; anywhere), one per network output, in the outputs' order.
 * Values are decimal numbers ({@code 3}, {@code -0.25}, {@code 1e-3}); no quoting, no spaces
 * inside fields (spaces around them are ignored; a header name may be in double quotes).
 * Blank lines are skipped. Bytes are read
 * directly (ASCII), so a 60,000-line MNIST file parses in about a second. In the inputs-only mode
 * ({@link Expect#inputs}, for {@code predict}) the label and target columns are optional and, when
 * present, skipped unread; every sample's label is then -1.
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
    /** A CR followed by something other than LF was read. */
    private boolean bareCr;
    private boolean afterCr;
    private double[] row;
    /** The header's columns and their roles; null until the header is read. */
    private CsvColumns columns;
    /** The current row's target vector (reused; the store copies it). */
    private double[] target;

    /**
     * What the file must hold: values per sample, the network's outputs (labels are checked
     * against {@link ClassTargets#count}; 0 or less: unknown), and at most how many samples (0 = all).
     */
    record Expect(int size, int classes, int limit, boolean inputsOnly) {
        Expect(int size, int classes, int limit) {
            this(size, classes, limit, false);
        }

        /** Input values only, {@code size} per sample: label and target columns are optional and skipped. */
        static Expect inputs(int size) {
            return new Expect(size, 0, 0, true);
        }
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
        SampleStore.Builder b = new SampleStore.Builder(expect.size(), columns.targets(), 1024);
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

    /** Reads the header and gives each column its role ({@link CsvColumns}); false if the header is unusable. */
    private boolean header(Expect expect) throws IOException {
        java.util.List<String> names = new java.util.ArrayList<>();
        int end;
        do {
            end = nextField();
            if (names.isEmpty() && end == EOF && fieldLen == 0) {
                errors.at(1, 1, "expected a header line " + (expect.inputsOnly() ? "" : "label,") + "p0,...,p"
                        + (expect.size() - 1) + ", found an empty file");
                return false;
            }
            if (names.isEmpty()) {
                skipBom();
            }
            names.add(CsvColumns.unquote(text()));
        } while (end == COMMA);
        String notText = CsvColumns.notText(names, bareCr);
        if (notText != null) {
            errors.at(1, 1, "expected a CSV file of UTF-8 or ASCII text, found " + notText);
            return false;
        }
        columns = CsvColumns.of(names, expect, errors);
        if (columns == null) {
            return false;
        }
        target = columns.targets() > 0 ? new double[columns.targets()] : null;
        return true;
    }

    /** Reads one sample whose first field has just been read, each field by its column's role. */
    private void row(SampleStore.Builder b, Expect expect, int firstEnd) throws IOException {
        long rowLine = line - (firstEnd == EOL ? 1 : 0);
        int label = expect.inputsOnly() ? -1 : 0;
        boolean ok = true;
        int values = 0;
        int fields = 0;
        int end = firstEnd;
        boolean lastEmpty = false;
        while (true) {
            if (fields < columns.count()) { // fields past the header's are only counted: one message for the row
                int role = columns.role(fields);
                if (role == CsvColumns.IGNORED) {
                    // a label the user's file happens to have: not needed to predict, so not read
                } else if (role == CsvColumns.LABEL) {
                    label = label(expect.classes(), rowLine);
                    ok &= label >= 0;
                } else if (role >= 0) {
                    target[role] = number(rowLine);
                    ok &= !Double.isNaN(target[role]);
                } else {
                    row[values] = number(rowLine);
                    ok &= !Double.isNaN(row[values++]);
                }
            }
            fields++;
            if (end != COMMA) {
                break;
            }
            end = nextField();
            lastEmpty = fieldLen == 0;
        }
        if (fields != columns.count()) {
            String besides = expect.inputsOnly() && columns.ignored() == 0 ? "" : columns.leading() + " and ";
            errors.at(rowLine, 1, "expected " + columns.count() + " fields (" + besides + expect.size() + " values), found "
                    + fields + (fields == columns.count() + 1 && lastEmpty
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

    private int label(int classes, long rowLine) {
        long v = wholeNumber();
        if (v == Long.MIN_VALUE || v < 0 || v > Integer.MAX_VALUE || (classes > 0 && v >= ClassTargets.count(classes))) {
            errors.at(rowLine, fieldColumn, (classes > 0 ? "expected " + ClassTargets.expected(classes)
                    : "expected a class label (a whole number from 0)")
                    + ", found \"" + io.nnpipe.config.Messages.clip(text()) + "\"");
            return -1;
        }
        return (int) v;
    }

    /**
     * The current field as a whole number, also when written as a decimal ({@code 3.0},
     * {@code 3.000000000000000000e+00}: numpy's {@code savetxt} and pandas write labels so), or
     * Long.MIN_VALUE if it is not one.
     */
    private long wholeNumber() {
        long v = integer();
        if (v != Long.MIN_VALUE || fieldTooLong) {
            return v;
        }
        String t = text();
        if (isDecimal(t)) {
            double d = Double.parseDouble(t);
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (long) d;
            }
        }
        return Long.MIN_VALUE;
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
                + "\"" + (fieldTooLong ? " (longer than " + MAX_FIELD + " characters)"
                : t.length() > 1 && t.startsWith("\"") && t.endsWith("\"") ? " (numbers are written without quotes)" : ""));
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
    static boolean isDecimal(String t) {
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
            if ((c & 0xC0) != 0x80) { // columns count characters: UTF-8 continuation bytes start none
                column++;
            }
            bareCr |= afterCr && c != '\n';
            afterCr = c == '\r';
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
