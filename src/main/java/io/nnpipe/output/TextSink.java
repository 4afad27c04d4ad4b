package io.nnpipe.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Text produced in pieces and written a chunk at a time, so that a large file (a snapshot or a
 * checkpoint of every parameter, after every epoch) is never held whole in memory: append to
 * {@link #text()}, call {@link #drainIfFull()} between pieces. Holding whole files cost a long
 * run hundreds of megabytes of touched heap (docs/performance.md, "Memory"). Not thread-safe.
 */
public final class TextSink {
    private static final int CHUNK = 1 << 15;
    private final StringBuilder b = new StringBuilder(2 * CHUNK);
    private final Writer out;
    private char[] chars = new char[2 * CHUNK];

    /** A sink draining to {@code out}; the caller closes {@code out} after {@link #drain()}. */
    public TextSink(Writer out) {
        this.out = out;
    }

    /** The pending text; append to it. */
    public StringBuilder text() {
        return b;
    }

    /** Writes the pending text out once it reaches a chunk. */
    public void drainIfFull() {
        if (b.length() >= CHUNK) {
            drain();
        }
    }

    /** Writes all pending text out. I/O errors are thrown as {@link UncheckedIOException}. */
    public void drain() {
        int n = b.length();
        if (chars.length < n) {
            chars = new char[n];
        }
        b.getChars(0, n, chars, 0);
        try {
            out.write(chars, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        b.setLength(0);
    }
}
