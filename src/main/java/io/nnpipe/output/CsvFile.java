package io.nnpipe.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A CSV file written row by row. Rows are collected and handed to the operating system only as
 * whole lines, so a process killed mid-run leaves a file that ends with a complete row (never a
 * torn one). Fields are numbers or names without commas or quotes; lines end with {@code \n}.
 */
public final class CsvFile implements Closeable {
    private static final int FLUSH_AT = 1 << 16;
    private final FileChannel channel;
    private final StringBuilder pending = new StringBuilder(FLUSH_AT + 256);
    private final int columns;

    /** Creates (or truncates) the file and writes the header line. */
    public CsvFile(Path file, String header) {
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + AtomicFiles.describe(e, file), e);
        }
        this.columns = header.split(",", -1).length;
        pending.append(header).append('\n');
        flush();
    }

    /** Opens an existing file to append rows (its header is kept). */
    private CsvFile(FileChannel channel, int columns) {
        this.channel = channel;
        this.columns = columns;
    }

    /**
     * Opens {@code file} for appending after its current last complete line: a torn last line
     * (one without its {@code \n}, left by a killed process) is cut off first.
     */
    public static CsvFile append(Path file, String header) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long end = ch.size();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                ch.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            ch.truncate(end);
            ch.position(end);
            return new CsvFile(ch, header.split(",", -1).length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    /** A new file with its header, or, when {@code append} and the file exists, that file to append to. */
    public static CsvFile open(Path file, String header, boolean append) {
        return append && Files.exists(file) ? append(file, header) : new CsvFile(file, header);
    }

    /** Starts a row; append fields with {@link Row}. */
    public Row row() {
        return new Row();
    }

    /** Hands every complete row written so far to the operating system. */
    public void flush() {
        if (pending.length() == 0) {
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8));
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write: " + e.getMessage(), e);
        }
        pending.setLength(0);
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One row being built; {@link #end()} adds it to the file. */
    public final class Row {
        private final int start = pending.length();
        private int fields;

        public Row add(String field) {
            if (fields++ > 0) {
                pending.append(',');
            }
            pending.append(field);
            return this;
        }

        public Row add(long value) {
            return add(Long.toString(value));
        }

        public Row add(double value) {
            return add(Num.format(value));
        }

        /** An empty field (e.g. a metric that does not apply). */
        public Row blank() {
            return add("");
        }

        /** Ends the row; flushes when enough rows are pending. */
        public void end() {
            if (fields != columns) {
                pending.setLength(start);
                throw new IllegalStateException("a row has " + fields + " fields, the header " + columns);
            }
            pending.append('\n');
            if (pending.length() >= FLUSH_AT) {
                flush();
            }
        }
    }
}
